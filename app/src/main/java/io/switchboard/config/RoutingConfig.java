package io.switchboard.config;

import java.util.List;

/**
 * Provider routing settings.
 *
 * @param autoRouterModels the auto router's pool ({@code openrouter/auto}); empty = the built-in pool of catalog models
 * @param healthFlushIntervalMs how often finished minutes of endpoint health are written to the database
 * @param uptimeMinRequests requests a window needs before the endpoints API publishes its uptime (else null)
 * @param stickyTtlMs how long a conversation stays on the endpoint that served it last without a new request
 */
public record RoutingConfig(
        List<String> autoRouterModels, long healthFlushIntervalMs, int uptimeMinRequests, long stickyTtlMs) {
    public RoutingConfig {
        autoRouterModels = autoRouterModels == null ? List.of() : List.copyOf(autoRouterModels);
        if (healthFlushIntervalMs <= 0) {
            throw new IllegalArgumentException(
                    "routing.health_flush_interval_ms must be positive: " + healthFlushIntervalMs);
        }
        if (uptimeMinRequests <= 0) {
            throw new IllegalArgumentException("routing.uptime_min_requests must be positive: " + uptimeMinRequests);
        }
        if (stickyTtlMs <= 0) {
            throw new IllegalArgumentException("routing.sticky_ttl_ms must be positive: " + stickyTtlMs);
        }
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(List.of(), 60_000, 5, 600_000);
    }

    public RoutingConfig withAutoRouterModels(List<String> models) {
        return new RoutingConfig(models, healthFlushIntervalMs, uptimeMinRequests, stickyTtlMs);
    }

    public RoutingConfig withUptimeMinRequests(int minimum) {
        return new RoutingConfig(autoRouterModels, healthFlushIntervalMs, minimum, stickyTtlMs);
    }
}
