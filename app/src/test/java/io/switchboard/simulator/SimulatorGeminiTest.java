package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The simulator's Gemini endpoint: authentication, the answer model in Gemini's terms, Gemini's refusals. */
class SimulatorGeminiTest {
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}";

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
    void keyComesFromTheHeaderOrTheQuery() throws Exception {
        HttpResponse<String> none = send("gemini-2.5-pro:generateContent", HELLO);
        HttpResponse<String> query = send("gemini-2.5-pro:generateContent?key=abc", HELLO);
        HttpResponse<String> header = send("gemini-2.5-pro:generateContent", HELLO, "x-goog-api-key", "abc");

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(json(none.body()).at("/error/status").asString()).isEqualTo("PERMISSION_DENIED");
        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(header.headers().firstValue("X-Simulated")).hasValue("true");
        assertThat(json(header.body()).path("modelVersion").asString()).isEqualTo("gemini-2.5-pro");
    }

    @Test
    void maxOutputTokensTruncatesTheAnswer() throws Exception {
        JsonNode gemini = json(send(
                        "gemini-2.5-pro:generateContent?key=k",
                        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
                                + "\"generationConfig\":{\"maxOutputTokens\":4,\"stopSequences\":[\"zzz\"]}}")
                .body());

        assertThat(gemini.at("/candidates/0/finishReason").asString()).isEqualTo("MAX_TOKENS");
        assertThat(gemini.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(4);
        assertThat(gemini.at("/usageMetadata/totalTokenCount").asInt())
                .isEqualTo(gemini.at("/usageMetadata/promptTokenCount").asInt() + 4);
    }

    @Test
    void streamNeedsAltSseAndEndsWithoutTerminator() throws Exception {
        HttpResponse<String> array = send("gemini-2.5-pro:streamGenerateContent?key=k", HELLO);
        HttpResponse<String> sse = send("gemini-2.5-pro:streamGenerateContent?alt=sse&key=k", HELLO);

        assertThat(array.statusCode()).isEqualTo(400);
        List<JsonNode> events = SimulatorGeminiWireShapeTest.events(sse.body());
        assertThat(events.getLast().at("/candidates/0/finishReason").asString()).isEqualTo("STOP");
        assertThat(events.getLast().has("usageMetadata")).isTrue();
        assertThat(events.subList(0, events.size() - 1)).noneMatch(event -> event.has("usageMetadata"));
    }

    @Test
    void schemasWithFieldsGeminiDoesNotKnowAreRefused() throws Exception {
        HttpResponse<String> response = send("gemini-2.5-pro:generateContent?key=k", """
                {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
                 "tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"object",
                   "properties":{"a":{"type":"string","additionalProperties":false}}}}]}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString())
                .contains("Unknown name \"additionalProperties\"")
                .contains("tools[0].function_declarations[0].parameters.properties[a].value");
    }

    @Test
    void gemini3NeedsTheSignatureOnTheFirstCallOfAModelTurn() throws Exception {
        String call = "{\"functionCall\":{\"name\":\"f\",\"args\":{}}%s}";
        String history = """
                {"contents":[{"role":"user","parts":[{"text":"Call f"}]},
                  {"role":"model","parts":[%s]},
                  {"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"1"}}}]}]}""";
        String unsigned = history.formatted(call.formatted(""));
        String skipped =
                history.formatted(call.formatted(",\"thoughtSignature\":\"skip_thought_signature_validator\""));
        String forged = history.formatted(call.formatted(",\"thoughtSignature\":\"Zm9yZ2Vk\""));

        assertThat(send("gemini-3-pro-preview:generateContent?key=k", unsigned).statusCode())
                .isEqualTo(400);
        assertThat(send("gemini-2.5-pro:generateContent?key=k", unsigned).statusCode())
                .isEqualTo(200);
        assertThat(send("gemini-3-pro-preview:generateContent?key=k", skipped).statusCode())
                .isEqualTo(200);
        assertThat(send("gemini-2.5-pro:generateContent?key=k", forged).statusCode())
                .isEqualTo(400);
    }

    @Test
    void everyCallOfAParallelTurnNeedsItsResponse() throws Exception {
        HttpResponse<String> response = send("gemini-2.5-pro:generateContent?key=k", """
                {"contents":[{"role":"user","parts":[{"text":"Call f and g"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"f"}},{"functionCall":{"name":"g"}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"1"}}}]}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString())
                .contains("number of function response parts is equal to the number of function call parts");
    }

    @Test
    void injectedFailuresUseGeminiErrorShapes() throws Exception {
        HttpResponse<String> unavailable = send("gemini-2.5-pro:generateContent?key=k", HELLO, "X-Sim-Status", "503");
        HttpResponse<String> midStream =
                send("gemini-2.5-pro:streamGenerateContent?alt=sse&key=k", HELLO, "X-Sim-Error-After-Chunks", "1");

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(json(unavailable.body()).at("/error/status").asString()).isEqualTo("UNAVAILABLE");
        List<String> events = SimulatorTestSupport.events(midStream.body());
        assertThat(events).hasSize(2);
        assertThat(json(events.getLast()).at("/error/status").asString()).isEqualTo("INTERNAL");
    }

    private static HttpResponse<String> send(String resource, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + simulator.port() + "/v1beta/models/" + resource))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return SimulatorTestSupport.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
