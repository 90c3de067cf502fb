package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.accounting.LedgerStore;
import io.switchboard.identity.IdentityStore;
import io.switchboard.keys.ByokStore;
import io.switchboard.keys.KeyStore;
import io.switchboard.routing.HealthRollupStore;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A migrated, pooled database. The only entry point to JDBC: everything else talks to the store ports.
 *
 * <p>SQLite is opened so that another process (the CLI creating a key while the server runs) can write the same file:
 * WAL lets readers proceed during a write, and {@code busy_timeout} makes a writer wait for the other process's lock
 * instead of failing at once with {@code SQLITE_BUSY}. Transactions stay DEFERRED on purpose: sqlite-jdbc begins the
 * next transaction right after every commit, so with IMMEDIATE a connection would grab the write lock again after each
 * commit (and a commit could even fail on that re-grab). Write transactions here start with their write, so DEFERRED
 * never has to upgrade a read lock.
 */
public final class Database implements AutoCloseable {
    static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    private static final int MIGRATION_POOL_SIZE = 2;

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the pool and applies pending migrations; fails fast if the database is unreachable. */
    public static Database open(DatabaseSettings settings) {
        requireNonNull(settings, "settings is null");
        // Flyway holds one connection for its lock while migrating on another, which a pool of one cannot serve:
        // migrate through a separate, short-lived pool so maxPoolSize stays purely an application setting.
        try (HikariDataSource migrationPool =
                new HikariDataSource(poolConfig(settings, "migrate", MIGRATION_POOL_SIZE))) {
            migrate(migrationPool);
        }
        return new Database(settings, new HikariDataSource(poolConfig(settings, "pool", settings.maxPoolSize())));
    }

    private static HikariConfig poolConfig(DatabaseSettings settings, String purpose, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName((settings.isSqlite() ? "switchboard-sqlite-" : "switchboard-postgres-") + purpose);
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.username() != null) {
            config.setUsername(settings.username());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(size);
        if (settings.isSqlite()) {
            // Driver properties understood by sqlite-jdbc; applied to every pooled connection.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
            config.addDataSourceProperty("foreign_keys", "true");
        }
        return config;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public KeyStore keyStore() {
        return new JdbiKeyStore(jdbi);
    }

    public LedgerStore ledgerStore() {
        return new JdbiLedgerStore(jdbi);
    }

    public ByokStore byokStore() {
        return new JdbiByokStore(jdbi);
    }

    public GenerationStore generationStore() {
        return new JdbiGenerationStore(jdbi);
    }

    public IdentityStore identityStore() {
        return new JdbiIdentityStore(jdbi);
    }

    public HealthRollupStore healthRollupStore() {
        return new JdbiHealthRollupStore(jdbi);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
