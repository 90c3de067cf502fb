package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ServerConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.ApiKeys;
import io.switchboard.keys.KeyService;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.server.SwitchboardStore;
import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import java.io.File;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a child JVM under load, killed with SIGKILL mid-load, then started again on the same store: the ledger
 * must equal the generation rows that made it to the database, and no reservation may survive.
 */
abstract class CrashRecoveryContract {
    @TempDir
    Path dataDir;

    /** The store's configuration in this JVM, and the same as environment variables for the child. */
    abstract SwitchboardConfig store(SwitchboardConfig config) throws Exception;

    abstract Map<String, String> childEnvironment();

    void dropStore() throws Exception {}

    private static long generationRows(SwitchboardStore store, String userId) {
        return store.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM generations WHERE user_id = :u")
                        .bind("u", userId)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void ledgerAfterKillNineMatchesTheGenerationRows() throws Exception {
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
            SwitchboardConfig config = store(SwitchboardConfig.defaults()
                    .withDataDir(dataDir.toString())
                    .withServer(ServerConfig.defaults().withHost("127.0.0.1").withPort(0))
                    .withUpstreamOverride(simulator.baseUrl()));
            String key;
            String userId;
            try (SwitchboardStore store = SwitchboardStore.open(config)) {
                KeyService.CreatedKey created = new KeyService(store.database().keyStore(), Clock.systemUTC())
                        .create("crash-user", "crash key", new BigDecimal("5"));
                new io.switchboard.accounting.AccountService(store.database().ledgerStore(), Clock.systemUTC())
                        .grant(created.user().id(), new BigDecimal("50"), "test");
                key = created.plaintext();
                userId = created.user().id();
            }

            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process child = startChild(port, simulator.baseUrl());
            AtomicInteger ok = new AtomicInteger();
            try {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                String base = "http://127.0.0.1:" + port + "/api/v1";
                awaitHealthy(http, base, child);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
                for (int worker = 0; worker < 16; worker++) {
                    boolean stream = worker % 2 == 0;
                    load.submit(() -> {
                        String body = "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":40,\"stream\":" + stream
                                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Crash test\"}]}";
                        while (!stop.get()) {
                            try {
                                HttpResponse<String> response = http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                                                .timeout(Duration.ofSeconds(5))
                                                .header("Authorization", "Bearer " + key)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 200) {
                                    ok.incrementAndGet();
                                }
                            } catch (Exception e) {
                                // the gateway died under us: expected
                            }
                        }
                        return null;
                    });
                }
                // Kill only once rows have reached the database too, or the comparison below means nothing: under this
                // full load the usage writer (idle scheduling priority) may write late, until its rescuer steps in.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try (SwitchboardStore observer = SwitchboardStore.open(config)) {
                    while ((ok.get() < 150 || generationRows(observer, userId) == 0) && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                load.shutdown();
                assertThat(load.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(ok.get()).as("requests served before the kill").isGreaterThanOrEqualTo(150);

            try (SwitchboardServer restarted = SwitchboardServer.start(config, Map.of(), Clock.systemUTC())) {
                String hash = ApiKeys.hash(key);
                List<Long> rows = restarted
                        .database()
                        .jdbi()
                        .withHandle(h -> h.createQuery("SELECT cost_pico_usd FROM generations WHERE user_id = :u")
                                .bind("u", userId)
                                .mapTo(Long.class)
                                .list());
                BigDecimal sumOfRows = rows.stream()
                        .map(pico -> BigDecimal.valueOf(pico, 12))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(rows).isNotEmpty();
                assertThat(sumOfRows).isPositive();
                var accounts = restarted.accounts();
                assertThat(accounts.usage(userId)).isEqualByComparingTo(sumOfRows);
                assertThat(accounts.keyUsage(userId, hash).usage()).isEqualByComparingTo(sumOfRows);
                assertThat(accounts.keyUsage(userId, hash).daily()).isEqualByComparingTo(sumOfRows);
                assertThat(accounts.balance(userId)).isEqualByComparingTo(new BigDecimal("50").subtract(sumOfRows));
                assertThat(accounts.reserved(userId)).isZero();
                assertThat(accounts.outstandingReservations()).isZero();
                assertThat(sumOfRows).isLessThanOrEqualTo(new BigDecimal("5"));

                // And it serves again, settling onto the rebuilt ledger.
                HttpResponse<String> after = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(restarted.baseUrl().replace("localhost", "127.0.0.1")
                                                        + "/api/v1/chat/completions"))
                                        .header("Authorization", "Bearer " + key)
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"model\":\"openai/gpt-4o-mini\","
                                                                + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
                assertThat(accounts.reserved(userId)).isZero();
                assertThat(accounts.usage(userId)).isGreaterThan(sumOfRows);
            }
        } finally {
            dropStore();
        }
    }

    private Process startChild(int port, String upstream) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.switchboard.cli.Main",
                "serve",
                "--data-dir",
                dataDir.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--upstream-override",
                upstream));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = new HashMap<>(childEnvironment());
        builder.environment().putAll(environment);
        File log = dataDir.resolve("child.log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    private void awaitHealthy(HttpClient http, String base, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("gateway exited: " + Files.readString(dataDir.resolve("child.log")));
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(base.replace("/api/v1", "/health")))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway did not start: " + Files.readString(dataDir.resolve("child.log")));
    }
}
