package io.switchboard.config;

/**
 * Timeouts and pool limits for calls to providers.
 *
 * @param firstByteTimeoutMs time allowed until the provider's response headers arrive; gates fallback
 * @param idleTimeoutMs longest silence allowed between two chunks of a stream
 * @param totalTimeoutMs cap on a whole upstream exchange
 */
public record UpstreamConfig(
        long connectTimeoutMs,
        long firstByteTimeoutMs,
        long idleTimeoutMs,
        long totalTimeoutMs,
        int maxConnectionsPerProvider,
        int maxQueuedPerProvider) {
    public UpstreamConfig {
        positive(connectTimeoutMs, "upstream.connect_timeout_ms");
        positive(firstByteTimeoutMs, "upstream.first_byte_timeout_ms");
        positive(idleTimeoutMs, "upstream.idle_timeout_ms");
        positive(totalTimeoutMs, "upstream.total_timeout_ms");
        positive(maxConnectionsPerProvider, "upstream.max_connections_per_provider");
        positive(maxQueuedPerProvider, "upstream.max_queued_per_provider");
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig(5_000, 60_000, 120_000, 600_000, 512, 4096);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
