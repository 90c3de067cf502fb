package io.switchboard.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Persistence port for credit grants and the usage totals derived from generation rows. The generation rows are the
 * usage ledger: whatever was settled in memory before a crash and not yet written is simply not there after restart,
 * and no reservation is ever stored.
 */
public interface LedgerStore {
    void grantCredits(String userId, BigDecimal amountUsd, String reason, Instant at);

    /** One user's grants, newest first. */
    default List<CreditGrant> grants(String userId) {
        return List.of();
    }

    /** Sum of grants per user id. */
    Map<String, BigDecimal> creditsByUser();

    /** Sum of grants of one user, zero when none. */
    BigDecimal creditsOf(String userId);

    /** Sum of generation costs per user id. */
    Map<String, BigDecimal> usageByUser();

    /** Sum of generation costs per API key hash. */
    Map<String, BigDecimal> usageByKey();

    /** Per key and UTC day from {@code since} on: billed usage and BYOK usage (what users' own keys were charged). */
    List<KeyDayUsage> keyUsageByDay(Instant since);

    /** Requests per user and model from {@code since} on (for daily request caps). */
    List<ModelRequests> requestsSince(Instant since);

    /**
     * @param epochDay UTC day number (epoch milliseconds / 86,400,000)
     */
    record KeyDayUsage(String userId, String keyHash, long epochDay, BigDecimal usage, BigDecimal byokUsage) {}

    /** @param reason null when none was given */
    record CreditGrant(String id, BigDecimal amount, String reason, Instant createdAt) {}

    record ModelRequests(String userId, String model, long requests) {}
}
