package io.switchboard.storage;

import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyStore;
import io.switchboard.keys.User;
import java.nio.file.Path;
import java.time.Instant;

/** Stands in for {@code switchboard keys create}: a separate JVM writing to the server's SQLite file. */
public final class SqliteCliSimulator {
    private SqliteCliSimulator() {}

    /** Args: data directory, user id, number of keys to create (one transaction each). */
    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        String userId = args[1];
        int keyCount = Integer.parseInt(args[2]);
        try (Database db = Database.open(DatabaseSettings.sqlite(dataDir))) {
            KeyStore keys = db.keyStore();
            long started = System.nanoTime();
            keys.insertUser(new User(userId, "cli-" + userId, Instant.now()));
            for (int i = 0; i < keyCount; i++) {
                keys.insertKey(
                        new ApiKey(userId + "-key-" + i, userId, "cli key " + i, "sk-...", null, false, Instant.now()));
            }
            System.out.printf(
                    "CLI-SIMULATOR inserted %d keys in %d ms%n", keyCount, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
