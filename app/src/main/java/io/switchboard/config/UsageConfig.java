package io.switchboard.config;

/**
 * The asynchronous usage writer.
 *
 * @param flushIntervalMs longest a generation waits before its batch is written; short, so that each write burst is
 *     short too and never holds a core for long while requests wait
 * @param maxBatch most generations written in one transaction
 * @param queueCapacity generations buffered before requests wait for the writer (none is ever dropped)
 */
public record UsageConfig(long flushIntervalMs, int maxBatch, int queueCapacity) {
    public UsageConfig {
        if (flushIntervalMs <= 0 || maxBatch <= 0 || queueCapacity <= 0) {
            throw new IllegalArgumentException(
                    "usage.flush_interval_ms, usage.max_batch and usage.queue_capacity must be positive");
        }
    }

    public static UsageConfig defaults() {
        return new UsageConfig(50, 500, 65_536);
    }
}
