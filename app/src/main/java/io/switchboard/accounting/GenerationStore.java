package io.switchboard.accounting;

import java.util.List;
import java.util.Optional;

/** Persistence port for generation rows. Inserts are idempotent on {@code id}, so a retried batch never duplicates. */
public interface GenerationStore {
    void insertBatch(List<GenerationRecord> records);

    Optional<GenerationRecord> find(String id);

    long count();
}
