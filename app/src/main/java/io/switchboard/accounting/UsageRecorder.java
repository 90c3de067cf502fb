package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Dedicated platform threads do all writes, one at a time: SQLite serialises writers anyway and its JNI calls would
 * pin a virtual thread's carrier. The writer does the work; the rescuer, at normal priority, takes over a batch only
 * when the writer (which the server runs at idle scheduling priority) got no CPU for a whole rescue interval.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final ThreadFactory DEFAULT_WRITER_THREADS = Thread.ofPlatform()
            .name("usage-recorder")
            .daemon(true)
            .priority(Thread.MIN_PRIORITY)
            .factory();
    static final long INITIAL_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 5_000;
    static final Duration MIN_RESCUE_INTERVAL = Duration.ofMillis(100);

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
    /**
     * Lock-free, so that a producer never waits for a lock the writer holds: the server runs the writer at idle
     * scheduling priority, and a writer preempted inside a lock would stall the request thread behind it.
     */
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    /** Free buffer slots; released only once a record is written, so in-flight batches count against capacity. */
    private final Semaphore slots;
    /**
     * Producers enqueue under the read lock, {@link #close} sets {@code closed} and enqueues {@link Stop} under the
     * write lock: so nothing can land behind the stop marker, where it would never be written.
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    /** Held while taking entries off the queue and writing them, so the writer and the rescuer never interleave. */
    private final ReentrantLock draining = new ReentrantLock();

    private volatile boolean closed;
    /** Set once the stop marker has been drained: every accepted record is written by then. */
    private volatile boolean stopped;

    private volatile boolean urgent;
    /** The writer is parked waiting for a first entry (not inside a batch window): the next producer unparks it. */
    private volatile boolean idle;
    /** Completed drains, by either thread; the rescuer steps in only when this stands still while entries wait. */
    private volatile long drains;

    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private final Thread rescuer;
    private final long rescueIntervalNanos;

    public UsageRecorder(GenerationStore store, int capacity, Duration maxDelay, int maxBatch) {
        this(store, capacity, maxDelay, maxBatch, batch -> {});
    }

    public UsageRecorder(
            GenerationStore store,
            int capacity,
            Duration maxDelay,
            int maxBatch,
            Consumer<List<GenerationRecord>> onWritten) {
        this(store, capacity, maxDelay, maxBatch, onWritten, DEFAULT_WRITER_THREADS);
    }

    /**
     * @param capacity most records buffered before {@link #record} waits
     * @param maxDelay longest a record waits for its batch to fill before it is written anyway
     * @param maxBatch most records per {@link GenerationStore#insertBatch} call
     * @param onWritten called on the writer thread after each successful batch (metrics, tests); must not block long
     * @param writerThreads makes the writer thread; the server's runs at idle scheduling priority, see {@link #rescue}
     */
    public UsageRecorder(
            GenerationStore store,
            int capacity,
            Duration maxDelay,
            int maxBatch,
            Consumer<List<GenerationRecord>> onWritten,
            ThreadFactory writerThreads) {
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
        this.rescueIntervalNanos = Math.max(MIN_RESCUE_INTERVAL.toNanos(), 2 * maxDelayNanos);
        this.writer = requireNonNull(writerThreads, "writerThreads is null").newThread(this::run);
        this.rescuer = Thread.ofPlatform()
                .name("usage-recorder-rescue")
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .unstarted(this::rescue);
        writer.start();
        rescuer.start();
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
            if (idle) {
                LockSupport.unpark(writer);
            }
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
        if (Thread.currentThread() == writer || Thread.currentThread() == rescuer) {
            throw new IllegalStateException(operation + " called from the writer thread (e.g. in onWritten): deadlock");
        }
    }

    private void awaitWriter() {
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                rescuer.join();
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
     * Sleeps through each batch window and then drains the queue in one go, rather than waking per record: only the
     * first record after an idle spell wakes the writer (no context switch per request), and a batch is one
     * transaction. Barriers and the stop marker unpark the writer so that flush and close do not wait for the window to
     * end.
     */
    private void run() {
        while (awaitEntry()) {
            if (queue.peek() instanceof Item) {
                long deadline = System.nanoTime() + maxDelayNanos;
                long remaining;
                while ((remaining = deadline - System.nanoTime()) > 0 && !urgent && !stopped) {
                    LockSupport.parkNanos(this, remaining);
                }
            }
            urgent = false;
            drainAndWrite();
        }
        log.debug("usage recorder stopped after writing {} records", written.get());
    }

    /**
     * The writer may run at idle scheduling priority, which gets next to no CPU while request threads keep every core
     * busy; unprivileged, it cannot raise itself back. So this normal-priority thread looks in every {@code
     * rescueInterval} (twice the batch window, at least 100 ms) and, when entries have waited through a whole interval
     * without any drain, drains them itself. Under saturation the buffer therefore stays small instead of filling up
     * until requests block on it; otherwise the rescuer only ever looks.
     */
    private void rescue() {
        boolean waitingBefore = false;
        long drainsBefore = drains;
        while (!stopped) {
            LockSupport.parkNanos(this, rescueIntervalNanos);
            boolean waiting = !queue.isEmpty();
            if (waiting && waitingBefore && drains == drainsBefore) {
                log.debug(
                        "usage writer starved for {} ms; the rescuer writes this batch",
                        rescueIntervalNanos / 1_000_000);
                drainAndWrite();
                waiting = !queue.isEmpty();
            }
            waitingBefore = waiting;
            drainsBefore = drains;
        }
    }

    /**
     * Takes everything queued and writes it in order, under {@link #draining}: the queue is only ever consumed here, so a
     * barrier completes only after every record queued before it was written, whichever thread drains.
     */
    private void drainAndWrite() {
        List<GenerationRecord> batch = new ArrayList<>(Math.min(maxBatch, capacity));
        draining.lock();
        try {
            for (Entry entry; (entry = queue.poll()) != null; ) {
                switch (entry) {
                    case Item item -> {
                        batch.add(item.record());
                        if (batch.size() >= maxBatch) {
                            writeAndRelease(batch);
                        }
                    }
                    case Barrier barrier -> {
                        writeAndRelease(batch);
                        barrier.done().complete(null);
                    }
                    case Stop s -> {
                        writeAndRelease(batch);
                        stopped = true;
                        LockSupport.unpark(writer);
                        LockSupport.unpark(rescuer);
                    }
                }
            }
            writeAndRelease(batch);
            drains++;
        } finally {
            draining.unlock();
        }
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

    /**
     * Waits until the queue holds an entry (left on it); false once stopped. The writer is never interrupted on purpose;
     * should it happen anyway, it must not lose its place.
     */
    private boolean awaitEntry() {
        while (!stopped) {
            if (!queue.isEmpty()) {
                return true;
            }
            // Set before the emptiness check and read by producers after their add: one of the two sees the other.
            idle = true;
            if (queue.isEmpty() && !stopped) {
                LockSupport.park(this);
            }
            idle = false;
            if (Thread.interrupted()) {
                // A set interrupt flag would make every later park return at once: a busy loop.
                log.warn("usage recorder writer interrupted; ignoring");
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            log.warn("usage recorder writer interrupted during backoff; ignoring");
        }
    }
}
