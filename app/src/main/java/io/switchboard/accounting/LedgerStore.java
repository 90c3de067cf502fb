package io.switchboard.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Persistence port for credit grants and the usage totals derived from generation rows. */
public interface LedgerStore {
    void grantCredits(String userId, BigDecimal amountUsd, String reason, Instant at);

    /** Sum of grants per user id. */
    Map<String, BigDecimal> creditsByUser();

    /** Sum of generation costs per user id. */
    Map<String, BigDecimal> usageByUser();

    /** Sum of generation costs per API key hash. */
    Map<String, BigDecimal> usageByKey();
}
