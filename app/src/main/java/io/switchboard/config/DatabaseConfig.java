package io.switchboard.config;

/**
 * Database settings. An empty {@code url} selects the embedded SQLite file in the data directory.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/switchboard}
 */
public record DatabaseConfig(String url, String username, String password, int maxPoolSize) {
    public DatabaseConfig {
        url = url == null ? "" : url;
        if (maxPoolSize <= 0) {
            throw new IllegalArgumentException("database.max_pool_size must be positive: " + maxPoolSize);
        }
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig("", null, null, 8);
    }

    public boolean embedded() {
        return url.isBlank();
    }
}
