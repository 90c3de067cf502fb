package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyStore;
import io.switchboard.keys.LimitReset;
import io.switchboard.keys.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Users and API keys. Timestamps are kept with millisecond precision. No caching here: the CLI may add keys from
 * another process, so every lookup reads the database.
 */
public final class JdbiKeyStore implements KeyStore {
    private static final String KEY_COLUMNS = "hash, user_id, name, label, limit_pico_usd, disabled, created_at, kind,"
            + " limit_reset, include_byok_in_limit, expires_at, updated_at, rate_limit_rpm";

    private final Jdbi jdbi;

    public JdbiKeyStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public void insertUser(User user) {
        requireNonNull(user, "user is null");
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO users (id, name, created_at) VALUES (:id, :name, :createdAt)")
                .bind("id", user.id())
                .bind("name", user.name())
                .bind("createdAt", user.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<User> findUserByName(String name) {
        requireNonNull(name, "name is null");
        return findUserWhere("name", name);
    }

    @Override
    public Optional<User> findUser(String id) {
        requireNonNull(id, "id is null");
        return findUserWhere("id", id);
    }

    private Optional<User> findUserWhere(String column, String value) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT id, name, created_at FROM users WHERE " + column + " = :value")
                        .bind("value", value)
                        .map(JdbiKeyStore::user)
                        .findOne());
    }

    @Override
    public void insertKey(ApiKey key) {
        requireNonNull(key, "key is null");
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_keys (" + KEY_COLUMNS
                        + ") VALUES (:hash, :userId, :name, :label, :limit, :disabled, :createdAt, :kind, :limitReset,"
                        + " :includeByok, :expiresAt, :updatedAt, :rateLimit)")
                .bindMap(bindings(key))
                .execute());
    }

    @Override
    public boolean updateKey(ApiKey key) {
        requireNonNull(key, "key is null");
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE api_keys SET name = :name, label = :label,"
                                + " limit_pico_usd = :limit, disabled = :disabled, limit_reset = :limitReset,"
                                + " include_byok_in_limit = :includeByok, expires_at = :expiresAt,"
                                + " updated_at = :updatedAt, rate_limit_rpm = :rateLimit WHERE hash = :hash")
                        .bindMap(bindings(key))
                        .execute())
                == 1;
    }

    @Override
    public boolean deleteKey(String hash) {
        requireNonNull(hash, "hash is null");
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM api_keys WHERE hash = :hash")
                        .bind("hash", hash)
                        .execute())
                == 1;
    }

    private static java.util.Map<String, Object> bindings(ApiKey key) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("hash", key.hash());
        values.put("userId", key.userId());
        values.put("name", key.name());
        values.put("label", key.label());
        values.put("limit", Money.toPicoOrNull(key.limit()));
        values.put("disabled", key.disabled());
        values.put("createdAt", key.createdAt().toEpochMilli());
        values.put("kind", key.kind().wireName());
        values.put(
                "limitReset", key.limitReset() == null ? null : key.limitReset().wireName());
        values.put("includeByok", key.includeByokInLimit());
        values.put("expiresAt", key.expiresAt() == null ? null : key.expiresAt().toEpochMilli());
        values.put("updatedAt", key.updatedAt() == null ? null : key.updatedAt().toEpochMilli());
        values.put(
                "rateLimit",
                key.rateLimitPerMinute() == null
                        ? null
                        : key.rateLimitPerMinute().longValue());
        return values;
    }

    @Override
    public Optional<ApiKey> findKey(String hash) {
        requireNonNull(hash, "hash is null");
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE hash = :hash")
                        .bind("hash", hash)
                        .map(JdbiKeyStore::apiKey)
                        .findOne());
    }

    @Override
    public List<ApiKey> allKeys() {
        return jdbi.withHandle(handle ->
                List.copyOf(handle.createQuery("SELECT " + KEY_COLUMNS + " FROM api_keys ORDER BY created_at, hash")
                        .map(JdbiKeyStore::apiKey)
                        .list()));
    }

    private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(rs.getString("id"), rs.getString("name"), Columns.instant(rs, "created_at"));
    }

    private static ApiKey apiKey(ResultSet rs, StatementContext ctx) throws SQLException {
        Long limit = Columns.nullableLong(rs, "limit_pico_usd");
        Long expiresAt = Columns.nullableLong(rs, "expires_at");
        Long updatedAt = Columns.nullableLong(rs, "updated_at");
        Long rateLimit = Columns.nullableLong(rs, "rate_limit_rpm");
        String reset = rs.getString("limit_reset");
        return new ApiKey(
                rs.getString("hash"),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getString("label"),
                limit == null ? null : Money.fromPico(limit),
                rs.getBoolean("disabled"),
                Columns.instant(rs, "created_at"),
                KeyKind.fromWire(rs.getString("kind")),
                reset == null ? null : LimitReset.fromWire(reset).orElse(null),
                rs.getBoolean("include_byok_in_limit"),
                expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
                updatedAt == null ? null : Instant.ofEpochMilli(updatedAt),
                rateLimit == null ? null : Math.toIntExact(rateLimit));
    }
}
