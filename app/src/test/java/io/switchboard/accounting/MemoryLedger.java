package io.switchboard.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ledger store in memory: grants, and usage rows (what the generation table would sum). */
final class MemoryLedger implements LedgerStore {
    record Grant(String userId, BigDecimal amount, Instant at) {}

    record Row(String userId, String keyHash, BigDecimal cost, BigDecimal byokUsage, Instant at) {}

    final List<Grant> grants = new CopyOnWriteArrayList<>();
    final List<Row> rows = new CopyOnWriteArrayList<>();

    @Override
    public void grantCredits(String userId, BigDecimal amountUsd, String reason, Instant at) {
        grants.add(new Grant(userId, amountUsd, at));
    }

    @Override
    public Map<String, BigDecimal> creditsByUser() {
        Map<String, BigDecimal> totals = new HashMap<>();
        grants.forEach(grant -> totals.merge(grant.userId(), grant.amount(), BigDecimal::add));
        return totals;
    }

    @Override
    public BigDecimal creditsOf(String userId) {
        return creditsByUser().getOrDefault(userId, BigDecimal.ZERO);
    }

    @Override
    public Map<String, BigDecimal> usageByUser() {
        Map<String, BigDecimal> totals = new HashMap<>();
        rows.forEach(row -> totals.merge(row.userId(), row.cost(), BigDecimal::add));
        return totals;
    }

    @Override
    public Map<String, BigDecimal> usageByKey() {
        Map<String, BigDecimal> totals = new HashMap<>();
        rows.forEach(row -> totals.merge(row.keyHash(), row.cost(), BigDecimal::add));
        return totals;
    }

    @Override
    public List<KeyDayUsage> keyUsageByDay(Instant since) {
        List<KeyDayUsage> days = new ArrayList<>();
        for (Row row : rows) {
            if (!row.at().isBefore(since)) {
                days.add(new KeyDayUsage(
                        row.userId(),
                        row.keyHash(),
                        row.at().toEpochMilli() / 86_400_000L,
                        row.cost(),
                        row.byokUsage()));
            }
        }
        return days;
    }

    @Override
    public List<ModelRequests> requestsSince(Instant since) {
        return List.of();
    }
}
