package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.LedgerStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Credit grants, and usage totals summed from the generations table. All sums are exact. */
public final class JdbiLedgerStore implements LedgerStore {
    private final Jdbi jdbi;

    public JdbiLedgerStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** {@code reason} may be null. */
    @Override
    public void grantCredits(String userId, BigDecimal amountUsd, String reason, Instant at) {
        requireNonNull(userId, "userId is null");
        requireNonNull(amountUsd, "amountUsd is null");
        requireNonNull(at, "at is null");
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO credit_grants (id, user_id, amount_pico_usd, reason, created_at)
                        VALUES (:id, :userId, :amount, :reason, :createdAt)""")
                .bind("id", UUID.randomUUID().toString())
                .bind("userId", userId)
                .bind("amount", Money.toPico(amountUsd))
                .bind("reason", reason)
                .bind("createdAt", at.toEpochMilli())
                .execute());
    }

    @Override
    public List<CreditGrant> grants(String userId) {
        requireNonNull(userId, "userId is null");
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery("SELECT id, amount_pico_usd, reason, created_at"
                        + " FROM credit_grants WHERE user_id = :userId ORDER BY created_at DESC, id")
                .bind("userId", userId)
                .map((rs, ctx) -> new CreditGrant(
                        rs.getString("id"),
                        Money.fromPico(rs.getLong("amount_pico_usd")),
                        rs.getString("reason"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list()));
    }

    @Override
    public Map<String, BigDecimal> creditsByUser() {
        return sumPerDay("credit_grants", "user_id", "amount_pico_usd");
    }

    @Override
    public BigDecimal creditsOf(String userId) {
        requireNonNull(userId, "userId is null");
        BigInteger total = BigInteger.ZERO;
        List<String> perDay = jdbi.withHandle(handle -> handle.createQuery("SELECT SUM(amount_pico_usd) FROM"
                        + " credit_grants WHERE user_id = :userId GROUP BY created_at / " + Columns.DAY_MILLIS)
                .bind("userId", userId)
                .mapTo(String.class)
                .list());
        for (String pico : perDay) {
            total = total.add(new BigInteger(pico));
        }
        return Money.fromPico(total);
    }

    @Override
    public List<KeyDayUsage> keyUsageByDay(Instant since) {
        requireNonNull(since, "since is null");
        String sql = "SELECT user_id, key_hash, created_at / " + Columns.DAY_MILLIS + " AS day_bucket,"
                + " SUM(cost_pico_usd) AS usage_pico,"
                + " SUM(CASE WHEN byok THEN COALESCE(upstream_cost_pico_usd, 0) ELSE 0 END) AS byok_pico"
                + " FROM generations WHERE created_at >= :since"
                + " GROUP BY user_id, key_hash, created_at / " + Columns.DAY_MILLIS;
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery(sql)
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new KeyDayUsage(
                        rs.getString("user_id"),
                        rs.getString("key_hash"),
                        rs.getLong("day_bucket"),
                        Money.fromPico(new BigInteger(rs.getString("usage_pico"))),
                        Money.fromPico(new BigInteger(rs.getString("byok_pico")))))
                .list()));
    }

    @Override
    public List<ModelRequests> requestsSince(Instant since) {
        requireNonNull(since, "since is null");
        return jdbi.withHandle(handle -> List.copyOf(handle.createQuery("SELECT user_id, model, COUNT(*) AS requests"
                        + " FROM generations WHERE created_at >= :since GROUP BY user_id, model")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) ->
                        new ModelRequests(rs.getString("user_id"), rs.getString("model"), rs.getLong("requests")))
                .list()));
    }

    @Override
    public Map<String, BigDecimal> usageByUser() {
        return sumPerDay("generations", "user_id", "cost_pico_usd");
    }

    @Override
    public Map<String, BigDecimal> usageByKey() {
        return sumPerDay("generations", "key_hash", "cost_pico_usd");
    }

    /**
     * SQL sums per group and day, Java adds the days up. SQLite's SUM over integers raises an error past a BIGINT (9.2
     * million USD in pico-dollars); splitting by day keeps each SQL sum far below that, while the database still does
     * the heavy lifting. PostgreSQL returns NUMERIC for SUM(BIGINT) and SQLite an integer: both read exactly as text.
     */
    private Map<String, BigDecimal> sumPerDay(String table, String groupColumn, String picoColumn) {
        String sql = "SELECT " + groupColumn + " AS group_key, SUM(" + picoColumn + ") AS pico FROM " + table
                + " GROUP BY " + groupColumn + ", created_at / " + Columns.DAY_MILLIS;
        Map<String, BigInteger> totals = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(sql).scanResultSet((supplier, ctx) -> {
            var rs = supplier.get();
            while (rs.next()) {
                totals.merge(rs.getString("group_key"), new BigInteger(rs.getString("pico")), BigInteger::add);
            }
            return null;
        }));
        Map<String, BigDecimal> result = HashMap.newHashMap(totals.size());
        totals.forEach((key, pico) -> result.put(key, Money.fromPico(pico)));
        return Map.copyOf(result);
    }
}
