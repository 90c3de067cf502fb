package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKeys;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConcurrencyAndCancellationTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        // A slow simulator: 50 tokens per second, so a long answer is still streaming when the client leaves.
        gateway = TestGateway.start(
                SimulatorOptions.defaults().withTokensPerSecond(50),
                config -> config.withServer(config.server().withKeepaliveIntervalMs(200)));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void usageIsRecordedExactlyOnceUnder200ConcurrentRequests() throws Exception {
        String key = gateway.createKey("concurrent-user", new BigDecimal("50"), null);
        String body =
                "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String request =
                        i % 2 == 0 ? body : body.replace("\"max_tokens\":3", "\"max_tokens\":3,\"stream\":true");
                responses.add(pool.submit(
                        () -> gateway.post("/chat/completions", request, "Authorization", "Bearer " + key)));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
            ids.add(response.get().headers().firstValue("X-Generation-Id").orElseThrow());
        }
        assertThat(ids).doesNotHaveDuplicates();
        gateway.server().flushUsage();

        String hash = ApiKeys.hash(key);
        BigDecimal storedUsage =
                gateway.server().database().ledgerStore().usageByKey().get(hash);
        BigDecimal sumOfRows = BigDecimal.ZERO;
        for (String id : ids) {
            Optional<GenerationRecord> row =
                    gateway.server().database().generationStore().find(id);
            assertThat(row).as("generation %s stored", id).isPresent();
            sumOfRows = sumOfRows.add(row.get().cost());
        }
        assertThat(storedUsage).isEqualByComparingTo(sumOfRows);
        assertThat(gateway.server().accounts().keyUsage(hash)).isEqualByComparingTo(sumOfRows);
        long rowsForKey = gateway.server()
                .database()
                .jdbi()
                .withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM generations WHERE key_hash = :hash")
                        .bind("hash", hash)
                        .mapTo(Long.class)
                        .one());
        assertThat(rowsForKey).isEqualTo(200);
    }

    @Test
    void clientDisconnectMidStreamCancelsTheUpstreamWithinOneSecond() throws Exception {
        long cancelledBefore = gateway.simulator().cancelledCount();
        String body =
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long story\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + gateway.apiKey())
                .header("Content-Type", "application/json")
                .header("X-Sim-Tokens", "500")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<InputStream> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        String generationId = response.headers().firstValue("X-Generation-Id").orElseThrow();
        InputStream stream = response.body();
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        int contentEvents = 0;
        String line;
        while (contentEvents < 5 && (line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                contentEvents++;
            }
        }
        stream.close();
        long closedAt = System.nanoTime();

        while (gateway.simulator().cancelledCount() == cancelledBefore
                && System.nanoTime() - closedAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(10);
        }
        long cancelMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(gateway.simulator().cancelledCount()).isGreaterThan(cancelledBefore);
        assertThat(cancelMillis).isLessThan(1_000);

        JsonNode stats = null;
        for (int attempt = 0; attempt < 100 && stats == null; attempt++) {
            HttpResponse<String> found = gateway.getAuthorized("/generation?id=" + generationId);
            if (found.statusCode() == 200) {
                stats = Json.MAPPER.readTree(found.body()).path("data");
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(stats).isNotNull();
        assertThat(stats.path("cancelled").asBoolean()).isTrue();
        assertThat(stats.path("streamed").asBoolean()).isTrue();
        assertThat(stats.path("tokens_completion").asLong()).isPositive();
    }

    @Test
    void heartbeatCommentsKeepASilentStreamAlive() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"wait\"}]}",
                "X-Sim-Delay-Ms",
                "700");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(": SWITCHBOARD PROCESSING\n\n");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }
}
