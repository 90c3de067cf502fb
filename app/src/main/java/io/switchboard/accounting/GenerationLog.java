package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Where finished generations go: into a bounded in-memory cache, so {@code GET /generation} answers the moment a
 * response ends, and onto the batched writer, which stores each exactly once.
 */
public final class GenerationLog {
    private final UsageRecorder recorder;
    private final GenerationStore store;
    private final Cache<String, GenerationRecord> recent =
            Caffeine.newBuilder().maximumSize(50_000).build();

    public GenerationLog(UsageRecorder recorder, GenerationStore store) {
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.store = requireNonNull(store, "store is null");
    }

    public void record(GenerationRecord generation) {
        recent.put(generation.id(), generation);
        recorder.record(generation);
    }

    public Optional<GenerationRecord> find(String id) {
        GenerationRecord cached = recent.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return store.find(id);
    }
}
