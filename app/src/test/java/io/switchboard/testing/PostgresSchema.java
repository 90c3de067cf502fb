package io.switchboard.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import io.switchboard.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;

/**
 * A throwaway schema in the local PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth; override with
 * SWITCHBOARD_TEST_PG_URL / _USER / _PASSWORD). Aborts the test only when no server answers there.
 */
public final class PostgresSchema implements AutoCloseable {
    public static final String URL = Objects.requireNonNullElse(
            System.getenv("SWITCHBOARD_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = Objects.requireNonNullElse(System.getenv("SWITCHBOARD_TEST_PG_USER"), "postgres");
    public static final String PASSWORD = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");

    private final String schema;

    private PostgresSchema(String schema) {
        this.schema = schema;
    }

    public static PostgresSchema create() throws SQLException {
        String schema = "sb_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new PostgresSchema(schema);
    }

    public String jdbcUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public DatabaseConfig config() {
        return new DatabaseConfig(jdbcUrl(), USER, PASSWORD, 8);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return abort("PostgreSQL not reachable at " + URL + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
