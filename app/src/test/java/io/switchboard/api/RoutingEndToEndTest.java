package io.switchboard.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.config.ModelConfig;
import io.switchboard.config.ProviderConfig;
import io.switchboard.config.RoutingConfig;
import io.switchboard.json.Json;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Several providers behind one model, end to end over HTTP.
 *
 * <p>{@code multi}: real separate upstreams, no simulator override: a fast simulator, a slow one (1.5 s to the first
 * token), and a scripted server whose {@code /down} answers 503 and whose {@code /stall} sends 200 headers and then
 * nothing. {@code simulated}: three providers all pointed at one simulator, scripted with {@code X-Sim-*} headers
 * (which then apply to every attempt).
 */
class RoutingEndToEndTest {
    private static ScriptedUpstream scripted;
    private static Simulator slowSimulator;
    private static TestGateway multi;
    private static TestGateway simulated;

    @BeforeAll
    static void start() throws Exception {
        scripted = ScriptedUpstream.start();
        slowSimulator = Simulator.start(SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(1500)));
        multi = TestGateway.start(SimulatorOptions.defaults(), config -> {
            String fast = config.upstreamOverride();
            Map<String, ProviderConfig> providers = new LinkedHashMap<>();
            providers.put("down", provider("Down", scripted.url("down"), null, null, null));
            providers.put("stall", provider("Stall", scripted.url("stall"), 300L, 300L, null));
            providers.put("fast", provider("Fast", fast, null, null, null));
            providers.put("slow", provider("Slow", slowSimulator.baseUrl(), 300L, null, null));
            providers.put("narrow", provider("Narrow", slowSimulator.baseUrl(), null, null, 1));
            ModelConfig llm = model(
                    "acme/llm",
                    131_072,
                    endpoint("down", "0.5", 131_072),
                    endpoint("stall", "0.8", 131_072),
                    endpoint("fast", "1", 131_072),
                    endpoint("slow", "2", 131_072),
                    endpoint("narrow", "3", 131_072));
            return config.withUpstreamOverride(null)
                    .withProviders(providers)
                    .withModels(List.of(llm))
                    .withRouting(RoutingConfig.defaults().withUptimeMinRequests(1));
        });
        simulated = TestGateway.start(SimulatorOptions.defaults().withTokensPerSecond(500), config -> {
            Map<String, ProviderConfig> providers = new LinkedHashMap<>();
            for (String slug : List.of("alpha", "beta", "gamma")) {
                providers.put(
                        slug, provider(slug.toUpperCase(), "http://replaced-by-the-simulator/v1", null, null, null));
            }
            ModelConfig llm = model(
                    "acme/llm",
                    131_072,
                    endpoint("alpha", "1", 131_072),
                    endpoint("beta", "2", 131_072),
                    endpoint("gamma", "3", 131_072));
            ModelConfig tiny = model("acme/tiny", 1000, endpoint("alpha", "0.1", 1000));
            // Models of their own, so other tests' failures do not change their health.
            ModelConfig route = model(
                    "acme/route",
                    131_072,
                    endpoint("alpha", "1", 131_072),
                    endpoint("beta", "2", 131_072),
                    endpoint("gamma", "3", 131_072));
            ModelConfig cancel = model("acme/cancel", 131_072, endpoint("gamma", "1", 131_072));
            ModelConfig big = new ModelConfig(
                    "acme/big",
                    "Acme Big",
                    null,
                    200_000L,
                    null,
                    List.of(new ModelConfig.EndpointConfig(
                            "gamma",
                            "acme-big",
                            "10",
                            "10",
                            200_000L,
                            8192L,
                            List.of("max_tokens", "temperature", "reasoning", "tools"))));
            return config.withProviders(providers)
                    .withModels(List.of(llm, tiny, big, route, cancel))
                    .withRouting(RoutingConfig.defaults()
                            .withUptimeMinRequests(1)
                            .withAutoRouterModels(List.of("acme/llm", "acme/big")));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (simulated != null) {
            simulated.close();
        }
        if (multi != null) {
            multi.close();
        }
        if (slowSimulator != null) {
            slowSimulator.close();
        }
        if (scripted != null) {
            scripted.close();
        }
    }

    // ------------------------------------------------------------ fallback with separate upstreams

    @Test
    void aFailingEndpointFallsBackToTheNextOneUnnoticed() throws Exception {
        HttpResponse<String> response = multi.postAuthorized(
                "/chat/completions", body("acme/llm", false, "\"provider\":{\"order\":[\"down\",\"fast\"]}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("provider").asString()).isEqualTo("Fast");
        assertThat(body.path("model").asString()).isEqualTo("acme/llm");

        JsonNode stats = generation(multi, body.path("id").asString());
        assertThat(stats.path("provider_responses")).hasSize(2);
        assertThat(stats.path("provider_responses").get(0).path("provider").asString())
                .isEqualTo("Down");
        assertThat(stats.path("provider_responses").get(0).path("status").asInt())
                .isEqualTo(503);
        assertThat(stats.path("provider_responses").get(1).path("status").asInt())
                .isEqualTo(200);
        JsonNode routing = stats.path("routing");
        assertThat(routing.path("strategy").asString()).isEqualTo("order");
        assertThat(routing.path("selected").path("provider").asString()).isEqualTo("fast");
        assertThat(routing.path("reason").asString()).endsWith("after 1 failed attempt(s)");
        assertThat(routing.path("candidates").get(0).path("reason").asString()).isEqualTo("provider.order position 1");
        assertThat(stats.path("router").isNull()).isTrue();
    }

    @Test
    void streamingFallsBackBeforeTheFirstByteEvenAfterUpstreamHeaders() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = multi.postAuthorized(
                "/chat/completions",
                body(
                        "acme/llm",
                        true,
                        "\"provider\":{\"order\":[\"down\",\"stall\",\"fast\"],\"allow_fallbacks\":false}"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = chunks(response.body());
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(chunks).noneMatch(chunk -> chunk.has("error"));
        assertThat(chunks.getFirst().path("provider").asString()).isEqualTo("Fast");
        assertThat(elapsedMs).isLessThan(5_000);

        JsonNode attempts =
                generation(multi, chunks.getFirst().path("id").asString()).path("provider_responses");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0).path("status").asInt()).isEqualTo(503);
        // The stalled provider answered 200 and then sent nothing within its 300 ms idle timeout.
        assertThat(attempts.get(1).path("provider").asString()).isEqualTo("Stall");
        assertThat(attempts.get(1).path("error").asString()).isNotBlank();
        assertThat(attempts.get(2).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void aPerProviderFirstByteTimeoutMovesOnQuickly() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = multi.postAuthorized(
                "/chat/completions", body("acme/llm", false, "\"provider\":{\"order\":[\"slow\",\"fast\"]}"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // slow needs 1.5 s; its own first_byte_timeout_ms of 300 cuts it short.
        assertThat(elapsedMs).isLessThan(1_400);
        JsonNode attempts = generation(
                        multi, Json.MAPPER.readTree(response.body()).path("id").asString())
                .path("provider_responses");
        assertThat(attempts.get(0).path("provider").asString()).isEqualTo("Slow");
        assertThat(attempts.get(0).path("status").asInt()).isZero();
        assertThat(attempts.get(1).path("provider").asString()).isEqualTo("Fast");
    }

    @Test
    void orderWithoutFallbacksReturnsTheProvidersError() throws Exception {
        HttpResponse<String> response = multi.postAuthorized(
                "/chat/completions",
                body("acme/llm", false, "\"provider\":{\"order\":[\"down\"],\"allow_fallbacks\":false}"));
        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("metadata").path("provider_name").asString()).isEqualTo("Down");
        assertThat(error.path("message").asString()).contains("HTTP 503");
    }

    @Test
    void aFullProviderIsSkippedSoItCannotStarveTheOthers() throws Exception {
        String request = body("acme/llm", false, "\"provider\":{\"order\":[\"narrow\",\"fast\"]}");
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            responses.add(pool.submit(() -> multi.postAuthorized("/chat/completions", request)));
            Thread.sleep(300);
            responses.add(pool.submit(() -> multi.postAuthorized("/chat/completions", request)));
        }
        List<String> providers = new ArrayList<>();
        JsonNode busyAttempts = null;
        for (Future<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body());
            providers.add(body.path("provider").asString());
            JsonNode attempts = generation(multi, body.path("id").asString()).path("provider_responses");
            if (attempts.size() == 2) {
                busyAttempts = attempts;
            }
        }
        // narrow allows one request at a time: the second request moved on to fast instead of queueing.
        assertThat(providers).containsExactly("Narrow", "Fast");
        assertThat(busyAttempts).isNotNull();
        assertThat(busyAttempts.get(0).path("error").asString()).contains("provider busy");
    }

    @Test
    void aFailingEndpointIsDemotedAndItsHealthIsPublished() throws Exception {
        String orderedRequest =
                body("acme/llm", false, "\"provider\":{\"order\":[\"down\",\"fast\"],\"only\":[\"down\",\"fast\"]}");
        for (int i = 0; i < 3; i++) {
            assertThat(multi.postAuthorized("/chat/completions", orderedRequest).statusCode())
                    .isEqualTo(200);
        }
        JsonNode endpoints = Json.MAPPER
                .readTree(multi.get("/models/acme/llm/endpoints").body())
                .path("data")
                .path("endpoints");
        JsonNode down = endpoint(endpoints, "down");
        JsonNode fast = endpoint(endpoints, "fast");
        assertThat(down.path("status").asInt()).isEqualTo(-1);
        assertThat(down.path("uptime_last_5m").asDouble()).isZero();
        assertThat(down.path("uptime_last_30m").asDouble()).isZero();
        assertThat(down.path("latency_last_30m").isNull()).isTrue();
        assertThat(fast.path("status").asInt()).isZero();
        assertThat(fast.path("uptime_last_5m").asDouble()).isEqualTo(100.0);
        assertThat(fast.path("uptime_last_1d").asDouble()).isEqualTo(100.0);
        assertThat(fast.path("latency_last_30m").path("p50").asDouble()).isPositive();
        assertThat(fast.path("latency_last_30m").path("p99").asDouble())
                .isGreaterThanOrEqualTo(
                        fast.path("latency_last_30m").path("p50").asDouble());
        assertThat(fast.path("throughput_last_30m").path("p50").asDouble()).isPositive();

        // Default routing now puts down last: it is not tried while fast answers.
        HttpResponse<String> response = multi.postAuthorized(
                "/chat/completions", body("acme/llm", false, "\"provider\":{\"only\":[\"down\",\"fast\"]}"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode stats = generation(
                multi, Json.MAPPER.readTree(response.body()).path("id").asString());
        JsonNode candidates = stats.path("routing").path("candidates");
        assertThat(candidates.get(1).path("provider").asString()).isEqualTo("down");
        assertThat(candidates.get(1).path("reason").asString()).isEqualTo("fallback (demoted: recent outage)");
        assertThat(stats.path("routing").path("decisions").toString()).contains("demoted down");
        assertThat(stats.path("provider_responses")).hasSize(1);

        // Health is persisted per minute.
        multi.server().flushHealth();
    }

    // ------------------------------------------------------------ one simulator, scripted

    @Test
    void everyEndpointIsTriedBeforeTheErrorIsReturned() throws Exception {
        HttpResponse<String> response =
                simulated.postAuthorized("/chat/completions", body("acme/llm", false, ""), "X-Sim-Status", "503");
        assertThat(response.statusCode()).isEqualTo(502);
        String id = response.headers().firstValue("X-Generation-Id").orElseThrow();
        JsonNode stats = generation(simulated, id);
        assertThat(stats.path("provider_responses")).hasSize(3);
        assertThat(stats.path("provider_responses"))
                .allSatisfy(
                        attempt -> assertThat(attempt.path("status").asInt()).isEqualTo(503));
        assertThat(stats.path("routing").path("selected").isNull()).isTrue();
        assertThat(stats.path("routing").path("reason").asString()).isEqualTo("every attempt failed");

        // A client's own 400 is never retried elsewhere.
        HttpResponse<String> refused =
                simulated.postAuthorized("/chat/completions", body("acme/llm", false, ""), "X-Sim-Status", "400");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode refusedStats = generation(
                simulated, refused.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(refusedStats.path("provider_responses")).hasSize(1);
    }

    @Test
    void anInStreamErrorAfterTheFirstByteEndsTheStream() throws Exception {
        HttpResponse<String> response = simulated.postAuthorized(
                "/chat/completions",
                body("acme/llm", true, "\"provider\":{\"only\":[\"beta\"]}"),
                "X-Sim-Error-After-Chunks",
                "2");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = chunks(response.body());
        JsonNode last = chunks.getLast();
        assertThat(last.path("error").path("code").asInt()).isEqualTo(502);
        assertThat(last.path("choices").get(0).path("finish_reason").asString()).isEqualTo("error");
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asString())
                .isEqualTo("assistant");
        JsonNode stats = generation(simulated, chunks.getFirst().path("id").asString());
        // No fallback after the first byte.
        assertThat(stats.path("provider_responses")).hasSize(1);
        assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
        assertThat(stats.path("routing").path("selected").path("provider").asString())
                .isEqualTo("beta");
    }

    @Test
    void theGenerationShowsTheRouteTaken() throws Exception {
        HttpResponse<String> response = simulated.postAuthorized("/chat/completions", body("acme/route", false, ""));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode stats = generation(
                simulated, Json.MAPPER.readTree(response.body()).path("id").asString());
        JsonNode routing = stats.path("routing");
        assertThat(routing.path("strategy").asString()).isEqualTo("price-weighted");
        assertThat(routing.path("considered").asInt()).isEqualTo(3);
        assertThat(routing.path("candidates")).hasSize(3);
        assertThat(routing.path("candidates"))
                .allSatisfy(candidate ->
                        assertThat(candidate.path("reason").asString()).isNotBlank());
        assertThat(routing.path("decisions").toString()).contains("load balancing by 1/price²");
        assertThat(routing.path("selected").path("endpoint").asString())
                .isEqualTo(routing.path("candidates").get(0).path("endpoint").asString());
        assertThat(routing.path("reason").asString()).startsWith("price-weighted pick");
        assertThat(routing.path("attempts")).hasSize(1);
        assertThat(stats.path("provider_responses")).hasSize(1);
    }

    @Test
    void filtersThatEmptyTheListAre404sNamingTheFilter() throws Exception {
        assertError(
                simulated.postAuthorized(
                        "/chat/completions", body("acme/llm", false, "\"provider\":{\"max_price\":{\"prompt\":0.5}}")),
                404,
                "provider.max_price");
        assertError(
                simulated.postAuthorized("/chat/completions", body("acme/llm", false, "\"provider\":{\"zdr\":true}")),
                404,
                "provider.zdr: true");
        assertError(
                simulated.postAuthorized(
                        "/chat/completions", body("acme/llm", false, "\"provider\":{\"quantizations\":[\"fp8\"]}")),
                404,
                "provider.quantizations [fp8]");
        assertError(
                simulated.postAuthorized("/chat/completions", body("acme/llm:free", false, "")),
                404,
                "No free endpoints found for acme/llm:free.");
        assertError(
                simulated.postAuthorized("/chat/completions", body("acme/llm", false, "\"max_tokens\":100000")),
                404,
                "allow max_tokens 100000");
        String image = "{\"model\":\"acme/llm\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"What is it?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}";
        assertError(simulated.postAuthorized("/chat/completions", image), 404, "support image input");
    }

    @Test
    void theModelsListFallsBackAcrossModels() throws Exception {
        String longPrompt = "word ".repeat(1500);
        HttpResponse<String> response = simulated.postAuthorized(
                "/chat/completions",
                "{\"model\":\"acme/tiny\",\"models\":[\"acme/llm\"],\"route\":\"fallback\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"" + longPrompt + "\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("model").asString()).isEqualTo("acme/llm");
        JsonNode stats = generation(simulated, body.path("id").asString());
        assertThat(stats.path("model").asString()).isEqualTo("acme/llm");
        assertThat(stats.path("routing").path("decisions").toString()).contains("model acme/tiny skipped");
    }

    @Test
    void theAutoRouterPicksAConcreteModelAndSaysWhy() throws Exception {
        HttpResponse<String> easy = simulated.postAuthorized("/chat/completions", body("openrouter/auto", false, ""));
        assertThat(easy.statusCode()).as(easy.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(easy.body()).path("model").asString()).isEqualTo("acme/llm");

        String hard = "{\"model\":\"openrouter/auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Think hard and"
                + " prove step by step that the sum of two even numbers is even.\"}]}";
        HttpResponse<String> response = simulated.postAuthorized("/chat/completions", hard);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("model").asString()).isEqualTo("acme/big");
        JsonNode stats = generation(simulated, body.path("id").asString());
        assertThat(stats.path("model").asString()).isEqualTo("acme/big");
        assertThat(stats.path("router").asString()).isEqualTo("openrouter/auto");
        JsonNode auto = stats.path("routing").path("auto_router");
        assertThat(auto.path("model").asString()).isEqualTo("acme/big");
        assertThat(auto.path("reasoning_effort").asString()).isEqualTo("high");
        assertThat(auto.path("reason").asString())
                .startsWith("auto router: difficulty ")
                .contains("'think hard'");
        // The intent set reasoning.effort high upstream: the simulator reasons 64 tokens for it.
        assertThat(stats.path("native_tokens_reasoning").asLong()).isEqualTo(64);

        // The alias and the plugin form, restricted to one model.
        String plugin = hard.replace("openrouter/auto", "switchboard/auto")
                .replace("}]}", "}],\"plugins\":[{\"id\":\"auto-router\",\"allowed_models\":[\"acme/llm\"]}]}");
        HttpResponse<String> restricted = simulated.postAuthorized("/chat/completions", plugin);
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(restricted.body()).path("model").asString())
                .isEqualTo("acme/llm");
    }

    @Test
    void nitroSortsByThroughputAndASessionSticksToItsEndpoint() throws Exception {
        HttpResponse<String> nitro = simulated.postAuthorized("/chat/completions", body("acme/llm:nitro", false, ""));
        assertThat(nitro.statusCode()).as(nitro.body()).isEqualTo(200);
        JsonNode nitroStats = generation(
                simulated, Json.MAPPER.readTree(nitro.body()).path("id").asString());
        assertThat(nitroStats.path("routing").path("strategy").asString()).isEqualTo("sort:throughput");
        assertThat(Json.MAPPER.readTree(nitro.body()).path("model").asString()).isEqualTo("acme/llm");

        String session = body("acme/llm", false, "\"session_id\":\"conversation-42\"");
        String firstEndpoint = null;
        for (int turn = 0; turn < 4; turn++) {
            HttpResponse<String> response = simulated.postAuthorized("/chat/completions", session);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode routing = generation(
                            simulated,
                            Json.MAPPER.readTree(response.body()).path("id").asString())
                    .path("routing");
            String endpoint = routing.path("selected").path("endpoint").asString();
            if (turn == 0) {
                firstEndpoint = endpoint;
            } else {
                assertThat(endpoint).isEqualTo(firstEndpoint);
                assertThat(routing.path("strategy").asString()).isEqualTo("sticky");
            }
        }
    }

    @Test
    void uptimeCountsFailuresButNotRateLimitsOrClientErrors() throws Exception {
        String tiny = body("acme/tiny", false, "");
        for (int i = 0; i < 4; i++) {
            assertThat(simulated.postAuthorized("/chat/completions", tiny).statusCode())
                    .isEqualTo(200);
        }
        assertThat(simulated
                        .postAuthorized("/chat/completions", tiny, "X-Sim-Status", "500")
                        .statusCode())
                .isEqualTo(502);
        assertThat(simulated
                        .postAuthorized("/chat/completions", tiny, "X-Sim-Status", "429")
                        .statusCode())
                .isEqualTo(429);
        assertThat(simulated
                        .postAuthorized("/chat/completions", tiny, "X-Sim-Status", "400")
                        .statusCode())
                .isEqualTo(400);
        JsonNode endpoint = Json.MAPPER
                .readTree(simulated.get("/models/acme/tiny/endpoints").body())
                .path("data")
                .path("endpoints")
                .get(0);
        assertThat(endpoint.path("uptime_last_5m").asDouble()).isEqualTo(80.0);
        assertThat(endpoint.path("uptime_last_30m").asDouble()).isEqualTo(80.0);
        assertThat(endpoint.path("uptime_last_1d").asDouble()).isEqualTo(80.0);
        assertThat(endpoint.path("status").asInt()).isZero();
        assertThat(endpoint.path("latency_last_30m").path("p50").isNumber()).isTrue();
        assertThat(endpoint.path("throughput_last_30m").path("p50").asDouble()).isPositive();
    }

    @Test
    void aClientDisconnectCancelsTheUpstreamAndIsNoFailure() throws Exception {
        long cancelledBefore = simulated.simulator().cancelledCount();
        byte[] body = body("acme/cancel", true, "").getBytes(UTF_8);
        URI base = URI.create(simulated.baseUrl());
        String id = null;
        long closedAt;
        // A raw socket, so that closing it really drops the connection (no client-side draining).
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                            + "Authorization: Bearer " + simulated.apiKey() + "\r\n"
                            + "Content-Type: application/json\r\nX-Sim-Tokens: 2000\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(UTF_8));
            out.write(body);
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
            int events = 0;
            String line;
            while (events < 5 && (line = reader.readLine()) != null) {
                if (line.regionMatches(true, 0, "X-Generation-Id: ", 0, 17)) {
                    id = line.substring(17).trim();
                }
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            assertThat(events).isEqualTo(5);
            closedAt = System.nanoTime();
        }
        while (simulated.simulator().cancelledCount() == cancelledBefore
                && System.nanoTime() - closedAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(10);
        }
        assertThat(simulated.simulator().cancelledCount()).isGreaterThan(cancelledBefore);
        assertThat((System.nanoTime() - closedAt) / 1_000_000).isLessThan(1_000);
        assertThat(id).isNotNull();
        JsonNode stats = generation(simulated, id);
        assertThat(stats.path("cancelled").asBoolean()).isTrue();
        assertThat(stats.path("tokens_completion").asLong()).isPositive();
        assertThat(stats.path("provider_responses")).hasSize(1);
        // A cancelled request says nothing about the endpoint: it is neither a success nor a failure.
        EndpointHealth.Report report = simulated.server().endpointHealth().report("gamma:acme/cancel");
        assertThat(report.uptimeLast5m()).isNull();
        assertThat(report.outage()).isFalse();
    }

    // ------------------------------------------------------------ helpers

    private static ProviderConfig provider(
            String name, String baseUrl, Long firstByteMs, Long idleMs, Integer maxConcurrent) {
        return new ProviderConfig(
                name, "openai", baseUrl, "test-key", null, null, firstByteMs, idleMs, null, maxConcurrent);
    }

    private static ModelConfig.EndpointConfig endpoint(String provider, String pricePerMillion, long context) {
        return new ModelConfig.EndpointConfig(
                provider, provider + "-model", pricePerMillion, pricePerMillion, context, 4096L, null);
    }

    private static ModelConfig model(String id, long context, ModelConfig.EndpointConfig... endpoints) {
        return new ModelConfig(id, id, null, context, null, List.of(endpoints));
    }

    private static String body(String model, boolean stream, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static List<JsonNode> chunks(String sse) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                chunks.add(Json.MAPPER.readTree(line.substring(6)));
            }
        }
        return chunks;
    }

    private static JsonNode endpoint(JsonNode endpoints, String tag) {
        for (JsonNode endpoint : endpoints) {
            if (endpoint.path("tag").asString().equals(tag)) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + tag + " in " + endpoints);
    }

    private static JsonNode generation(TestGateway gateway, String id) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> found = gateway.getAuthorized("/generation?id=" + id);
            if (found.statusCode() == 200) {
                return Json.MAPPER.readTree(found.body()).path("data");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("generation " + id + " not found");
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asString()).contains(messagePart);
    }

    /** A scripted upstream: {@code /down/...} answers 503, {@code /stall/...} sends 200 headers and then nothing. */
    private static final class ScriptedUpstream implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        private ScriptedUpstream() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }

        static ScriptedUpstream start() throws IOException {
            return new ScriptedUpstream();
        }

        String url(String mode) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/v1";
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String mode = path.split("/")[1];
            hits.computeIfAbsent(mode, _ -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try (exchange) {
                if (mode.equals("stall")) {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write(": waiting\n\n".getBytes(UTF_8));
                    out.flush();
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                byte[] error = "{\"error\":{\"message\":\"The server is overloaded.\",\"type\":\"server_error\"}}"
                        .getBytes(UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, error.length);
                exchange.getResponseBody().write(error);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
