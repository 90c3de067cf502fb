package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-provider timeouts and bulkheads. A bulkhead is a semaphore per provider: at most {@code maxConcurrent}
 * attempts in flight, at most as many waiting, each for at most {@code maxWait}; a request that finds the provider
 * full moves on to its next candidate, so one slow provider cannot take every thread and connection.
 */
public final class ProviderLimits {
    private final Timeouts defaultTimeouts;
    private final Map<String, Timeouts> timeouts;
    private final int defaultMaxConcurrent;
    private final Map<String, Integer> maxConcurrent;
    private final Duration maxWait;
    private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

    /**
     * Timeouts of one attempt.
     *
     * @param firstByte until the response headers (a non-streaming answer: until the whole answer)
     * @param idle longest silence between two chunks of a stream
     * @param total cap on the whole exchange
     */
    public record Timeouts(Duration firstByte, Duration idle, Duration total) {
        public Timeouts {
            requireNonNull(firstByte, "firstByte is null");
            requireNonNull(idle, "idle is null");
            requireNonNull(total, "total is null");
        }
    }

    /**
     * @param timeouts per provider slug; missing slugs use {@code defaultTimeouts}
     * @param maxConcurrent per provider slug; missing slugs use {@code defaultMaxConcurrent}
     * @param maxWait how long a request waits for a free slot before moving on
     */
    public ProviderLimits(
            Timeouts defaultTimeouts,
            Map<String, Timeouts> timeouts,
            int defaultMaxConcurrent,
            Map<String, Integer> maxConcurrent,
            Duration maxWait) {
        this.defaultTimeouts = requireNonNull(defaultTimeouts, "defaultTimeouts is null");
        this.timeouts = Map.copyOf(timeouts);
        if (defaultMaxConcurrent < 1) {
            throw new IllegalArgumentException("defaultMaxConcurrent must be positive: " + defaultMaxConcurrent);
        }
        this.defaultMaxConcurrent = defaultMaxConcurrent;
        this.maxConcurrent = Map.copyOf(maxConcurrent);
        this.maxWait = requireNonNull(maxWait, "maxWait is null");
    }

    public Timeouts timeouts(String providerSlug) {
        return timeouts.getOrDefault(providerSlug, defaultTimeouts);
    }

    public int maxConcurrent(String providerSlug) {
        return maxConcurrent.getOrDefault(providerSlug, defaultMaxConcurrent);
    }

    /** Attempts in flight at a provider. */
    public int inFlight(String providerSlug) {
        Bulkhead bulkhead = bulkheads.get(providerSlug);
        return bulkhead == null ? 0 : bulkhead.limit - bulkhead.permits.availablePermits();
    }

    /** A slot at the provider, or empty when it stays full for {@code maxWait} (or too many already wait). */
    public Optional<Permit> tryAcquire(String providerSlug) {
        Bulkhead bulkhead = bulkheads.computeIfAbsent(providerSlug, slug -> new Bulkhead(maxConcurrent(slug)));
        if (bulkhead.permits.tryAcquire()) {
            return Optional.of(new Permit(bulkhead.permits));
        }
        if (maxWait.isZero()) {
            return Optional.empty();
        }
        if (bulkhead.waiting.incrementAndGet() > bulkhead.limit) {
            bulkhead.waiting.decrementAndGet();
            return Optional.empty();
        }
        try {
            if (bulkhead.permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.of(new Permit(bulkhead.permits));
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            bulkhead.waiting.decrementAndGet();
        }
    }

    /** One slot at a provider; closing it (once, idempotently) frees the slot. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    private static final class Bulkhead {
        final int limit;
        final Semaphore permits;
        final AtomicInteger waiting = new AtomicInteger();

        Bulkhead(int limit) {
            this.limit = limit;
            this.permits = new Semaphore(limit);
        }
    }
}
