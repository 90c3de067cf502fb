package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the creator of a key chooses; nullable: {@code limit}, {@code limitReset}, {@code expiresAt}, {@code
 * rateLimitPerMinute}.
 */
public record KeySettings(
        String name,
        BigDecimal limit,
        LimitReset limitReset,
        boolean includeByokInLimit,
        Instant expiresAt,
        Integer rateLimitPerMinute) {
    /** The longest key name accepted, by the API and the web forms alike. */
    public static final int MAX_NAME = 200;

    public KeySettings {
        requireNonNull(name, "name is null");
    }

    /** What is wrong with a key name people typed, or empty: it must not be blank and at most {@link #MAX_NAME}. */
    public static java.util.Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return java.util.Optional.of("Enter a name for the key.");
        }
        if (name.length() > MAX_NAME) {
            return java.util.Optional.of("Use at most " + MAX_NAME + " characters for the name.");
        }
        return java.util.Optional.empty();
    }

    public static KeySettings named(String name) {
        return new KeySettings(name, null, null, false, null, null);
    }
}
