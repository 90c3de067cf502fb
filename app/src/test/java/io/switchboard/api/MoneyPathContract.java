package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.catalog.Endpoint;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKeys;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The money path end to end through a real gateway and simulator; run on SQLite and on PostgreSQL. */
abstract class MoneyPathContract {
    static final String MINI = "openai/gpt-4o-mini";

    TestGateway gateway;

    /** Points the configuration at the store under test. */
    abstract UnaryOperator<SwitchboardConfig> store() throws Exception;

    void dropStore() throws Exception {}

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(SimulatorOptions.defaults(), store(), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            gateway.close();
        } finally {
            dropStore();
        }
    }

    static String chat(String model, int maxTokens, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the sea\"}]}";
    }

    @Test
    void hundredConcurrentRequestsOnALimitedKeyNeverOverspend() throws Exception {
        // gpt-4o-mini: $0.15/M in, $0.60/M out; each request reserves roughly $0.00006, the limit fits a few dozen.
        BigDecimal limit = new BigDecimal("0.002");
        String key = gateway.createKey("spender", new BigDecimal("100"), limit);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String body = chat(MINI, 80, i % 3 == 0);
                futures.add(pool.submit(() -> {
                    go.await();
                    return gateway.post("/chat/completions", body, "Authorization", "Bearer " + key);
                }));
            }
            go.countDown();
        }
        int ok = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> future : futures) {
            HttpResponse<String> response = future.get();
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
                assertThat(response.body()).contains("You requested up to 80 tokens, but can only afford");
                refused++;
            }
        }
        assertThat(ok).isPositive();
        assertThat(refused).isPositive();
        gateway.server().flushUsage();

        String hash = ApiKeys.hash(key);
        BigDecimal settled = gateway
                .server()
                .database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT cost_pico_usd FROM generations WHERE key_hash = :hash")
                        .bind("hash", hash)
                        .mapTo(Long.class)
                        .list())
                .stream()
                .map(pico -> BigDecimal.valueOf(pico, 12))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(settled).isPositive().isLessThanOrEqualTo(limit);
        String userId =
                gateway.server().keys().find(userIdOf(key), hash).orElseThrow().userId();
        assertThat(gateway.server().accounts().keyUsage(userId, hash).usage()).isEqualByComparingTo(settled);
        assertThat(gateway.server().accounts().reserved(userId)).isZero();
        assertThat(gateway.server().accounts().outstandingReservations()).isZero();
        assertThat(gateway.server().database().ledgerStore().usageByKey().get(hash))
                .isEqualByComparingTo(settled);
    }

    private String userIdOf(String key) {
        return gateway.server().keys().authenticate(key).orElseThrow().user().id();
    }

    @Test
    void byokIsTriedFirstAndBillsAFivePercentFee() throws Exception {
        String key = gateway.createKey("byok-user", new BigDecimal("10"), null);
        String management = gateway.createManagementKey("byok-user");
        List<Endpoint> endpoints = gateway.server().catalog().endpoints(MINI);
        String provider = endpoints.getLast().providerSlug(); // not the router's first choice on purpose
        HttpResponse<String> created = gateway.post(
                "/byok",
                "{\"provider\":\"" + provider + "\",\"key\":\"sk-user-own-key-1234567890\"}",
                "Authorization",
                "Bearer " + management);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response =
                    gateway.post("/chat/completions", chat(MINI, 40, stream), "Authorization", "Bearer " + key);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode usage = usageOf(response.body(), stream);
            assertThat(usage.path("is_byok").asBoolean()).isTrue();
            BigDecimal upstream =
                    usage.path("cost_details").path("upstream_inference_cost").decimalValue();
            assertThat(upstream).isPositive();
            assertThat(usage.path("cost").decimalValue())
                    .isEqualByComparingTo(upstream.multiply(new BigDecimal("0.05")));

            String id = response.headers().firstValue("X-Generation-Id").orElseThrow();
            gateway.server().flushUsage();
            GenerationRecord row =
                    gateway.server().database().generationStore().find(id).orElseThrow();
            assertThat(row.byok()).isTrue();
            assertThat(row.providerSlug()).isEqualTo(provider);
            assertThat(row.upstreamCost()).isEqualByComparingTo(upstream);
            assertThat(row.cost()).isEqualByComparingTo(usage.path("cost").decimalValue());
        }
        JsonNode keyInfo = Json.MAPPER
                .readTree(gateway.get("/key", "Authorization", "Bearer " + key).body())
                .path("data");
        assertThat(keyInfo.path("byok_usage").decimalValue()).isPositive();
        assertThat(keyInfo.path("usage").decimalValue())
                .isEqualByComparingTo(keyInfo.path("byok_usage").decimalValue().multiply(new BigDecimal("0.05")));
    }

    @Test
    void modelsThatRequireByokNeedAKeyAndRejectedKeysAreReported() throws Exception {
        String key = gateway.createKey("gpt5-user", new BigDecimal("10"), null);
        String gpt5 = chat("openai/gpt-5", 20, false);
        HttpResponse<String> refused = gateway.post("/chat/completions", gpt5, "Authorization", "Bearer " + key);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body())
                .contains("requires your own provider key (BYOK)")
                .contains("POST /api/v1/byok");

        String management = gateway.createManagementKey("gpt5-user");
        HttpResponse<String> created = gateway.post(
                "/byok",
                "{\"provider\":\"openai\",\"key\":\"sk-openai-own-0987654321\",\"always_use\":true}",
                "Authorization",
                "Bearer " + management);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> served = gateway.post("/chat/completions", gpt5, "Authorization", "Bearer " + key);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(served.body())
                        .path("usage")
                        .path("is_byok")
                        .asBoolean())
                .isTrue();

        // The provider rejects the user's key: reported as such, not as an outage.
        HttpResponse<String> rejected =
                gateway.post("/chat/completions", gpt5, "Authorization", "Bearer " + key, "X-Sim-Status", "401");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(403);
        JsonNode error = Json.MAPPER.readTree(rejected.body()).path("error");
        assertThat(error.path("message").asString()).contains("rejected your own API key (BYOK)");
        assertThat(error.path("metadata").path("byok_key_rejected").asBoolean()).isTrue();
        assertThat(error.path("metadata").path("is_byok").asBoolean()).isTrue();
        assertThat(error.path("metadata")
                        .path("byok_errors")
                        .get(0)
                        .path("status")
                        .asInt())
                .isEqualTo(401);
    }

    @Test
    void appAttributionRollsUpPerDayByOriginAndActivityMatchesTheRows() throws Exception {
        String key = gateway.createKey("app-user", new BigDecimal("10"), null);
        String[][] apps = {
            {"https://Example.app/chat?x=1", "Example App"},
            {"https://example.app/", null},
            {"https://other.dev:8443/x", "Other"}
        };
        int n = 0;
        for (String[] app : apps) {
            for (int i = 0; i < 2; i++) {
                List<String> headers =
                        new ArrayList<>(List.of("Authorization", "Bearer " + key, "HTTP-Referer", app[0]));
                if (app[1] != null) {
                    headers.addAll(List.of(i == 0 ? "X-Title" : "X-OpenRouter-Title", app[1]));
                }
                HttpResponse<String> response =
                        gateway.post("/chat/completions", chat(MINI, 30, n++ % 2 == 0), headers.toArray(String[]::new));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
        }
        assertThat(gateway.post("/chat/completions", chat(MINI, 10, false), "Authorization", "Bearer " + key)
                        .statusCode())
                .isEqualTo(200); // no referer: no app
        gateway.server().flushUsage();

        List<GenerationStore.AppUsage> rollup =
                gateway.server().database().generationStore().appUsage(Instant.EPOCH, null);
        assertThat(rollup)
                .extracting(GenerationStore.AppUsage::appOrigin)
                .containsExactlyInAnyOrder("https://example.app", "https://other.dev:8443");
        for (GenerationStore.AppUsage app : rollup) {
            String origin = app.appOrigin();
            List<Map<String, Object>> sums = gateway.server()
                    .database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, SUM(prompt_tokens) AS p,"
                                    + " SUM(completion_tokens) AS c FROM generations WHERE app_referer LIKE :like")
                            .bind("like", origin.equals("https://example.app") ? "https://%xample.app/%" : origin + "%")
                            .mapToMap()
                            .list());
            assertThat(app.requests()).isEqualTo(((Number) sums.getFirst().get("n")).longValue());
            assertThat(app.promptTokens()).isEqualTo(((Number) sums.getFirst().get("p")).longValue());
            assertThat(app.completionTokens())
                    .isEqualTo(((Number) sums.getFirst().get("c")).longValue());
            assertThat(app.requests()).isEqualTo(4 - (origin.contains("other") ? 2 : 0));
        }
        assertThat(rollup)
                .filteredOn(app -> app.appOrigin().equals("https://example.app"))
                .singleElement()
                .satisfies(app -> assertThat(app.appTitle()).isEqualTo("Example App"));

        JsonNode rankings = Json.MAPPER.readTree(
                gateway.get("/datasets/app-rankings?period=day").body());
        assertThat(rankings.path("data").get(0).path("app_id").asString()).isEqualTo("https://example.app");
        assertThat(rankings.path("data").get(0).path("total_requests").asLong()).isEqualTo(4);

        JsonNode activity = Json.MAPPER.readTree(
                gateway.get("/activity", "Authorization", "Bearer " + key).body());
        JsonNode rows = activity.path("data");
        long requests = 0;
        BigDecimal usage = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            assertThat(row.path("model").asString()).isEqualTo(MINI);
            assertThat(row.path("date").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
            requests += row.path("requests").asLong();
            usage = usage.add(row.path("usage").decimalValue());
        }
        assertThat(requests).isEqualTo(7);
        assertThat(usage).isEqualByComparingTo(gateway.server().accounts().usage(userIdOf(key)));
    }

    static JsonNode usageOf(String body, boolean stream) {
        if (!stream) {
            return Json.MAPPER.readTree(body).path("usage");
        }
        JsonNode usage = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = Json.MAPPER.readTree(line.substring(6));
                if (chunk.has("usage")) {
                    usage = chunk.path("usage");
                }
            }
        }
        assertThat(usage).as("usage chunk in %s", body).isNotNull();
        return usage;
    }
}
