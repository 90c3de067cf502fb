package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.keys.ByokKey;
import io.switchboard.keys.ByokStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** BYOK provider keys; the secret arrives and leaves only as ciphertext. */
public final class JdbiByokStore implements ByokStore {
    private static final String COLUMNS =
            "id, user_id, provider, name, label, ciphertext, always_use, disabled, created_at, updated_at";

    private final Jdbi jdbi;

    public JdbiByokStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public void insert(ByokKey key) {
        requireNonNull(key, "key is null");
        boolean duplicate = jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT COUNT(*) FROM byok_keys WHERE user_id = :userId AND provider = :provider")
                        .bind("userId", key.userId())
                        .bind("provider", key.provider())
                        .mapTo(Long.class)
                        .one())
                > 0;
        if (duplicate) {
            throw new DuplicateByokKeyException("user already has a key for provider " + key.provider(), null);
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO byok_keys (" + COLUMNS + ") VALUES (:id, :userId,"
                            + " :provider, :name, :label, :ciphertext, :alwaysUse, :disabled, :createdAt, :updatedAt)")
                    .bind("id", key.id())
                    .bind("userId", key.userId())
                    .bind("provider", key.provider())
                    .bind("name", key.name())
                    .bind("label", key.label())
                    .bind("ciphertext", key.ciphertext())
                    .bind("alwaysUse", key.alwaysUse())
                    .bind("disabled", key.disabled())
                    .bind("createdAt", key.createdAt().toEpochMilli())
                    .bind("updatedAt", key.updatedAt().toEpochMilli())
                    .execute());
        } catch (RuntimeException e) {
            // A concurrent insert for the same provider hits the unique constraint.
            if (jdbi.withHandle(handle -> handle.createQuery(
                                    "SELECT COUNT(*) FROM byok_keys WHERE user_id = :userId AND provider = :provider")
                            .bind("userId", key.userId())
                            .bind("provider", key.provider())
                            .mapTo(Long.class)
                            .one())
                    > 0) {
                throw new DuplicateByokKeyException("user already has a key for provider " + key.provider(), e);
            }
            throw e;
        }
    }

    @Override
    public boolean update(ByokKey key) {
        requireNonNull(key, "key is null");
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE byok_keys SET name = :name, label = :label,"
                                + " ciphertext = :ciphertext, always_use = :alwaysUse, disabled = :disabled,"
                                + " updated_at = :updatedAt WHERE id = :id")
                        .bind("id", key.id())
                        .bind("name", key.name())
                        .bind("label", key.label())
                        .bind("ciphertext", key.ciphertext())
                        .bind("alwaysUse", key.alwaysUse())
                        .bind("disabled", key.disabled())
                        .bind("updatedAt", key.updatedAt().toEpochMilli())
                        .execute())
                == 1;
    }

    @Override
    public boolean delete(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM byok_keys WHERE id = :id")
                        .bind("id", id)
                        .execute())
                == 1;
    }

    @Override
    public Optional<ByokKey> find(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM byok_keys WHERE id = :id")
                .bind("id", id)
                .map(JdbiByokStore::byok)
                .findOne());
    }

    @Override
    public List<ByokKey> all() {
        return jdbi.withHandle(handle ->
                List.copyOf(handle.createQuery("SELECT " + COLUMNS + " FROM byok_keys ORDER BY user_id, provider")
                        .map(JdbiByokStore::byok)
                        .list()));
    }

    private static ByokKey byok(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ByokKey(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("provider"),
                rs.getString("name"),
                rs.getString("label"),
                rs.getString("ciphertext"),
                rs.getBoolean("always_use"),
                rs.getBoolean("disabled"),
                Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"));
    }
}
