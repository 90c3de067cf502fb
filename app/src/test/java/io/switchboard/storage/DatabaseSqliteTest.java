package io.switchboard.storage;

import static io.switchboard.storage.TestData.T0;
import static io.switchboard.storage.TestData.generation;
import static io.switchboard.storage.TestData.key;
import static io.switchboard.storage.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.keys.ApiKey;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSqliteTest {
    @TempDir
    Path dir;

    @Test
    void sqliteSettingsCreateTheDataDirectory() {
        Path dataDir = dir.resolve("a/b/c");
        DatabaseSettings settings = DatabaseSettings.sqlite(dataDir);

        assertThat(dataDir).isDirectory();
        assertThat(settings.isSqlite()).isTrue();
        assertThat(settings.jdbcUrl())
                .isEqualTo("jdbc:sqlite:" + dataDir.resolve("switchboard.db").toAbsolutePath());
        assertThat(settings.maxPoolSize()).isEqualTo(DatabaseSettings.SQLITE_POOL_SIZE);
    }

    @Test
    void settingsNeverPrintThePassword() {
        var settings = DatabaseSettings.postgres("jdbc:postgresql://db/x", "sb", "s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("***");
        assertThat(settings.isSqlite()).isFalse();
    }

    @Test
    void everyPooledConnectionHasWalBusyTimeoutAndForeignKeys() {
        try (Database db = Database.open(DatabaseSettings.sqlite(dir))) {
            // Ask several connections at once so the pool has to hand out more than one.
            List<CompletableFuture<List<String>>> futures = new ArrayList<>();
            for (int i = 0; i < DatabaseSettings.SQLITE_POOL_SIZE; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> db.jdbi().withHandle(h -> {
                    List<String> pragmas = List.of(
                            h.createQuery("PRAGMA journal_mode")
                                    .mapTo(String.class)
                                    .one(),
                            h.createQuery("PRAGMA busy_timeout")
                                    .mapTo(String.class)
                                    .one(),
                            h.createQuery("PRAGMA foreign_keys")
                                    .mapTo(String.class)
                                    .one());
                    sleep(50);
                    return pragmas;
                })));
            }
            for (var future : futures) {
                assertThat(future.join()).containsExactly("wal", "5000", "1");
            }
        }
    }

    @Test
    void aPoolOfOneConnectionIsEnough() {
        var settings = new DatabaseSettings(DatabaseSettings.sqlite(dir).jdbcUrl(), null, null, 1);
        try (Database db = Database.open(settings)) {
            db.keyStore().insertUser(user("u1"));
            assertThat(db.keyStore().findUser("u1")).isPresent();
        }
    }

    @Test
    void serverAndCliStartingTogetherOnAFreshFileBothMigrate() {
        List<CompletableFuture<Database>> opening = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> Database.open(DatabaseSettings.sqlite(dir))));
        }
        for (var future : opening) {
            try (Database db = future.join()) {
                assertThat(db.generationStore().count()).isZero();
            }
        }
    }

    @Test
    void secondDatabaseOnTheSameFileWritesWhileTheFirstKeepsItsPool() {
        try (Database server = Database.open(DatabaseSettings.sqlite(dir))) {
            server.keyStore().insertUser(user("u1"));
            assertThat(server.keyStore().findKey("hash-cli")).isEmpty();

            try (Database cli = Database.open(DatabaseSettings.sqlite(dir))) {
                cli.keyStore().insertKey(key("hash-cli", "u1", new BigDecimal("3")));
            }

            ApiKey seen = server.keyStore().findKey("hash-cli").orElseThrow();
            assertThat(seen.limit()).isEqualTo(new BigDecimal("3"));
        }
    }

    @Test
    void anotherProcessCreatesKeysWhileTheServerWritesGenerations() throws Exception {
        int cliKeys = 50;
        try (Database server = Database.open(DatabaseSettings.sqlite(dir))) {
            GenerationStore store = server.generationStore();
            AtomicBoolean cliRunning = new AtomicBoolean(true);
            AtomicInteger batches = new AtomicInteger();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            // The server keeps writing batches like a busy usage recorder, so both processes contend for the write
            // lock. SQLite has no fair lock queue: a waiter only wins if it polls between two commits, so a writer
            // committing back to back with no pause at all can starve the other process past its busy_timeout. The
            // recorder pauses while a batch fills (maxDelay); 2 ms here is a far busier server than expected.
            Thread serverWriter = Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 0; cliRunning.get(); ) {
                        List<GenerationRecord> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++, n++) {
                            batch.add(generation("g" + n, "u1", "k1", new BigDecimal("0.001"), T0));
                        }
                        store.insertBatch(batch);
                        batches.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    serverFailure.set(e);
                }
            });

            Path log = dir.resolve("cli.log");
            Process cli = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            SqliteCliSimulator.class.getName(),
                            dir.toString(),
                            "cli-user",
                            String.valueOf(cliKeys))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = cli.waitFor(60, TimeUnit.SECONDS);
            cliRunning.set(false);
            serverWriter.join();
            if (!finished) {
                cli.destroyForcibly();
            }

            assertThat(serverFailure.get()).as("server write failure").isNull();
            assertThat(finished).as("CLI process finished").isTrue();
            assertThat(cli.exitValue())
                    .as(() -> "CLI exit code; output:\n" + read(log))
                    .isZero();
            read(log).lines().filter(line -> line.startsWith("CLI-SIMULATOR")).forEach(System.out::println);
            assertThat(batches.get()).isPositive();
            assertThat(store.count()).isEqualTo(batches.get() * 20L);
            assertThat(server.keyStore().findUser("cli-user")).isPresent();
            assertThat(server.keyStore().allKeys()).hasSize(cliKeys);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
