package io.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.HealthRollup;
import io.switchboard.routing.HealthRollupStore;
import io.switchboard.routing.HealthRollups;
import io.switchboard.routing.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-minute endpoint health rollups, the same on SQLite and PostgreSQL. */
abstract class HealthRollupStoreContract {
    private static final Instant MINUTE = Instant.parse("2026-03-01T12:00:00Z");
    protected Database db;
    protected HealthRollupStore store;

    protected abstract DatabaseSettings freshSettings() throws Exception;

    protected void cleanUp() throws Exception {}

    @BeforeEach
    final void open() throws Exception {
        db = Database.open(freshSettings());
        store = db.healthRollupStore();
    }

    @AfterEach
    final void close() throws Exception {
        try {
            db.close();
        } finally {
            cleanUp();
        }
    }

    private static HealthRollup rollup(String endpoint, Instant minute, long successes, long failures) {
        return new HealthRollup(
                endpoint,
                minute,
                successes,
                failures,
                3,
                successes,
                new Percentiles(0.25, 0.4, 0.9, 1.5),
                successes,
                new Percentiles(80.5, 60.25, 40, 10.5),
                "30:" + successes,
                "45:" + successes);
    }

    @Test
    void rowsRoundTripWithEveryColumn() {
        HealthRollup written = rollup("groq:meta-llama/llama-3.3-70b-instruct", MINUTE, 42, 2);
        HealthRollup empty = new HealthRollup("groq:other", MINUTE.plusSeconds(60), 0, 5, 0, 0, null, 0, null, "", "");
        store.upsert("node-a", List.of(written, empty));
        assertThat(store.since(MINUTE)).containsExactly(written, empty);
        assertThat(store.since(MINUTE.plusSeconds(60))).containsExactly(empty);
    }

    @Test
    void aNodeRewritesItsMinuteAndNodesKeepSeparateRows() {
        store.upsert("node-a", List.of(rollup("e", MINUTE, 10, 1)));
        store.upsert("node-a", List.of(rollup("e", MINUTE, 25, 2)));
        store.upsert("node-b", List.of(rollup("e", MINUTE, 7, 0)));
        List<HealthRollup> rows = store.since(MINUTE.minusSeconds(3600));
        assertThat(rows).extracting(HealthRollup::successes).containsExactly(25L, 7L);
        assertThat(rows.stream().mapToLong(HealthRollup::successes).sum()).isEqualTo(32);
    }

    @Test
    void oneEndpointsRangeForCharts() {
        for (int minute = 0; minute < 10; minute++) {
            store.upsert(
                    "n",
                    List.of(
                            rollup("a", MINUTE.plusSeconds(60L * minute), minute, 0),
                            rollup("b", MINUTE.plusSeconds(60L * minute), minute, 1)));
        }
        List<HealthRollup> range = store.forEndpoint("a", MINUTE.plusSeconds(120), MINUTE.plusSeconds(300));
        assertThat(range).extracting(HealthRollup::successes).containsExactly(2L, 3L, 4L);
        assertThat(range).allSatisfy(r -> assertThat(r.endpointId()).isEqualTo("a"));
    }

    @Test
    void healthSurvivesARestart() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:05Z"));
        InstantSource clock = now::get;
        EndpointHealth health = new EndpointHealth(clock);
        HealthRollups rollups = new HealthRollups(health, store, clock, Duration.ofMinutes(1));
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 9; i++) {
                health.recordSuccess("e", 300 + 100L * i, 20 + i);
            }
            health.recordFailure("e");
            health.recordExcluded("e");
            now.set(now.get().plusSeconds(60));
        }
        assertThat(rollups.flush()).isEqualTo(3);
        health.recordSuccess("e", 500, 25);
        rollups.close(); // writes the current minute too
        EndpointHealth.Report before = health.report("e");

        now.set(now.get().plusSeconds(60));
        EndpointHealth restarted = new EndpointHealth(clock);
        HealthRollups reloaded = new HealthRollups(restarted, store, clock, Duration.ofMinutes(1));
        assertThat(reloaded.restore()).isEqualTo(4);
        assertThat(reloaded.nodeId()).isNotEqualTo(rollups.nodeId());
        EndpointHealth.Report after = restarted.report("e");
        assertThat(after.uptimeLast30m()).isEqualTo(before.uptimeLast30m()).isEqualTo(28 * 100.0 / 31);
        assertThat(after.uptimeLast1d()).isEqualTo(before.uptimeLast1d());
        assertThat(after.latencyLast30m()).isEqualTo(before.latencyLast30m());
        assertThat(after.throughputLast30m()).isEqualTo(before.throughputLast30m());
        reloaded.close();
        assertThat(store.since(Instant.EPOCH)).hasSize(4);
    }
}
