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
    public KeySettings {
        requireNonNull(name, "name is null");
    }

    public static KeySettings named(String name) {
        return new KeySettings(name, null, null, false, null, null);
    }
}
