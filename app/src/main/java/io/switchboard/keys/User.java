package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An account that owns API keys and credits. */
public record User(String id, String name, Instant createdAt) {
    public User {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
