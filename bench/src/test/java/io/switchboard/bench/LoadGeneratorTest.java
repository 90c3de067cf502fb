package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.LoadClient.Target;
import io.switchboard.bench.LoadGenerator.ClosedLoop;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exercises both load clients and the phase logic against an in-process loopback HTTP server. */
@Timeout(60)
class LoadGeneratorTest {

    private static final byte[] COMPLETION = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static HttpServer server;
    private static ExecutorService serverPool;
    private static final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private static final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger flakyCounter = new AtomicInteger();

    @BeforeAll
    static void startServer() throws IOException {
        // Without this the JDK server's separate chunk writes meet Nagle + delayed ACK (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        serverPool = Executors.newFixedThreadPool(8);
        server.setExecutor(serverPool);
        server.createContext("/fixed", ex -> respond(ex, 200, COMPLETION, false));
        server.createContext("/chunked", ex -> {
            record(ex);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // length 0 = chunked
            try (OutputStream os = ex.getResponseBody()) {
                os.write(COMPLETION, 0, 10);
                os.flush();
                os.write(COMPLETION, 10, COMPLETION.length - 10);
            }
        });
        server.createContext("/flaky", ex -> {
            boolean fail = flakyCounter.incrementAndGet() % 3 == 0;
            respond(
                    ex,
                    fail ? 500 : 200,
                    fail ? "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8) : COMPLETION,
                    false);
        });
        server.createContext("/close", ex -> respond(ex, 200, COMPLETION, true));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        serverPool.shutdownNow();
    }

    @BeforeEach
    void reset() {
        paths.clear();
        clientPorts.clear();
        flakyCounter.set(0);
    }

    private static void record(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        paths.add(ex.getRequestURI().getPath());
        clientPorts.add(ex.getRemoteAddress().getPort());
    }

    private static void respond(HttpExchange ex, int status, byte[] body, boolean close) throws IOException {
        record(ex);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (close) {
            ex.getResponseHeaders().add("Connection", "close");
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static Target target(String path) {
        return Target.jsonPost(
                path.substring(1),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                "sk-test",
                "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "socket"})
    void interleavesTargetsAbbaAndCountsEverySuccess(String kind) throws Exception {
        try (LoadClient client = LoadClient.create(kind, TIMEOUT);
                Session a = client.open(target("/fixed"));
                Session b = client.open(target("/chunked"))) {
            SampleLog samples = new SampleLog();
            long before = System.currentTimeMillis() * 1_000;
            List<PhaseResult> r =
                    LoadGenerator.interleaved(List.of("a", "b"), List.of(a, b), 200, Duration.ofSeconds(30), samples);
            for (PhaseResult p : r) {
                assertThat(p.errors().total()).as(p.errors().summary()).isZero();
                assertThat(p.ok()).isEqualTo(200);
                assertThat(p.latency().count()).isEqualTo(200);
                assertThat(p.latency().min()).isPositive();
                assertThat(p.truncated()).isFalse();
            }
            assertThat(r.get(0).target()).isEqualTo("a");
            assertThat(paths.subList(0, 6))
                    .containsExactly("/fixed", "/chunked", "/chunked", "/fixed", "/fixed", "/chunked");

            Path file = Files.createTempFile("samples", ".tsv");
            samples.writeTo(file);
            List<String> lines = Files.readAllLines(file);
            Files.delete(file);
            assertThat(lines).hasSize(401);
            assertThat(lines.getFirst()).isEqualTo("start_epoch_us\tpath\tlatency_us");
            assertThat(lines.subList(1, 5))
                    .extracting(line -> line.split("\t")[1])
                    .containsExactly("a", "b", "b", "a");
            long previousStart = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split("\t");
                long start = Long.parseLong(fields[0]);
                assertThat(start).isGreaterThanOrEqualTo(Math.max(previousStart, before - 1_000));
                assertThat(Long.parseLong(fields[2])).isNotNegative();
                previousStart = start;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "socket"})
    void returnsWholeBody(String kind) throws Exception {
        for (String path : List.of("/fixed", "/chunked")) {
            try (LoadClient client = LoadClient.create(kind, TIMEOUT);
                    Session s = client.open(target(path))) {
                for (int i = 0; i < 3; i++) {
                    LoadClient.Exchange ex = s.send();
                    assertThat(ex.status()).isEqualTo(200);
                    assertThat(ex.body()).isEqualTo(COMPLETION);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "socket"})
    void countsNon200AsErrorsWithASample(String kind) throws Exception {
        try (LoadClient client = LoadClient.create(kind, TIMEOUT);
                Session s = client.open(target("/flaky"))) {
            PhaseResult r = LoadGenerator.interleaved(List.of("flaky"), List.of(s), 30, Duration.ofSeconds(30))
                    .getFirst();
            assertThat(r.ok()).isEqualTo(20);
            assertThat(r.latency().count()).isEqualTo(20);
            assertThat(r.errors().total()).isEqualTo(10);
            assertThat(r.errors().byKind()).containsEntry("HTTP 500", 10L);
            assertThat(r.errors().firstSample()).contains("boom");
        }
    }

    @Test
    void socketClientKeepsOneConnectionAliveAndHonoursConnectionClose() throws Exception {
        try (LoadClient client = LoadClient.create("socket", TIMEOUT);
                Session s = client.open(target("/fixed"))) {
            PhaseResult r = LoadGenerator.interleaved(List.of("x"), List.of(s), 50, Duration.ofSeconds(30))
                    .getFirst();
            assertThat(r.ok()).isEqualTo(50);
            assertThat(clientPorts).hasSize(1);
        }
        clientPorts.clear();
        try (LoadClient client = LoadClient.create("socket", TIMEOUT);
                Session s = client.open(target("/close"))) {
            PhaseResult r = LoadGenerator.interleaved(List.of("x"), List.of(s), 20, Duration.ofSeconds(30))
                    .getFirst();
            assertThat(r.ok()).isEqualTo(20);
            assertThat(r.errors().total()).isZero();
            assertThat(clientPorts).hasSize(20);
        }
    }

    @Test
    void socketClientRecoversWhenServerDropsIdleConnection() throws Exception {
        // A second server that closes the connection after every response without saying so.
        try (var ss = new java.net.ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        try (var c = ss.accept()) {
                            var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream()));
                            int len = 0;
                            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                                if (line.toLowerCase().startsWith("content-length:")) {
                                    len = Integer.parseInt(line.substring(15).trim());
                                }
                            }
                            in.skip(len);
                            c.getOutputStream()
                                    .write(("HTTP/1.1 200 OK\r\nContent-Length: " + COMPLETION.length + "\r\n\r\n")
                                            .getBytes(StandardCharsets.ISO_8859_1));
                            c.getOutputStream().write(COMPLETION);
                            c.getOutputStream().flush();
                        }
                    }
                } catch (IOException ignored) {
                    // test ends
                }
            });
            Target tgt = Target.jsonPost(
                    "drop", URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/x"), "k", new byte[] {'{', '}'});
            try (LoadClient client = LoadClient.create("socket", TIMEOUT);
                    Session s = client.open(tgt)) {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(50); // let the server close first
                    assertThat(s.send().status()).isEqualTo(200);
                }
            }
            t.join(5000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "socket"})
    void closedLoopRunsForTheDurationWithAllWorkers(String kind) throws Exception {
        try (LoadClient client = LoadClient.create(kind, TIMEOUT);
                ClosedLoop loop = new ClosedLoop(client, target("/fixed"), 4, TIMEOUT)) {
            PhaseResult warm = loop.run(Duration.ofMillis(100), false);
            assertThat(warm.latency().count()).isZero();
            assertThat(warm.ok()).isPositive();
            clientPorts.clear();

            PhaseResult r = loop.run(Duration.ofMillis(400), true);
            assertThat(r.errors().total()).as(r.errors().summary()).isZero();
            assertThat(r.concurrency()).isEqualTo(4);
            assertThat(r.ok()).isPositive();
            assertThat(r.latency().count()).isEqualTo((int) r.ok());
            assertThat(r.elapsedNanos()).isBetween(400_000_000L, 5_000_000_000L);
            assertThat(r.requestsPerSecond()).isPositive();
            assertThat(clientPorts).hasSizeBetween(1, 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "socket"})
    void connectionRefusedIsAnErrorNotAHang(String kind) throws Exception {
        int port = GatewayOverheadBenchmark.freePorts(1)[0];
        Target dead =
                Target.jsonPost("dead", URI.create("http://127.0.0.1:" + port + "/x"), "k", new byte[] {'{', '}'});
        try (LoadClient client = LoadClient.create(kind, TIMEOUT);
                Session s = client.open(dead)) {
            ErrorTally errors = new ErrorTally();
            assertThat(LoadGenerator.sendOnce(s, errors)).isNull();
            assertThat(errors.total()).isEqualTo(1);
            assertThat(errors.summary()).contains("ConnectException");
        }
    }

    @Test
    void encodesRequestOnce() {
        String req = new String(SocketLoadClient.encodeRequest(target("/fixed")), StandardCharsets.ISO_8859_1);
        assertThat(req)
                .startsWith("POST /fixed HTTP/1.1\r\nHost: 127.0.0.1:"
                        + server.getAddress().getPort() + "\r\n")
                .contains("Authorization: Bearer sk-test\r\n")
                .contains("Content-Type: application/json\r\n")
                .endsWith("Content-Length: 13\r\n\r\n{\"model\":\"m\"}");
    }
}
