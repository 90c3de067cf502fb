package io.switchboard.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A signed-in browser session as stored: the id is the SHA-256 hex of the cookie's token, never the token.
 *
 * @param csrfToken the synchronizer token every form of this session must echo back
 */
public record Session(
        String id, String userId, String csrfToken, Instant createdAt, Instant expiresAt, Instant lastSeen) {
    public Session {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(csrfToken, "csrfToken is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Session[userId=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
