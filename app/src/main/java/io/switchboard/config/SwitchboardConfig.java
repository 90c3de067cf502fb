package io.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration. Every value has a default, so no file is needed; YAML keys are the snake_case of the
 * component names and every scalar can be overridden by an environment variable (see {@link ConfigLoader}).
 *
 * @param upstreamOverride when set, every provider's base URL is replaced by it (used by {@code --demo} and benchmarks)
 * @param providers per provider slug: overrides of the bundled provider, or new providers
 * @param models models added to the bundled catalog
 * @param routing provider routing, health statistics and the auto router
 * @param media fetching media by URL on a provider's behalf
 */
public record SwitchboardConfig(
        ServerConfig server,
        String dataDir,
        DatabaseConfig database,
        UpstreamConfig upstream,
        UsageConfig usage,
        String upstreamOverride,
        Map<String, ProviderConfig> providers,
        List<ModelConfig> models,
        RoutingConfig routing,
        MediaConfig media) {
    public SwitchboardConfig {
        requireNonNull(server, "server is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(database, "database is null");
        requireNonNull(upstream, "upstream is null");
        usage = usage == null ? UsageConfig.defaults() : usage;
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        models = models == null ? List.of() : List.copyOf(models);
        routing = routing == null ? RoutingConfig.defaults() : routing;
        media = media == null ? MediaConfig.defaults() : media;
    }

    public static SwitchboardConfig defaults() {
        return new SwitchboardConfig(
                ServerConfig.defaults(),
                "./data",
                DatabaseConfig.defaults(),
                UpstreamConfig.defaults(),
                UsageConfig.defaults(),
                null,
                Map.of(),
                List.of(),
                RoutingConfig.defaults(),
                MediaConfig.defaults());
    }

    public SwitchboardConfig withServer(ServerConfig newServer) {
        return new SwitchboardConfig(
                newServer, dataDir, database, upstream, usage, upstreamOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withDataDir(String newDataDir) {
        return new SwitchboardConfig(
                server, newDataDir, database, upstream, usage, upstreamOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withUpstreamOverride(String newOverride) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, usage, newOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withDatabase(DatabaseConfig newDatabase) {
        return new SwitchboardConfig(
                server, dataDir, newDatabase, upstream, usage, upstreamOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withUsage(UsageConfig newUsage) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, newUsage, upstreamOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withUpstream(UpstreamConfig newUpstream) {
        return new SwitchboardConfig(
                server, dataDir, database, newUpstream, usage, upstreamOverride, providers, models, routing, media);
    }

    public SwitchboardConfig withRouting(RoutingConfig newRouting) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, usage, upstreamOverride, providers, models, newRouting, media);
    }

    public SwitchboardConfig withProviders(Map<String, ProviderConfig> newProviders) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, usage, upstreamOverride, newProviders, models, routing, media);
    }

    public SwitchboardConfig withModels(List<ModelConfig> newModels) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, usage, upstreamOverride, providers, newModels, routing, media);
    }

    public SwitchboardConfig withMedia(MediaConfig newMedia) {
        return new SwitchboardConfig(
                server, dataDir, database, upstream, usage, upstreamOverride, providers, models, routing, newMedia);
    }
}
