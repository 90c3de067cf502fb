package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists {@link EndpointHealth} as per-minute rollups: finished minutes are written asynchronously (by default once a
 * minute, off the request path), everything including the current minute on {@link #close()}, and the last day is
 * read back by {@link #restore()} at start-up. Each process writes under its own node id, so several gateway nodes on
 * one PostgreSQL never overwrite each other's minutes; readers add the nodes up.
 */
public final class HealthRollups implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRollups.class);

    private final EndpointHealth health;
    private final HealthRollupStore store;
    private final InstantSource clock;
    private final Duration interval;
    private final String nodeId;
    private ScheduledExecutorService scheduler;

    public HealthRollups(EndpointHealth health, HealthRollupStore store, InstantSource clock, Duration interval) {
        this.health = requireNonNull(health, "health is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        // Not a routing decision, only a label that keeps this process's rows apart from other nodes'.
        byte[] id = new byte[6];
        ThreadLocalRandom.current().nextBytes(id);
        this.nodeId = HexFormat.of().formatHex(id);
    }

    public String nodeId() {
        return nodeId;
    }

    /** Loads the last day of every node's rollups into {@link EndpointHealth}; returns how many rows were read. */
    public int restore() {
        Instant from = clock.instant().minus(Duration.ofDays(1));
        try {
            List<HealthRollup> rows = store.since(from);
            health.restore(rows);
            return rows.size();
        } catch (RuntimeException e) {
            LOG.warn("endpoint health history could not be loaded; starting without it", e);
            return 0;
        }
    }

    /** Starts the periodic writer on a thread of {@code threads}. */
    public synchronized void start(ThreadFactory threads) {
        requireNonNull(threads, "threads is null");
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Writes the finished minutes not written yet; returns how many rows were written. */
    public int flush() {
        return write(false);
    }

    private int write(boolean includeCurrentMinute) {
        List<HealthRollup> rows = health.drainRollups(includeCurrentMinute);
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            store.upsert(nodeId, rows);
            return rows.size();
        } catch (RuntimeException e) {
            health.undrain(rows);
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("endpoint health rollups not written; retrying at the next interval", e);
        }
    }

    /** Stops the writer and writes everything, the current minute included. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            write(true);
        } catch (RuntimeException e) {
            LOG.warn("endpoint health rollups not written at shutdown", e);
        }
    }
}
