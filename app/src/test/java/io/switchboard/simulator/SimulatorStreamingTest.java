package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.chatRequest;
import static io.switchboard.simulator.SimulatorTestSupport.chunks;
import static io.switchboard.simulator.SimulatorTestSupport.events;
import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatorStreamingTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorTestSupport.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void streamIsRoleThenDeltasThenFinishThenUsageThenDone() throws Exception {
        HttpResponse<String> response = post(simulator, chatRequest("Tell me about rivers.", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("x-simulated")).hasValue("true");
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(response.body());

        Set<String> ids = new HashSet<>();
        for (JsonNode chunk : chunks) {
            ids.add(chunk.get("id").asString() + "|" + chunk.get("created").asLong() + "|"
                    + chunk.get("model").asString());
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("system_fingerprint").asString()).startsWith("fp_");
        }
        assertThat(ids).as("same id, created and model on every chunk").hasSize(1);
        assertThat(chunks.getFirst().get("id").asString()).startsWith("chatcmpl-");

        JsonNode role = chunks.getFirst().at("/choices/0/delta");
        assertThat(role.get("role").asString()).isEqualTo("assistant");
        assertThat(role.get("content").asString()).isEmpty();

        List<JsonNode> deltas = chunks.subList(1, chunks.size() - 2);
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : deltas) {
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
            assertThat(chunk.get("usage").isNull()).isTrue();
            text.append(chunk.at("/choices/0/delta/content").asString());
        }

        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.get("usage").isNull()).isTrue();

        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.get("choices").isArray()).isTrue();
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        JsonNode usage = usageChunk.get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(deltas.size());
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + deltas.size());

        // the streamed text is the non-streamed answer
        String nonStreamed = json(post(simulator, chatRequest("Tell me about rivers.", false))
                        .body())
                .at("/choices/0/message/content")
                .asString();
        assertThat(text.toString()).isEqualTo(nonStreamed);
    }

    @Test
    void noUsageChunkWithoutIncludeUsage() throws Exception {
        String body = """
                {"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";
        HttpResponse<String> response = post(simulator, body);

        List<JsonNode> chunks = chunks(response.body());
        assertThat(events(response.body()).getLast()).isEqualTo("[DONE]");
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.get("choices").isEmpty()).isFalse();
        }
    }

    @Test
    void obfuscationCanBeTurnedOff() throws Exception {
        String body = """
                {"model":"m","stream":true,"stream_options":{"include_obfuscation":false},
                 "messages":[{"role":"user","content":"hello"}]}""";
        for (JsonNode chunk : chunks(post(simulator, body).body())) {
            assertThat(chunk.has("obfuscation")).isFalse();
        }
    }

    @Test
    void maxTokensStreamsFinishReasonLength() throws Exception {
        String body = """
                {"model":"m","stream":true,"max_tokens":4,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Write a long story."}]}""";
        List<JsonNode> chunks = chunks(post(simulator, body).body());

        assertThat(chunks).hasSize(1 + 4 + 2);
        assertThat(chunks.get(5).at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void reasoningIsStreamedBeforeTheContent() throws Exception {
        String body = """
                {"model":"o4-mini","stream":true,"reasoning_effort":"minimal","stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Think first."}]}""";
        List<JsonNode> chunks = chunks(post(simulator, body).body());

        List<JsonNode> deltas = chunks.subList(1, chunks.size() - 2).stream()
                .map(chunk -> chunk.at("/choices/0/delta"))
                .toList();
        assertThat(deltas.subList(0, 8))
                .allSatisfy(delta -> assertThat(delta.has("reasoning")).isTrue());
        assertThat(deltas.subList(8, deltas.size()))
                .allSatisfy(delta -> assertThat(delta.has("content")).isTrue());
        JsonNode usage = chunks.getLast().get("usage");
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt())
                .isEqualTo(8);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(deltas.size());
    }

    @Test
    void pacingHonoursTimeToFirstTokenAndTokensPerSecond() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults()
                .withTimeToFirstToken(Duration.ofMillis(200))
                .withTokensPerSecond(100);
        try (Simulator paced = Simulator.start(options)) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(paced, chatRequest("pace me", true), "X-Sim-Tokens", "21");
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(chunks(response.body())
                            .getLast()
                            .at("/usage/completion_tokens")
                            .asInt())
                    .isEqualTo(21);
            // 200 ms to the first token, then 20 intervals of 10 ms
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(390).isLessThan(3_000);
        }
    }
}
