package io.switchboard.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how to connect. Only SQLite ({@code jdbc:sqlite:}) and PostgreSQL ({@code jdbc:postgresql:}) are supported.
 *
 * @param username null for SQLite or trust authentication
 * @param password null when not needed
 */
public record DatabaseSettings(String jdbcUrl, String username, String password, int maxPoolSize) {
    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    /** The database file created inside the data directory. */
    public static final String SQLITE_FILE_NAME = "switchboard.db";

    /**
     * SQLite allows one writer at a time and its JNI calls pin virtual threads to their carrier, so a large pool only
     * adds threads waiting on the file lock while holding carriers. WAL still lets a few readers run concurrently.
     */
    public static final int SQLITE_POOL_SIZE = 4;

    public static final int POSTGRES_POOL_SIZE = 10;

    public DatabaseSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        if (!jdbcUrl.startsWith(SQLITE_PREFIX) && !jdbcUrl.startsWith(POSTGRES_PREFIX)) {
            throw new IllegalArgumentException(
                    "unsupported JDBC URL (need jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl);
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
        }
    }

    /** A SQLite database in {@code dataDir/switchboard.db}; creates the directory if needed. */
    public static DatabaseSettings sqlite(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(SQLITE_FILE_NAME).toAbsolutePath();
        return new DatabaseSettings(SQLITE_PREFIX + file, null, null, SQLITE_POOL_SIZE);
    }

    public static DatabaseSettings postgres(String jdbcUrl, String username, String password) {
        return new DatabaseSettings(jdbcUrl, username, password, POSTGRES_POOL_SIZE);
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith(SQLITE_PREFIX);
    }

    /** Never prints the password: settings end up in logs. */
    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password="
                + (password == null ? null : "***") + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
