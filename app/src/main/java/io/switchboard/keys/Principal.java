package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

/** The authenticated caller of one request. */
public record Principal(User user, ApiKey key) {
    public Principal {
        requireNonNull(user, "user is null");
        requireNonNull(key, "key is null");
    }
}
