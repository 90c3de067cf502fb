package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.routing.HealthRollup;
import io.switchboard.routing.HealthRollupStore;
import io.switchboard.routing.Percentiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Per-minute endpoint health rollups ({@code endpoint_health_minutes}). */
public final class JdbiHealthRollupStore implements HealthRollupStore {
    private static final String COLUMNS = """
            endpoint_id, minute_start, node_id, successes, failures, excluded_requests, latency_samples,
            latency_p50_ms, latency_p75_ms, latency_p90_ms, latency_p99_ms, throughput_samples, throughput_p50,
            throughput_p75, throughput_p90, throughput_p99, latency_histogram, throughput_histogram""";

    // ON CONFLICT ... DO UPDATE is understood by PostgreSQL and SQLite >= 3.24; a node always writes its whole minute.
    private static final String UPSERT = """
            INSERT INTO endpoint_health_minutes (%s)
            VALUES (:endpointId, :minuteStart, :nodeId, :successes, :failures, :excluded, :latencySamples,
            :latencyP50, :latencyP75, :latencyP90, :latencyP99, :throughputSamples, :throughputP50, :throughputP75,
            :throughputP90, :throughputP99, :latencyHistogram, :throughputHistogram)
            ON CONFLICT (endpoint_id, minute_start, node_id) DO UPDATE SET
            successes = excluded.successes, failures = excluded.failures,
            excluded_requests = excluded.excluded_requests, latency_samples = excluded.latency_samples,
            latency_p50_ms = excluded.latency_p50_ms, latency_p75_ms = excluded.latency_p75_ms,
            latency_p90_ms = excluded.latency_p90_ms, latency_p99_ms = excluded.latency_p99_ms,
            throughput_samples = excluded.throughput_samples, throughput_p50 = excluded.throughput_p50,
            throughput_p75 = excluded.throughput_p75, throughput_p90 = excluded.throughput_p90,
            throughput_p99 = excluded.throughput_p99, latency_histogram = excluded.latency_histogram,
            throughput_histogram = excluded.throughput_histogram""".formatted(COLUMNS);

    private final Jdbi jdbi;

    public JdbiHealthRollupStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public void upsert(String nodeId, List<HealthRollup> rollups) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(rollups, "rollups is null");
        if (rollups.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(UPSERT);
            for (HealthRollup r : rollups) {
                Percentiles latency = r.latency();
                Percentiles throughput = r.throughput();
                batch.bind("endpointId", r.endpointId())
                        .bind("minuteStart", r.minute().toEpochMilli())
                        .bind("nodeId", nodeId)
                        .bind("successes", r.successes())
                        .bind("failures", r.failures())
                        .bind("excluded", r.excluded())
                        .bind("latencySamples", r.latencySamples())
                        .bind("latencyP50", latency == null ? null : millis(latency.p50()))
                        .bind("latencyP75", latency == null ? null : millis(latency.p75()))
                        .bind("latencyP90", latency == null ? null : millis(latency.p90()))
                        .bind("latencyP99", latency == null ? null : millis(latency.p99()))
                        .bind("throughputSamples", r.throughputSamples())
                        .bind("throughputP50", throughput == null ? null : throughput.p50())
                        .bind("throughputP75", throughput == null ? null : throughput.p75())
                        .bind("throughputP90", throughput == null ? null : throughput.p90())
                        .bind("throughputP99", throughput == null ? null : throughput.p99())
                        .bind("latencyHistogram", r.latencyHistogram())
                        .bind("throughputHistogram", r.throughputHistogram())
                        .add();
            }
            batch.execute();
        });
    }

    @Override
    public List<HealthRollup> since(Instant from) {
        requireNonNull(from, "from is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM endpoint_health_minutes WHERE minute_start >= :from"
                        + " ORDER BY minute_start, endpoint_id, node_id")
                .bind("from", from.toEpochMilli())
                .map(JdbiHealthRollupStore::rollup)
                .list());
    }

    @Override
    public List<HealthRollup> forEndpoint(String endpointId, Instant from, Instant to) {
        requireNonNull(endpointId, "endpointId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM endpoint_health_minutes WHERE endpoint_id = :endpointId"
                        + " AND minute_start >= :from AND minute_start < :to ORDER BY minute_start, node_id")
                .bind("endpointId", endpointId)
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map(JdbiHealthRollupStore::rollup)
                .list());
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }

    private static HealthRollup rollup(ResultSet rs, StatementContext ctx) throws SQLException {
        long latencySamples = rs.getLong("latency_samples");
        long throughputSamples = rs.getLong("throughput_samples");
        Percentiles latency = latencySamples == 0
                ? null
                : new Percentiles(
                        rs.getLong("latency_p50_ms") / 1000.0,
                        rs.getLong("latency_p75_ms") / 1000.0,
                        rs.getLong("latency_p90_ms") / 1000.0,
                        rs.getLong("latency_p99_ms") / 1000.0);
        Percentiles throughput = throughputSamples == 0
                ? null
                : new Percentiles(
                        rs.getDouble("throughput_p50"),
                        rs.getDouble("throughput_p75"),
                        rs.getDouble("throughput_p90"),
                        rs.getDouble("throughput_p99"));
        return new HealthRollup(
                rs.getString("endpoint_id"),
                Columns.instant(rs, "minute_start"),
                rs.getLong("successes"),
                rs.getLong("failures"),
                rs.getLong("excluded_requests"),
                latencySamples,
                latency,
                throughputSamples,
                throughput,
                rs.getString("latency_histogram"),
                rs.getString("throughput_histogram"));
    }
}
