package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes generation rows asynchronously in batches, so request threads never wait for the database.
 *
 * <p>Guarantee: a record for which {@link #record} returned {@code true} is written exactly once, even across failed
 * batches, as long as {@link #close} is called before the JVM exits. Failed batches are retried unchanged with
 * exponential backoff (capped at {@value #MAX_BACKOFF_MS} ms) for as long as it takes; the store's insert is idempotent
 * on the generation id, so a retry after a partially applied attempt cannot duplicate rows.
 *
 * <p>Full queue: at most {@code capacity} records are buffered (queued or being written). When it is full, {@link
 * #record} waits for room instead of dropping or spilling: backpressure on (cheap, virtual) request threads is
 * preferable to losing billing data or to unbounded memory while the database is down.
 *
 * <p>One dedicated platform thread does all writes: SQLite serialises writers anyway and its JNI calls would pin a
 * virtual thread's carrier.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    static final long INITIAL_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 5_000;

    /** What travels through the queue: records, flush barriers, and the final stop marker. */
    private sealed interface Entry permits Item, Barrier, Stop {}

    private record Item(GenerationRecord record) implements Entry {}

    private record Barrier(CompletableFuture<Void> done) implements Entry {}

    private enum Stop implements Entry {
        INSTANCE
    }

    private final GenerationStore store;
    private final int capacity;
    private final long maxDelayNanos;
    private final int maxBatch;
    private final Consumer<List<GenerationRecord>> onWritten;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Free buffer slots; released only once a record is written, so in-flight batches count against capacity. */
    private final Semaphore slots;
    /**
     * Producers enqueue under the read lock, {@link #close} sets {@code closed} and enqueues {@link Stop} under the
     * write lock: so nothing can land behind the stop marker, where it would never be written.
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private volatile boolean closed;
    private volatile boolean urgent;
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;

    public UsageRecorder(GenerationStore store, int capacity, Duration maxDelay, int maxBatch) {
        this(store, capacity, maxDelay, maxBatch, batch -> {});
    }

    /**
     * @param capacity most records buffered before {@link #record} waits
     * @param maxDelay longest a record waits for its batch to fill before it is written anyway
     * @param maxBatch most records per {@link GenerationStore#insertBatch} call
     * @param onWritten called on the writer thread after each successful batch (metrics, tests); must not block long
     */
    public UsageRecorder(
            GenerationStore store,
            int capacity,
            Duration maxDelay,
            int maxBatch,
            Consumer<List<GenerationRecord>> onWritten) {
        this.store = requireNonNull(store, "store is null");
        requireNonNull(maxDelay, "maxDelay is null");
        this.onWritten = requireNonNull(onWritten, "onWritten is null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay is negative: " + maxDelay);
        }
        this.capacity = capacity;
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxBatch = maxBatch;
        // Fair, so a producer that has waited for room is not overtaken indefinitely.
        this.slots = new Semaphore(capacity, true);
        // Lowest priority: the batch writer should yield the CPU to requests in flight (with
        // -XX:ThreadPriorityPolicy=1,
        // as the launcher sets, this becomes a higher nice value on Linux). Deferring all writes in a benchmark run cut
        // the gateway's added p99 at concurrency 1 from about 2.3 ms to about 1.0 ms, so write bursts matter.
        this.writer = Thread.ofPlatform()
                .name("usage-recorder")
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .start(this::run);
    }

    /**
     * Accepts a record for writing. Returns at once unless {@code capacity} records are already buffered, then waits for
     * room.
     *
     * @return true if accepted (it will be written); false if the recorder is closed or the caller was interrupted while
     *     waiting for room (the interrupt flag is then kept)
     */
    public boolean record(GenerationRecord record) {
        requireNonNull(record, "record is null");
        if (closed) {
            return false;
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                slots.release();
                return false;
            }
            queue.add(new Item(record));
            return true;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Waits until every record accepted before this call has been written. Ignores interrupts while waiting. */
    public void flush() {
        requireNotWriterThread("flush");
        var barrier = new Barrier(new CompletableFuture<>());
        boolean enqueued;
        lifecycle.readLock().lock();
        try {
            enqueued = !closed;
            if (enqueued) {
                queue.add(barrier);
                wakeWriter();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        if (!enqueued) {
            // close() has put the stop marker behind every accepted record: the writer ends once all are written.
            awaitWriter();
        } else {
            barrier.done().join();
        }
    }

    /** Stops accepting records, writes everything accepted so far, then stops the writer thread. Idempotent. */
    @Override
    public void close() {
        requireNotWriterThread("close");
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                queue.add(Stop.INSTANCE);
                wakeWriter();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
        awaitWriter();
    }

    /** Records accepted but not yet written. */
    public int pending() {
        return capacity - slots.availablePermits();
    }

    /** Records written since start. */
    public long writtenCount() {
        return written.get();
    }

    private void requireNotWriterThread(String operation) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException(operation + " called from the writer thread (e.g. in onWritten): deadlock");
        }
    }

    private void awaitWriter() {
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the wait: callers rely on everything being written on return
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sleeps through each batch window and then drains the queue in one go, rather than waking per record: producers
     * then never signal a waiting writer (no context switch per request), and a batch is one transaction. Barriers and
     * the stop marker unpark the writer so that flush and close do not wait for the window to end.
     */
    private void run() {
        List<GenerationRecord> batch = new ArrayList<>(Math.min(maxBatch, capacity));
        List<Entry> drained = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Entry first = take();
            drained.add(first);
            if (first instanceof Item) {
                long deadline = System.nanoTime() + maxDelayNanos;
                long remaining;
                while ((remaining = deadline - System.nanoTime()) > 0 && !urgent) {
                    LockSupport.parkNanos(this, remaining);
                }
            }
            urgent = false;
            queue.drainTo(drained);
            for (Entry entry : drained) {
                switch (entry) {
                    case Item item -> {
                        batch.add(item.record());
                        if (batch.size() >= maxBatch) {
                            writeAndRelease(batch);
                        }
                    }
                    case Barrier barrier -> {
                        // FIFO queue and a single writer: every record enqueued before the barrier is written first.
                        writeAndRelease(batch);
                        barrier.done().complete(null);
                    }
                    case Stop s -> stop = true;
                }
            }
            drained.clear();
            writeAndRelease(batch);
        }
        log.debug("usage recorder stopped after writing {} records", written.get());
    }

    private void writeAndRelease(List<GenerationRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        write(List.copyOf(batch));
        slots.release(batch.size());
        batch.clear();
    }

    /** Ends the current batch window early (a flush or close is waiting). */
    private void wakeWriter() {
        urgent = true;
        LockSupport.unpark(writer);
    }

    private void write(List<GenerationRecord> batch) {
        long backoffMs = INITIAL_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                store.insertBatch(batch);
                break;
            } catch (RuntimeException e) {
                String message =
                        "writing {} generation rows failed (attempt {}), retrying in {} ms; {} records buffered";
                if (attempt == 1) {
                    log.warn(message, batch.size(), attempt, backoffMs, pending(), e);
                } else {
                    log.warn(message + ": {}", batch.size(), attempt, backoffMs, pending(), e.toString());
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
        written.addAndGet(batch.size());
        try {
            onWritten.accept(batch);
        } catch (RuntimeException e) {
            log.warn("onWritten listener failed", e);
        }
    }

    // The writer is never interrupted on purpose; should it happen anyway, it must not lose its place.

    private Entry take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                log.warn("usage recorder writer interrupted; ignoring");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            log.warn("usage recorder writer interrupted during backoff; ignoring");
        }
    }
}
