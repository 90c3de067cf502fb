package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * Where finished generations go: onto the batched writer, which stores each exactly once, and into a map of those not
 * yet written, so {@code GET /generation} answers the moment a response ends. Entries leave the map once stored, so
 * it never holds more than the writer's queue.
 */
public final class GenerationLog implements AutoCloseable {
    private final GenerationStore store;
    private final Map<String, GenerationRecord> unwritten = new ConcurrentHashMap<>();
    private final UsageRecorder recorder;

    /** @param writerThreads makes the batch writer's thread (see {@link UsageRecorder}) */
    public GenerationLog(
            GenerationStore store, int capacity, Duration maxDelay, int maxBatch, ThreadFactory writerThreads) {
        this.store = requireNonNull(store, "store is null");
        this.recorder = new UsageRecorder(store, capacity, maxDelay, maxBatch, this::written, writerThreads);
    }

    public void record(GenerationRecord generation) {
        unwritten.put(generation.id(), generation);
        if (!recorder.record(generation)) {
            // Only after close() or an interrupt; the record stays findable but could not be queued.
            throw new IllegalStateException("usage recorder refused generation " + generation.id());
        }
    }

    public Optional<GenerationRecord> find(String id) {
        GenerationRecord pending = unwritten.get(id);
        if (pending != null) {
            return Optional.of(pending);
        }
        return store.find(id);
    }

    /** Waits until every generation recorded so far is stored. */
    public void flush() {
        recorder.flush();
    }

    private void written(List<GenerationRecord> batch) {
        for (GenerationRecord record : batch) {
            unwritten.remove(record.id());
        }
    }

    @Override
    public void close() {
        recorder.close();
    }
}
