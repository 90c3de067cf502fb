package io.switchboard.storage;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.User;
import java.math.BigDecimal;
import java.time.Instant;

/** Builders for test rows; instants are whole milliseconds because that is the stored precision. */
final class TestData {
    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");

    private TestData() {}

    static User user(String id) {
        return new User(id, "name-" + id, T0);
    }

    static ApiKey key(String hash, String userId, BigDecimal limit) {
        return new ApiKey(hash, userId, "key " + hash, "sk-or-v1-abc...xyz", limit, false, T0);
    }

    static GenerationRecord generation(String id, String userId, String keyHash, BigDecimal cost, Instant at) {
        return new GenerationRecord(
                id,
                userId,
                keyHash,
                "openai/gpt-4o-mini",
                null,
                null,
                null,
                10,
                20,
                0,
                0,
                cost,
                false,
                false,
                false,
                false,
                null,
                null,
                null,
                5,
                200,
                null,
                null,
                null,
                null,
                at);
    }

    static GenerationRecord fullGeneration(String id) {
        return new GenerationRecord(
                id,
                "u1",
                "hash-1",
                "anthropic/claude-sonnet-4",
                "anthropic",
                "Anthropic",
                "msg_01XYZ",
                1234,
                567,
                89,
                12,
                new BigDecimal("0.00000001875"),
                true,
                true,
                true,
                true,
                "stop",
                "end_turn",
                321L,
                4567,
                499,
                "client closed request",
                "https://example.com/app",
                "Example App ✓",
                "{\"fallbacks\":[\"a\",\"b\"]}",
                T0.plusMillis(7));
    }
}
