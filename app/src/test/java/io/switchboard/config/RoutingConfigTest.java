package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing keys of the configuration: auto-router pool, health, bulkheads and per-provider timeouts. */
class RoutingConfigTest {
    @Test
    void defaults() {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.routing()).isEqualTo(RoutingConfig.defaults());
        assertThat(config.routing().autoRouterModels()).isEmpty();
        assertThat(config.upstream().maxConcurrentPerProvider())
                .isEqualTo(UpstreamConfig.DEFAULT_MAX_CONCURRENT_PER_PROVIDER);
        assertThat(config.upstream().maxConcurrentWaitMs()).isEqualTo(UpstreamConfig.DEFAULT_MAX_CONCURRENT_WAIT_MS);
    }

    @Test
    void yamlSetsTheRoutingKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, """
                upstream:
                  max_concurrent_per_provider: 64
                  max_concurrent_wait_ms: 0
                providers:
                  groq:
                    first_byte_timeout_ms: 2000
                    idle_timeout_ms: 5000
                    max_concurrent: 8
                routing:
                  auto_router_models: [openai/gpt-5-mini, anthropic/claude-sonnet-4.5]
                  health_flush_interval_ms: 30000
                  uptime_min_requests: 20
                  sticky_ttl_ms: 60000
                """);
        SwitchboardConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.upstream().maxConcurrentPerProvider()).isEqualTo(64);
        assertThat(config.upstream().maxConcurrentWaitMs()).isZero();
        ProviderConfig groq = config.providers().get("groq");
        assertThat(groq.firstByteTimeoutMs()).isEqualTo(2000);
        assertThat(groq.idleTimeoutMs()).isEqualTo(5000);
        assertThat(groq.totalTimeoutMs()).isNull();
        assertThat(groq.maxConcurrent()).isEqualTo(8);
        assertThat(config.routing())
                .isEqualTo(new RoutingConfig(
                        java.util.List.of("openai/gpt-5-mini", "anthropic/claude-sonnet-4.5"), 30_000, 20, 60_000));
    }

    @Test
    void environmentOverridesThemToo() {
        SwitchboardConfig config = ConfigLoader.load(
                null,
                Map.of(
                        "SWITCHBOARD_ROUTING_UPTIME_MIN_REQUESTS", "50",
                        "SWITCHBOARD_UPSTREAM_MAX_CONCURRENT_PER_PROVIDER", "16",
                        "SWITCHBOARD_PROVIDERS_GROQ_FIRST_BYTE_TIMEOUT_MS", "1500",
                        "SWITCHBOARD_PROVIDERS_GOOGLE_AI_STUDIO_MAX_CONCURRENT", "4"));
        assertThat(config.routing().uptimeMinRequests()).isEqualTo(50);
        assertThat(config.upstream().maxConcurrentPerProvider()).isEqualTo(16);
        assertThat(config.providers().get("groq").firstByteTimeoutMs()).isEqualTo(1500);
        assertThat(config.providers().get("google-ai-studio").maxConcurrent()).isEqualTo(4);
    }

    @Test
    void badValuesNameTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "routing:\n  uptime_min_requests: 0\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageContaining("routing.uptime_min_requests");
        Files.writeString(file, "providers:\n  groq:\n    idle_timeout_ms: -5\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageContaining("idle_timeout_ms");
    }
}
