package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored key. Only the SHA-256 hash of the secret is kept; {@code label} is a masked preview for display.
 *
 * @param limit spending limit in USD, null for none
 * @param kind inference keys call models, management keys manage keys and BYOK credentials
 * @param limitReset the window the limit applies to, null when it counts all usage ever
 * @param includeByokInLimit whether what the user's own provider keys were charged (BYOK) counts against the limit
 * @param expiresAt null when the key never expires
 * @param updatedAt null when never changed
 * @param rateLimitPerMinute requests per minute, null for the server default
 */
public record ApiKey(
        String hash,
        String userId,
        String name,
        String label,
        BigDecimal limit,
        boolean disabled,
        Instant createdAt,
        KeyKind kind,
        LimitReset limitReset,
        boolean includeByokInLimit,
        Instant expiresAt,
        Instant updatedAt,
        Integer rateLimitPerMinute) {
    public ApiKey {
        requireNonNull(hash, "hash is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(kind, "kind is null");
        if (limit != null && limit.signum() < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (rateLimitPerMinute != null && rateLimitPerMinute < 1) {
            throw new IllegalArgumentException("rateLimitPerMinute must be positive: " + rateLimitPerMinute);
        }
    }

    /** An inference key with no reset window, BYOK excluded, no expiry and the default rate limit. */
    public ApiKey(
            String hash,
            String userId,
            String name,
            String label,
            BigDecimal limit,
            boolean disabled,
            Instant createdAt) {
        this(hash, userId, name, label, limit, disabled, createdAt, KeyKind.INFERENCE, null, false, null, null, null);
    }

    /** The same key (hash, owner, label, kind, creation) with every setting a user may change replaced. */
    public ApiKey withSettings(
            String newName,
            BigDecimal newLimit,
            boolean newDisabled,
            LimitReset newLimitReset,
            boolean newIncludeByokInLimit,
            Instant newExpiresAt,
            Integer newRateLimitPerMinute) {
        return new ApiKey(
                hash,
                userId,
                newName,
                label,
                newLimit,
                newDisabled,
                createdAt,
                kind,
                newLimitReset,
                newIncludeByokInLimit,
                newExpiresAt,
                updatedAt,
                newRateLimitPerMinute);
    }

    /** The same key, last changed at {@code at}. */
    public ApiKey withUpdatedAt(Instant at) {
        return new ApiKey(
                hash,
                userId,
                name,
                label,
                limit,
                disabled,
                createdAt,
                kind,
                limitReset,
                includeByokInLimit,
                expiresAt,
                at,
                rateLimitPerMinute);
    }

    public Optional<BigDecimal> spendingLimit() {
        return Optional.ofNullable(limit);
    }

    public boolean isManagement() {
        return kind != KeyKind.INFERENCE;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The limits the ledger enforces for this key. */
    public KeyLimits limits() {
        return new KeyLimits(limit, limitReset, includeByokInLimit);
    }
}
