package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import io.switchboard.identity.IdentityStore;
import io.switchboard.identity.Session;
import io.switchboard.identity.UserAccount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Users' sign-in fields and web sessions. Sessions are cached by {@code SessionService}, not here. */
public final class JdbiIdentityStore implements IdentityStore {
    private static final String USER_COLUMNS = "id, name, email, password_hash, admin, created_at";
    private static final String SESSION_COLUMNS = "id, user_id, csrf_token, created_at, expires_at, last_seen";

    private final Jdbi jdbi;

    public JdbiIdentityStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public void insert(UserAccount account) {
        requireNonNull(account, "account is null");
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO users (" + USER_COLUMNS
                        + ") VALUES (:id, :name, :email, :passwordHash, :admin, :createdAt)")
                .bind("id", account.userId())
                .bind("name", account.name())
                .bind("email", account.email())
                .bind("passwordHash", account.passwordHash())
                .bind("admin", account.admin())
                .bind("createdAt", account.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<UserAccount> find(String userId) {
        return findWhere("id", requireNonNull(userId, "userId is null"));
    }

    @Override
    public Optional<UserAccount> findByEmail(String email) {
        return findWhere("email", requireNonNull(email, "email is null"));
    }

    @Override
    public Optional<UserAccount> findByName(String name) {
        return findWhere("name", requireNonNull(name, "name is null"));
    }

    private Optional<UserAccount> findWhere(String column, String value) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE " + column + " = :value")
                        .bind("value", value)
                        .map(JdbiIdentityStore::account)
                        .findOne());
    }

    @Override
    public List<UserAccount> all() {
        return jdbi.withHandle(handle ->
                List.copyOf(handle.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY created_at, id")
                        .map(JdbiIdentityStore::account)
                        .list()));
    }

    @Override
    public boolean updateCredentials(String userId, String email, String passwordHash, boolean admin) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE users SET email = :email,"
                                + " password_hash = :passwordHash, admin = :admin WHERE id = :id")
                        .bind("id", requireNonNull(userId, "userId is null"))
                        .bind("email", email)
                        .bind("passwordHash", passwordHash)
                        .bind("admin", admin)
                        .execute())
                == 1;
    }

    @Override
    public void insertSession(Session session) {
        requireNonNull(session, "session is null");
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO web_sessions (" + SESSION_COLUMNS
                        + ") VALUES (:id, :userId, :csrf, :createdAt, :expiresAt, :lastSeen)")
                .bind("id", session.id())
                .bind("userId", session.userId())
                .bind("csrf", session.csrfToken())
                .bind("createdAt", session.createdAt().toEpochMilli())
                .bind("expiresAt", session.expiresAt().toEpochMilli())
                .bind("lastSeen", session.lastSeen().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Session> findSession(String id) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT " + SESSION_COLUMNS + " FROM web_sessions WHERE id = :id")
                        .bind("id", requireNonNull(id, "id is null"))
                        .map(JdbiIdentityStore::session)
                        .findOne());
    }

    @Override
    public boolean touchSession(String id, Instant lastSeen, Instant expiresAt) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                                "UPDATE web_sessions SET last_seen = :lastSeen, expires_at = :expiresAt WHERE id = :id")
                        .bind("id", requireNonNull(id, "id is null"))
                        .bind("lastSeen", lastSeen.toEpochMilli())
                        .bind("expiresAt", expiresAt.toEpochMilli())
                        .execute())
                == 1;
    }

    @Override
    public boolean deleteSession(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE id = :id")
                        .bind("id", requireNonNull(id, "id is null"))
                        .execute())
                == 1;
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    private static UserAccount account(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UserAccount(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("password_hash"),
                rs.getBoolean("admin"),
                Columns.instant(rs, "created_at"));
    }

    private static Session session(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Session(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("csrf_token"),
                Columns.instant(rs, "created_at"),
                Columns.instant(rs, "expires_at"),
                Columns.instant(rs, "last_seen"));
    }
}
