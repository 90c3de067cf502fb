package io.switchboard.storage;

import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The rollup store on the local PostgreSQL (see {@link JdbiStoresPostgresTest}); skipped only if unreachable. */
class HealthRollupStorePostgresTest extends HealthRollupStoreContract {
    private String schema;

    @Override
    protected DatabaseSettings freshSettings() throws SQLException {
        schema = "sb_health_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = JdbiStoresPostgresTest.URL;
        String separator = url.contains("?") ? "&" : "?";
        return new DatabaseSettings(
                url + separator + "currentSchema=" + schema,
                JdbiStoresPostgresTest.USER,
                JdbiStoresPostgresTest.PASSWORD,
                1);
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
            return DriverManager.getConnection(
                    JdbiStoresPostgresTest.URL, JdbiStoresPostgresTest.USER, JdbiStoresPostgresTest.PASSWORD);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return abort("PostgreSQL not reachable at " + JdbiStoresPostgresTest.URL + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
