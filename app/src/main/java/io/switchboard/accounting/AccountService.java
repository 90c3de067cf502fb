package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Balances and key usage held in memory, so the request path never reads the database. Loaded from the ledger at
 * start; settled after each generation; the ledger itself is written by the batched generation writer.
 */
public final class AccountService {
    private final LedgerStore store;
    private final Clock clock;
    private final Map<String, BigDecimal> credits = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> usageByUser = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> usageByKey = new ConcurrentHashMap<>();

    public AccountService(LedgerStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        credits.putAll(store.creditsByUser());
        usageByUser.putAll(store.usageByUser());
        usageByKey.putAll(store.usageByKey());
    }

    /** Reloads grants made by another process (the CLI) for a user this process has not seen yet. */
    public void ensureKnown(String userId) {
        if (!credits.containsKey(userId)) {
            BigDecimal granted = store.creditsByUser().get(userId);
            credits.put(userId, granted == null ? BigDecimal.ZERO : granted);
        }
    }

    public void grant(String userId, BigDecimal amountUsd, String reason) {
        if (amountUsd.signum() <= 0) {
            throw new IllegalArgumentException("a grant must be positive: " + amountUsd);
        }
        store.grantCredits(userId, amountUsd, reason, clock.instant());
        credits.merge(userId, amountUsd, BigDecimal::add);
    }

    public BigDecimal credits(String userId) {
        return credits.getOrDefault(userId, BigDecimal.ZERO);
    }

    public BigDecimal usage(String userId) {
        return usageByUser.getOrDefault(userId, BigDecimal.ZERO);
    }

    public BigDecimal balance(String userId) {
        return credits(userId).subtract(usage(userId));
    }

    public BigDecimal keyUsage(String keyHash) {
        return usageByKey.getOrDefault(keyHash, BigDecimal.ZERO);
    }

    /** Why a request must be refused for money reasons, or empty when it may proceed. */
    public Optional<String> refusal(String userId, String keyHash, Optional<BigDecimal> keyLimit) {
        if (balance(userId).signum() <= 0) {
            return Optional.of("Insufficient credits: the account balance is $"
                    + balance(userId).toPlainString() + ". Add credits to continue.");
        }
        if (keyLimit.isPresent() && keyUsage(keyHash).compareTo(keyLimit.get()) >= 0) {
            return Optional.of("Key limit exceeded: this key has used $"
                    + keyUsage(keyHash).toPlainString() + " of its $"
                    + keyLimit.get().toPlainString() + " limit.");
        }
        return Optional.empty();
    }

    public void settle(String userId, String keyHash, BigDecimal cost) {
        if (cost.signum() == 0) {
            return;
        }
        usageByUser.merge(userId, cost, BigDecimal::add);
        usageByKey.merge(keyHash, cost, BigDecimal::add);
    }
}
