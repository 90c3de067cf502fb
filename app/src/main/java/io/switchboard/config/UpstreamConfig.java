package io.switchboard.config;

/**
 * Timeouts and pool limits for calls to providers. Timeouts are defaults; {@code providers.<slug>} may override them.
 *
 * @param firstByteTimeoutMs time allowed until the provider's response headers arrive; gates fallback
 * @param idleTimeoutMs longest silence allowed between two chunks of a stream
 * @param totalTimeoutMs cap on a whole upstream exchange
 * @param maxConcurrentPerProvider attempts in flight per provider (bulkhead); a request finding it full tries its next
 *     endpoint
 * @param maxConcurrentWaitMs how long a request waits for a free slot at a full provider before moving on
 */
public record UpstreamConfig(
        long connectTimeoutMs,
        long firstByteTimeoutMs,
        long idleTimeoutMs,
        long totalTimeoutMs,
        int maxConnectionsPerProvider,
        int maxQueuedPerProvider,
        int maxConcurrentPerProvider,
        long maxConcurrentWaitMs) {
    public static final int DEFAULT_MAX_CONCURRENT_PER_PROVIDER = 256;
    public static final long DEFAULT_MAX_CONCURRENT_WAIT_MS = 50;

    public UpstreamConfig {
        positive(connectTimeoutMs, "upstream.connect_timeout_ms");
        positive(firstByteTimeoutMs, "upstream.first_byte_timeout_ms");
        positive(idleTimeoutMs, "upstream.idle_timeout_ms");
        positive(totalTimeoutMs, "upstream.total_timeout_ms");
        positive(maxConnectionsPerProvider, "upstream.max_connections_per_provider");
        positive(maxQueuedPerProvider, "upstream.max_queued_per_provider");
        positive(maxConcurrentPerProvider, "upstream.max_concurrent_per_provider");
        if (maxConcurrentWaitMs < 0) {
            throw new IllegalArgumentException(
                    "upstream.max_concurrent_wait_ms must not be negative: " + maxConcurrentWaitMs);
        }
    }

    /** The settings without the bulkhead, which takes its defaults. */
    public UpstreamConfig(
            long connectTimeoutMs,
            long firstByteTimeoutMs,
            long idleTimeoutMs,
            long totalTimeoutMs,
            int maxConnectionsPerProvider,
            int maxQueuedPerProvider) {
        this(
                connectTimeoutMs,
                firstByteTimeoutMs,
                idleTimeoutMs,
                totalTimeoutMs,
                maxConnectionsPerProvider,
                maxQueuedPerProvider,
                DEFAULT_MAX_CONCURRENT_PER_PROVIDER,
                DEFAULT_MAX_CONCURRENT_WAIT_MS);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig(5_000, 60_000, 120_000, 600_000, 512, 4096);
    }

    public UpstreamConfig withMaxConcurrentPerProvider(int max, long waitMs) {
        return new UpstreamConfig(
                connectTimeoutMs,
                firstByteTimeoutMs,
                idleTimeoutMs,
                totalTimeoutMs,
                maxConnectionsPerProvider,
                maxQueuedPerProvider,
                max,
                waitMs);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
