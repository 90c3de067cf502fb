package io.switchboard.routing;

import java.time.Instant;
import java.util.List;

/** Storage port for per-minute endpoint health rollups (implemented in {@code storage}). */
public interface HealthRollupStore {
    /**
     * Inserts or replaces rows keyed by (endpoint, minute, node): a node always writes its whole minute, so writing the
     * same minute again after more traffic just replaces it.
     */
    void upsert(String nodeId, List<HealthRollup> rollups);

    /** Every node's rows from {@code from} (inclusive) on, oldest first. */
    List<HealthRollup> since(Instant from);

    /** One endpoint's rows in {@code [from, to)}, oldest first, every node's rows separately. */
    List<HealthRollup> forEndpoint(String endpointId, Instant from, Instant to);
}
