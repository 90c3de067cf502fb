package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.Apps;
import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            route_json, created_at, upstream_cost_pico_usd""";

    // ON CONFLICT ... DO NOTHING is understood by PostgreSQL and SQLite >= 3.24: a retried batch never duplicates.
    private static final String INSERT = """
            INSERT INTO generations (%s)
            VALUES (:id, :userId, :keyHash, :model, :providerSlug, :providerName, :upstreamId, :promptTokens,
            :completionTokens, :cachedTokens, :reasoningTokens, :cost, :byok, :streamed, :cancelled, :simulated,
            :finishReason, :nativeFinishReason, :latencyMs, :generationTimeMs, :status, :errorMessage, :appReferer,
            :appTitle, :routeJson, :createdAt, :upstreamCost)
            ON CONFLICT (id) DO NOTHING""".formatted(COLUMNS);

    private static final String UPSERT_APP_DAY = """
            INSERT INTO app_daily_usage (day, app_origin, model, app_title, prompt_tokens, completion_tokens,
            reasoning_tokens, requests)
            VALUES (:day, :origin, :model, :title, :prompt, :completion, :reasoning, :requests)
            ON CONFLICT (day, app_origin, model) DO UPDATE SET
            app_title = COALESCE(excluded.app_title, app_daily_usage.app_title),
            prompt_tokens = app_daily_usage.prompt_tokens + excluded.prompt_tokens,
            completion_tokens = app_daily_usage.completion_tokens + excluded.completion_tokens,
            reasoning_tokens = app_daily_usage.reasoning_tokens + excluded.reasoning_tokens,
            requests = app_daily_usage.requests + excluded.requests""";

    private final Jdbi jdbi;

    public JdbiGenerationStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * All rows in one transaction: either the whole batch is stored or nothing, so a retry is clean. The app rollup is
     * updated in the same transaction from the rows the insert reports as new, so a retried batch (or a duplicate id
     * within one) is counted once, exactly like the rows themselves.
     */
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
            int[] inserted = batch.execute();
            Map<AppDayKey, AppDayTotals> apps = new LinkedHashMap<>();
            for (int i = 0; i < records.size(); i++) {
                GenerationRecord r = records.get(i);
                String origin = Apps.origin(r.appReferer());
                if (inserted[i] <= 0 || origin == null) {
                    continue;
                }
                long day = Math.floorDiv(r.createdAt().toEpochMilli(), Columns.DAY_MILLIS);
                apps.computeIfAbsent(new AppDayKey(day, origin, r.model()), k -> new AppDayTotals())
                        .add(r);
            }
            if (!apps.isEmpty()) {
                PreparedBatch upsert = handle.prepareBatch(UPSERT_APP_DAY);
                apps.forEach((key, totals) -> upsert.bind("day", key.day())
                        .bind("origin", key.origin())
                        .bind("model", key.model())
                        .bind("title", totals.title)
                        .bind("prompt", totals.prompt)
                        .bind("completion", totals.completion)
                        .bind("reasoning", totals.reasoning)
                        .bind("requests", totals.requests)
                        .add());
                upsert.execute();
            }
        });
    }

    private record AppDayKey(long day, String origin, String model) {}

    private static final class AppDayTotals {
        String title;
        long prompt;
        long completion;
        long reasoning;
        long requests;

        void add(GenerationRecord r) {
            String recordTitle = Apps.title(r.appTitle());
            if (recordTitle != null) {
                title = recordTitle;
            }
            prompt += r.promptTokens();
            completion += r.completionTokens();
            reasoning += r.reasoningTokens();
            requests++;
        }
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
                .bind("createdAt", r.createdAt().toEpochMilli())
                .bind("upstreamCost", Money.toPicoOrNull(r.upstreamCost()));
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
                Columns.instant(rs, "created_at"),
                nullableMoney(rs, "upstream_cost_pico_usd"));
    }

    private static BigDecimal nullableMoney(ResultSet rs, String column) throws SQLException {
        Long pico = Columns.nullableLong(rs, column);
        return pico == null ? null : Money.fromPico(pico);
    }

    @Override
    public List<ActivityRow> activity(String userId, String keyHash, Instant since) {
        requireNonNull(userId, "userId is null");
        requireNonNull(since, "since is null");
        String sql =
                """
                SELECT created_at / %d AS day_bucket, model, provider_slug, provider_name,
                SUM(cost_pico_usd) AS usage_pico,
                SUM(CASE WHEN byok THEN COALESCE(upstream_cost_pico_usd, 0) ELSE 0 END) AS byok_pico,
                COUNT(*) AS requests, SUM(prompt_tokens) AS prompt_tokens,
                SUM(completion_tokens) AS completion_tokens, SUM(reasoning_tokens) AS reasoning_tokens
                FROM generations
                WHERE user_id = :userId AND created_at >= :since %s
                GROUP BY created_at / %d, model, provider_slug, provider_name
                ORDER BY day_bucket DESC, usage_pico DESC, model, provider_name""".formatted(Columns.DAY_MILLIS, keyHash == null ? "" : "AND key_hash = :keyHash", Columns.DAY_MILLIS);
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql).bind("userId", userId).bind("since", since.toEpochMilli());
            if (keyHash != null) {
                query.bind("keyHash", keyHash);
            }
            return List.copyOf(query.map((rs, ctx) -> new ActivityRow(
                            LocalDate.ofEpochDay(rs.getLong("day_bucket")),
                            rs.getString("model"),
                            rs.getString("provider_slug"),
                            rs.getString("provider_name"),
                            Money.fromPico(new BigInteger(rs.getString("usage_pico"))),
                            Money.fromPico(new BigInteger(rs.getString("byok_pico"))),
                            rs.getLong("requests"),
                            rs.getLong("prompt_tokens"),
                            rs.getLong("completion_tokens"),
                            rs.getLong("reasoning_tokens")))
                    .list());
        });
    }

    /**
     * Grouped by the raw referer in SQL, then merged by normalised origin here: the origin rule ({@link Apps#origin})
     * is Java, and a user has few distinct referers.
     */
    @Override
    public List<UserAppUsage> userAppUsage(String userId, Instant since) {
        requireNonNull(userId, "userId is null");
        requireNonNull(since, "since is null");
        String sql = """
                SELECT app_referer, MAX(app_title) AS app_title, COUNT(*) AS requests,
                SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
                SUM(cost_pico_usd) AS usage_pico
                FROM generations WHERE user_id = :userId AND created_at >= :since
                GROUP BY app_referer""";
        List<UserAppUsage> rows = jdbi.withHandle(handle -> List.copyOf(handle.createQuery(sql)
                .bind("userId", userId)
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new UserAppUsage(
                        Apps.origin(rs.getString("app_referer")),
                        Apps.title(rs.getString("app_title")),
                        rs.getLong("requests"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        Money.fromPico(new BigInteger(rs.getString("usage_pico")))))
                .list()));
        Map<String, UserAppUsage> byOrigin = new LinkedHashMap<>();
        for (UserAppUsage row : rows) {
            byOrigin.merge(
                    String.valueOf(row.appOrigin()),
                    row,
                    (a, b) -> new UserAppUsage(
                            a.appOrigin(),
                            a.appTitle() != null ? a.appTitle() : b.appTitle(),
                            a.requests() + b.requests(),
                            a.promptTokens() + b.promptTokens(),
                            a.completionTokens() + b.completionTokens(),
                            a.usage().add(b.usage())));
        }
        return byOrigin.values().stream()
                .sorted(java.util.Comparator.comparing(UserAppUsage::usage)
                        .reversed()
                        .thenComparing(UserAppUsage::requests, java.util.Comparator.reverseOrder())
                        .thenComparing(row -> String.valueOf(row.appOrigin())))
                .toList();
    }

    @Override
    public List<AppUsage> appUsage(Instant since, String model) {
        requireNonNull(since, "since is null");
        String sql = """
                SELECT day, app_origin, app_title, model, prompt_tokens, completion_tokens, reasoning_tokens, requests
                FROM app_daily_usage WHERE day >= :day %s
                ORDER BY day DESC, prompt_tokens + completion_tokens DESC, app_origin, model""".formatted(model == null ? "" : "AND model = :model");
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql).bind("day", Math.floorDiv(since.toEpochMilli(), Columns.DAY_MILLIS));
            if (model != null) {
                query.bind("model", model);
            }
            return List.copyOf(query.map((rs, ctx) -> new AppUsage(
                            LocalDate.ofEpochDay(rs.getLong("day")),
                            rs.getString("app_origin"),
                            rs.getString("app_title"),
                            rs.getString("model"),
                            rs.getLong("prompt_tokens"),
                            rs.getLong("completion_tokens"),
                            rs.getLong("reasoning_tokens"),
                            rs.getLong("requests")))
                    .list());
        });
    }

    @Override
    public List<ModelActivityRow> modelActivity(String model, Instant since) {
        requireNonNull(model, "model is null");
        requireNonNull(since, "since is null");
        // The model's own rows only, found through (model, created_at).
        String sql = """
                SELECT created_at / %d AS day_bucket, provider_slug, provider_name, COUNT(*) AS requests,
                SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
                SUM(reasoning_tokens) AS reasoning_tokens
                FROM generations
                WHERE model = :model AND created_at >= :since AND provider_slug IS NOT NULL
                GROUP BY created_at / %d, provider_slug, provider_name
                ORDER BY day_bucket, provider_slug, provider_name""".formatted(Columns.DAY_MILLIS, Columns.DAY_MILLIS);
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery(sql)
                .bind("model", model)
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new ModelActivityRow(
                        LocalDate.ofEpochDay(rs.getLong("day_bucket")),
                        rs.getString("provider_slug"),
                        rs.getString("provider_name"),
                        rs.getLong("requests"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getLong("reasoning_tokens")))
                .list()));
    }

    @Override
    public List<ModelUsage> modelUsage(Instant since) {
        requireNonNull(since, "since is null");
        String sql = """
                SELECT model, COUNT(*) AS requests, SUM(prompt_tokens) AS prompt_tokens,
                SUM(completion_tokens) AS completion_tokens, SUM(reasoning_tokens) AS reasoning_tokens
                FROM generations WHERE created_at >= :since
                GROUP BY model
                ORDER BY SUM(prompt_tokens) + SUM(completion_tokens) DESC, model""";
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery(sql)
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new ModelUsage(
                        rs.getString("model"),
                        rs.getLong("requests"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getLong("reasoning_tokens")))
                .list()));
    }
}
