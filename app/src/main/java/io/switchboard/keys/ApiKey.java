package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored API key. Only the SHA-256 hash of the secret is kept; {@code label} is a masked preview for display.
 *
 * @param limit spending limit in USD, null for none
 */
public record ApiKey(
        String hash, String userId, String name, String label, BigDecimal limit, boolean disabled, Instant createdAt) {
    public ApiKey {
        requireNonNull(hash, "hash is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Optional<BigDecimal> spendingLimit() {
        return Optional.ofNullable(limit);
    }
}
