package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.chatRequest;
import static io.switchboard.simulator.SimulatorTestSupport.chunks;
import static io.switchboard.simulator.SimulatorTestSupport.events;
import static io.switchboard.simulator.SimulatorTestSupport.eventually;
import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.simulator.SimulatorTestSupport.RawExchange;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SimulatorFailureInjectionTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorTestSupport.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({
        "429, requests, rate_limit_exceeded",
        "500, server_error, ",
        "503, server_error, server_is_overloaded",
        "400, invalid_request_error, ",
        "401, invalid_request_error, invalid_api_key",
        "404, invalid_request_error, model_not_found",
        "502, server_error, "
    })
    void statusDirectiveAnswersAnOpenAiStyleError(int status, String type, String code) throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response = post(simulator, chatRequest("hi", stream), "X-Sim-Status", "" + status);

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(response.headers().firstValue("x-simulated")).hasValue("true");
            JsonNode error = json(response.body()).get("error");
            assertThat(error.get("type").asString()).isEqualTo(type);
            assertThat(error.get("message").asString()).isNotBlank();
            if (code == null) {
                assertThat(error.get("code").isNull()).isTrue();
            } else {
                assertThat(error.get("code").asString()).isEqualTo(code);
            }
            if (status == 429) {
                assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            } else {
                assertThat(response.headers().firstValue("retry-after")).isEmpty();
            }
        }
    }

    @Test
    void errorFieldsCanBeOverridden() throws Exception {
        HttpResponse<String> response = post(
                simulator,
                chatRequest("hi", false),
                "X-Sim-Status",
                "429",
                "X-Sim-Error-Type",
                "insufficient_quota",
                "X-Sim-Error-Code",
                "insufficient_quota",
                "X-Sim-Error-Message",
                "You exceeded your current quota.");

        JsonNode error = json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("insufficient_quota");
        assertThat(error.get("code").asString()).isEqualTo("insufficient_quota");
        assertThat(error.get("message").asString()).isEqualTo("You exceeded your current quota.");
    }

    @Test
    void invalidDirectiveIsABadRequest() throws Exception {
        HttpResponse<String> response = post(simulator, chatRequest("hi", false), "X-Sim-Tokens", "many");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString()).contains("X-Sim-Tokens");
    }

    @Test
    void delayDirectiveDelaysTheResponseAndTheFirstChunk() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(simulator, chatRequest("hi", stream), "X-Sim-Delay-Ms", "300");
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void tokensAndCachedTokensDirectivesShapeTheUsage() throws Exception {
        JsonNode body = json(post(simulator, chatRequest("hi", false), "X-Sim-Tokens", "57", "X-Sim-Cached-Tokens", "6")
                .body());

        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(57);
        assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(6);
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message/content").asString()).endsWith(".");

        List<JsonNode> streamed = chunks(
                post(simulator, chatRequest("hi", true), "X-Sim-Tokens", "3").body());
        assertThat(streamed).hasSize(1 + 3 + 2);
        assertThat(streamed.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(3);

        JsonNode cachedCapped = json(post(simulator, chatRequest("hi", false), "X-Sim-Cached-Tokens", "100000")
                .body());
        assertThat(cachedCapped.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(cachedCapped.at("/usage/prompt_tokens").asInt());
    }

    @Test
    void failAfterChunksDropsTheConnectionMidStream() throws Exception {
        try (RawExchange exchange = new RawExchange(simulator, chatRequest("hi", true), "X-Sim-Fail-After-Chunks: 3")) {
            String received = exchange.readToClose();

            assertThat(received).startsWith("HTTP/1.1 200");
            assertThat(countOf(received, "data: ")).isEqualTo(1 + 3);
            assertThat(received).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
            assertThat(received).as("no terminating chunk").doesNotEndWith("0\r\n\r\n");
        }
        assertThatThrownBy(() -> post(simulator, chatRequest("hi", true), "X-Sim-Fail-After-Chunks", "2"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void failAfterChunksBeyondTheAnswerDropsBeforeTheFinishChunk() throws Exception {
        try (RawExchange exchange =
                new RawExchange(simulator, chatRequest("hi", true), "X-Sim-Tokens: 2", "X-Sim-Fail-After-Chunks: 10")) {
            String received = exchange.readToClose();

            assertThat(countOf(received, "data: ")).isEqualTo(1 + 2);
            assertThat(received).doesNotContain("finish_reason\":\"stop");
        }
    }

    @Test
    void failDirectiveTruncatesANonStreamingBody() {
        assertThatThrownBy(() -> post(simulator, chatRequest("hi", false), "X-Sim-Fail-After-Chunks", "0"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void errorAfterChunksSendsAnInStreamErrorEvent() throws Exception {
        HttpResponse<String> response = post(simulator, chatRequest("hi", true), "X-Sim-Error-After-Chunks", "2");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events).hasSize(1 + 2 + 1).doesNotContain("[DONE]");
        JsonNode error = json(events.getLast()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("message").asString()).isNotBlank();

        HttpResponse<String> nonStreaming = post(simulator, chatRequest("hi", false), "X-Sim-Error-After-Chunks", "2");
        assertThat(nonStreaming.statusCode()).isEqualTo(500);
        assertThat(json(nonStreaming.body()).at("/error/type").asString()).isEqualTo("server_error");
    }

    @Test
    void stallAfterChunksKeepsTheConnectionOpenUntilTheClientLeaves() throws Exception {
        long cancelledBefore = simulator.cancelledCount();
        try (RawExchange exchange =
                new RawExchange(simulator, chatRequest("hi", true), "X-Sim-Stall-After-Chunks: 2")) {
            String received = exchange.readUntil("data: ", 3);
            assertThat(received).startsWith("HTTP/1.1 200");

            assertThat(exchange.readFor(Duration.ofMillis(400)))
                    .as("nothing after the stall")
                    .isNull();
        }
        assertThat(eventually(Duration.ofSeconds(5), () -> simulator.cancelledCount() == cancelledBefore + 1))
                .as("the stalled stream noticed the client leaving")
                .isTrue();
    }

    @Test
    void clientDisconnectIsCountedAsCancelled() throws Exception {
        SimulatorOptions slow = SimulatorOptions.defaults().withTokensPerSecond(50);
        try (Simulator paced = Simulator.start(slow)) {
            try (RawExchange exchange = new RawExchange(paced, chatRequest("hi", true), "X-Sim-Tokens: 500")) {
                exchange.readUntil("data: ", 3);
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> paced.cancelledCount() == 1))
                    .isTrue();
            assertThat(paced.requestCount()).isEqualTo(1);
        }
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int from = text.indexOf(needle); from >= 0; from = text.indexOf(needle, from + needle.length())) {
            count++;
        }
        return count;
    }
}
