package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Generation rows. {@code createdAt} is kept with millisecond precision. */
public final class JdbiGenerationStore implements GenerationStore {
    private static final String COLUMNS = """
            id, user_id, key_hash, model, provider_slug, provider_name, upstream_id, prompt_tokens, completion_tokens,
            cached_tokens, reasoning_tokens, cost_pico_usd, byok, streamed, cancelled, simulated, finish_reason,
            native_finish_reason, latency_ms, generation_time_ms, status, error_message, app_referer, app_title,
            route_json, created_at""";

    // ON CONFLICT ... DO NOTHING is understood by PostgreSQL and SQLite >= 3.24: a retried batch never duplicates.
    private static final String INSERT = """
            INSERT INTO generations (%s)
            VALUES (:id, :userId, :keyHash, :model, :providerSlug, :providerName, :upstreamId, :promptTokens,
            :completionTokens, :cachedTokens, :reasoningTokens, :cost, :byok, :streamed, :cancelled, :simulated,
            :finishReason, :nativeFinishReason, :latencyMs, :generationTimeMs, :status, :errorMessage, :appReferer,
            :appTitle, :routeJson, :createdAt)
            ON CONFLICT (id) DO NOTHING""".formatted(COLUMNS);

    private final Jdbi jdbi;

    public JdbiGenerationStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** All rows in one transaction: either the whole batch is stored or nothing, so a retry is clean. */
    @Override
    public void insertBatch(List<GenerationRecord> records) {
        requireNonNull(records, "records is null");
        if (records.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(INSERT);
            for (GenerationRecord r : records) {
                bind(batch, r).add();
            }
            batch.execute();
        });
    }

    private static PreparedBatch bind(PreparedBatch batch, GenerationRecord r) {
        return batch.bind("id", r.id())
                .bind("userId", r.userId())
                .bind("keyHash", r.keyHash())
                .bind("model", r.model())
                .bind("providerSlug", r.providerSlug())
                .bind("providerName", r.providerName())
                .bind("upstreamId", r.upstreamId())
                .bind("promptTokens", r.promptTokens())
                .bind("completionTokens", r.completionTokens())
                .bind("cachedTokens", r.cachedTokens())
                .bind("reasoningTokens", r.reasoningTokens())
                .bind("cost", Money.toPico(r.cost()))
                .bind("byok", r.byok())
                .bind("streamed", r.streamed())
                .bind("cancelled", r.cancelled())
                .bind("simulated", r.simulated())
                .bind("finishReason", r.finishReason())
                .bind("nativeFinishReason", r.nativeFinishReason())
                .bind("latencyMs", r.latencyMs())
                .bind("generationTimeMs", r.generationTimeMs())
                .bind("status", r.status())
                .bind("errorMessage", r.errorMessage())
                .bind("appReferer", r.appReferer())
                .bind("appTitle", r.appTitle())
                .bind("routeJson", r.routeJson())
                .bind("createdAt", r.createdAt().toEpochMilli());
    }

    @Override
    public Optional<GenerationRecord> find(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM generations WHERE id = :id")
                .bind("id", id)
                .map(JdbiGenerationStore::generation)
                .findOne());
    }

    @Override
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM generations")
                .mapTo(Long.class)
                .one());
    }

    private static GenerationRecord generation(ResultSet rs, StatementContext ctx) throws SQLException {
        return new GenerationRecord(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("key_hash"),
                rs.getString("model"),
                rs.getString("provider_slug"),
                rs.getString("provider_name"),
                rs.getString("upstream_id"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getLong("cached_tokens"),
                rs.getLong("reasoning_tokens"),
                Money.fromPico(rs.getLong("cost_pico_usd")),
                rs.getBoolean("byok"),
                rs.getBoolean("streamed"),
                rs.getBoolean("cancelled"),
                rs.getBoolean("simulated"),
                rs.getString("finish_reason"),
                rs.getString("native_finish_reason"),
                Columns.nullableLong(rs, "latency_ms"),
                rs.getLong("generation_time_ms"),
                rs.getInt("status"),
                rs.getString("error_message"),
                rs.getString("app_referer"),
                rs.getString("app_title"),
                rs.getString("route_json"),
                Columns.instant(rs, "created_at"));
    }
}
