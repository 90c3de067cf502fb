package io.switchboard.storage;

import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs against the local PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth), each test in its own throwaway
 * schema. Override with SWITCHBOARD_TEST_PG_URL / _USER / _PASSWORD. Skipped only if the server cannot be reached.
 */
class JdbiStoresPostgresTest extends JdbiStoresContract {
    static final String URL = Objects.requireNonNullElse(
            System.getenv("SWITCHBOARD_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = Objects.requireNonNullElse(System.getenv("SWITCHBOARD_TEST_PG_USER"), "postgres");
    static final String PASSWORD = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");

    private String schema;

    @Override
    protected DatabaseSettings freshSettings() throws SQLException {
        schema = "sb_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String separator = URL.contains("?") ? "&" : "?";
        // A pool of one: proves no store method needs two connections at once (and that migration copes).
        return new DatabaseSettings(URL + separator + "currentSchema=" + schema, USER, PASSWORD, 1);
    }

    @Override
    protected void cleanUp() throws SQLException {
        if (schema != null) {
            try (Connection c = connect();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            // SQLState class 08 is "connection exception": no server there. Anything else (auth, missing database) is
            // a real failure and must not be hidden as a skip.
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return abort("PostgreSQL not reachable at " + URL + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
