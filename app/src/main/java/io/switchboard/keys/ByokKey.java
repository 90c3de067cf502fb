package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A provider key a user brought (BYOK), as stored: the secret only as {@code ciphertext} (see {@link Crypto}), with
 * a masked {@code label} such as {@code sk-...wxyz} for display.
 *
 * @param provider the provider slug
 * @param alwaysUse never fall back to shared capacity for this provider
 */
public record ByokKey(
        String id,
        String userId,
        String provider,
        String name,
        String label,
        String ciphertext,
        boolean alwaysUse,
        boolean disabled,
        Instant createdAt,
        Instant updatedAt) {
    public ByokKey {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(ciphertext, "ciphertext is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Never prints the ciphertext. */
    @Override
    public String toString() {
        return "ByokKey[id=" + id + ", userId=" + userId + ", provider=" + provider + ", name=" + name + ", label="
                + label + ", alwaysUse=" + alwaysUse + ", disabled=" + disabled + "]";
    }
}
