package io.switchboard.server;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.GenerationLog;
import io.switchboard.accounting.LedgerStore;
import io.switchboard.accounting.RateLimiter;
import io.switchboard.api.AccountHandlers;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Authentication;
import io.switchboard.api.ByokHandlers;
import io.switchboard.api.CatalogHandlers;
import io.switchboard.api.ChatCompletionsHandler;
import io.switchboard.api.KeysHandlers;
import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.CatalogLoader;
import io.switchboard.catalog.WireFormat;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.identity.IdentityService;
import io.switchboard.identity.PasswordHasher;
import io.switchboard.identity.SessionService;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.Crypto;
import io.switchboard.keys.KeyService;
import io.switchboard.providers.ProviderAdapter;
import io.switchboard.providers.ProviderCredentials;
import io.switchboard.providers.anthropic.AnthropicAdapter;
import io.switchboard.providers.gemini.GeminiAdapter;
import io.switchboard.providers.http.UpstreamHttp;
import io.switchboard.providers.media.MediaFetcher;
import io.switchboard.providers.media.MediaSettings;
import io.switchboard.providers.openai.OpenAiAdapter;
import io.switchboard.routing.AutoRouter;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.HealthPolicy;
import io.switchboard.routing.HealthRollups;
import io.switchboard.routing.ProviderLimits;
import io.switchboard.routing.Router;
import io.switchboard.routing.StickyRoutes;
import io.switchboard.storage.Database;
import io.switchboard.storage.DatabaseSettings;
import io.switchboard.web.WebApp;
import io.switchboard.web.WebServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every object of the gateway from the configuration, starts Jetty, and closes it all
 * in the right order (stop accepting, finish requests, flush usage, close the database).
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);
    static final String KEY_RPM_ENV = "SWITCHBOARD_KEY_REQUESTS_PER_MINUTE";

    private final SwitchboardConfig config;
    private final Database database;
    private final GenerationLog generations;
    private final UpstreamHttp upstreamHttp;
    private final Server jetty;
    private final KeyService keys;
    private final AccountService accounts;
    private final ByokService byok;
    private final IdentityService identities;
    private final AtomicReference<Catalog> catalog;
    private final ServerConnector connector;
    private final EndpointHealth health;
    private final HealthRollups healthRollups;

    private SwitchboardServer(SwitchboardConfig config, Map<String, String> environment, Clock clock) throws Exception {
        this.config = requireNonNull(config, "config is null");
        long started = System.nanoTime();
        this.database = Database.open(databaseSettings(config));
        this.catalog = new AtomicReference<>(CatalogAssembler.assemble(CatalogLoader.loadBundled(), config));
        this.keys = new KeyService(database.keyStore(), clock);
        this.accounts = new AccountService(database.ledgerStore(), clock);
        this.byok = new ByokService(database.byokStore(), masterKey(environment), clock);
        this.identities = new IdentityService(database.identityStore(), new PasswordHasher(), clock);
        RateLimiter rateLimiter = rateLimiter(environment, clock);
        this.generations = new GenerationLog(
                database.generationStore(),
                config.usage().queueCapacity(),
                Duration.ofMillis(config.usage().flushIntervalMs()),
                config.usage().maxBatch(),
                BackgroundThreads.idle("usage-recorder"));
        this.upstreamHttp = new UpstreamHttp(
                Duration.ofMillis(config.upstream().connectTimeoutMs()),
                Duration.ofMillis(config.upstream().idleTimeoutMs()),
                config.upstream().maxConnectionsPerProvider(),
                config.upstream().maxQueuedPerProvider());
        Map<WireFormat, ProviderAdapter> adapters = new HashMap<>();
        adapters.put(WireFormat.OPENAI, new OpenAiAdapter(upstreamHttp));
        adapters.put(WireFormat.ANTHROPIC, new AnthropicAdapter(upstreamHttp));
        adapters.put(WireFormat.GEMINI, new GeminiAdapter(upstreamHttp, new MediaFetcher(upstreamHttp, media(config))));
        Map<String, String> configuredKeys = new HashMap<>();
        config.providers().forEach((slug, provider) -> {
            if (provider.apiKey() != null) {
                configuredKeys.put(slug, provider.apiKey());
            }
        });
        ProviderCredentials credentials = new ProviderCredentials(configuredKeys, environment, simulated(config));
        this.health = new EndpointHealth(
                clock,
                HealthPolicy.DEFAULT.withUptimeMinRequests(config.routing().uptimeMinRequests()));
        this.healthRollups = new HealthRollups(
                health,
                database.healthRollupStore(),
                clock,
                Duration.ofMillis(config.routing().healthFlushIntervalMs()));
        int restored = healthRollups.restore();
        healthRollups.start(BackgroundThreads.idle("health-rollups"));
        LOG.debug("restored {} endpoint health rollups", restored);
        Router routing = new Router(
                catalog::get,
                health,
                new StickyRoutes(clock, Duration.ofMillis(config.routing().stickyTtlMs())),
                null);

        ApiRouter router = new ApiRouter();
        Authentication authentication = new Authentication(keys);
        router.add(
                "GET",
                "/health",
                exchange -> exchange.sendJson(
                        200, "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        router.add(
                "POST",
                "/api/v1/chat/completions",
                authentication.require(new ChatCompletionsHandler(
                        catalog::get,
                        routing,
                        adapters,
                        credentials,
                        accounts,
                        byok,
                        rateLimiter,
                        generations,
                        config.server(),
                        config.upstream(),
                        clock,
                        new AutoRouter(catalog::get, config.routing().autoRouterModels()),
                        providerLimits(config))));
        new CatalogHandlers(catalog::get, health).register(router);
        new AccountHandlers(accounts, generations, database.generationStore(), keys, clock)
                .register(router, authentication);
        new KeysHandlers(keys, accounts, clock).register(router, authentication);
        new ByokHandlers(byok, catalog::get).register(router, authentication);
        // Pages last: their /{author}/{slug} routes would otherwise shadow the API's own paths.
        new WebApp(new WebServices(
                        catalog::get,
                        health,
                        database.healthRollupStore(),
                        database.generationStore(),
                        keys,
                        accounts,
                        byok,
                        config.server(),
                        clock,
                        identities,
                        new SessionService(database.identityStore(), clock)))
                .register(router);

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.server().host());
        connector.setPort(config.server().port());
        connector.setIdleTimeout(Math.max(60_000, config.server().keepaliveIntervalMs() * 4));
        jetty.addConnector(connector);
        jetty.setHandler(new FallbackHandler(router));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(10_000);
        jetty.start();
        LOG.info(
                "Switchboard listening on {} ({} models, {} providers, database {}) in {} ms",
                baseUrl(),
                catalog.get().models().size(),
                catalog.get().providers().size(),
                database.settings(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The BYOK master key from {@code SWITCHBOARD_MASTER_KEY}; without one BYOK keys can be neither stored nor used. */
    private static Crypto masterKey(Map<String, String> environment) {
        Optional<Crypto> crypto;
        try {
            crypto = Crypto.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + Crypto.MASTER_KEY_ENV + ": " + e.getMessage(), e);
        }
        if (crypto.isEmpty()) {
            LOG.warn(
                    "BYOK is disabled: {} is not set, so users' provider keys can be neither stored nor used",
                    Crypto.MASTER_KEY_ENV);
            return null;
        }
        LOG.info(
                "BYOK keys are encrypted with AES-256-GCM under master key id {}",
                crypto.get().keyId());
        return crypto.get();
    }

    /**
     * Per-key requests per minute default from {@code SWITCHBOARD_KEY_REQUESTS_PER_MINUTE} (0 or unset: no default
     * limit); free-model daily counts of today from the generation rows, so the daily cap survives restarts.
     */
    private RateLimiter rateLimiter(Map<String, String> environment, Clock clock) {
        String configured = environment.get(KEY_RPM_ENV);
        int perMinute;
        try {
            perMinute = configured == null || configured.isBlank() ? 0 : Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY_RPM_ENV + " must be an integer: " + configured, e);
        }
        Instant today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Map<String, Long> freeToday = new HashMap<>();
        Catalog snapshot = catalog.get();
        for (LedgerStore.ModelRequests requests : database.ledgerStore().requestsSince(today)) {
            boolean free = requests.model().endsWith(":free")
                    || snapshot.model(requests.model())
                            .map(model -> model.pricing().isFree())
                            .orElse(false);
            if (free) {
                freeToday.merge(requests.userId(), requests.requests(), Long::sum);
            }
        }
        return new RateLimiter(clock, perMinute, freeToday);
    }

    public static SwitchboardServer start(SwitchboardConfig config, Map<String, String> environment, Clock clock)
            throws Exception {
        return new SwitchboardServer(config, environment, clock);
    }

    static DatabaseSettings databaseSettings(SwitchboardConfig config) {
        if (config.database().embedded()) {
            return DatabaseSettings.sqlite(Path.of(config.dataDir()));
        }
        return new DatabaseSettings(
                config.database().url(),
                config.database().username(),
                config.database().password(),
                config.database().maxPoolSize());
    }

    private static MediaSettings media(SwitchboardConfig config) {
        return new MediaSettings(
                config.media().allowHttp(),
                config.media().allowPrivateNetworks(),
                config.media().maxBytes(),
                Duration.ofMillis(config.media().timeoutMs()),
                config.media().maxRedirects());
    }

    /** Timeouts and bulkheads: {@code upstream.*} defaults, overridden per provider by {@code providers.<slug>.*}. */
    static ProviderLimits providerLimits(SwitchboardConfig config) {
        ProviderLimits.Timeouts defaults = new ProviderLimits.Timeouts(
                Duration.ofMillis(config.upstream().firstByteTimeoutMs()),
                Duration.ofMillis(config.upstream().idleTimeoutMs()),
                Duration.ofMillis(config.upstream().totalTimeoutMs()));
        Map<String, ProviderLimits.Timeouts> timeouts = new HashMap<>();
        Map<String, Integer> maxConcurrent = new HashMap<>();
        config.providers().forEach((slug, provider) -> {
            if (provider.firstByteTimeoutMs() != null
                    || provider.idleTimeoutMs() != null
                    || provider.totalTimeoutMs() != null) {
                timeouts.put(
                        slug,
                        new ProviderLimits.Timeouts(
                                orDefault(provider.firstByteTimeoutMs(), defaults.firstByte()),
                                orDefault(provider.idleTimeoutMs(), defaults.idle()),
                                orDefault(provider.totalTimeoutMs(), defaults.total())));
            }
            if (provider.maxConcurrent() != null) {
                maxConcurrent.put(slug, provider.maxConcurrent());
            }
        });
        return new ProviderLimits(
                defaults,
                timeouts,
                config.upstream().maxConcurrentPerProvider(),
                maxConcurrent,
                Duration.ofMillis(config.upstream().maxConcurrentWaitMs()));
    }

    private static Duration orDefault(Long millis, Duration fallback) {
        return millis == null ? fallback : Duration.ofMillis(millis);
    }

    private static boolean simulated(SwitchboardConfig config) {
        return config.upstreamOverride() != null && !config.upstreamOverride().isBlank();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        String host = config.server().host().equals("0.0.0.0")
                ? "localhost"
                : config.server().host();
        return "http://" + host + ":" + port();
    }

    public KeyService keys() {
        return keys;
    }

    public AccountService accounts() {
        return accounts;
    }

    public ByokService byok() {
        return byok;
    }

    /** Users who sign in to the web app. */
    public IdentityService identities() {
        return identities;
    }

    public Catalog catalog() {
        return catalog.get();
    }

    public Database database() {
        return database;
    }

    /** Live endpoint statistics (uptime, latency, throughput) fed by every attempt. */
    public EndpointHealth endpointHealth() {
        return health;
    }

    /** Writes the finished minutes of endpoint health to the database now; returns the rows written. */
    public int flushHealth() {
        return healthRollups.flush();
    }

    /** Waits until every generation recorded so far is in the database. */
    public void flushUsage() {
        generations.flush();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly", e);
        }
        generations.close();
        healthRollups.close();
        upstreamHttp.close();
        database.close();
        LOG.info("Switchboard stopped; usage flushed");
    }
}
