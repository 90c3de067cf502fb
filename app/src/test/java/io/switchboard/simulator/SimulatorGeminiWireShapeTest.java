package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorWireShapeTest.fieldTypes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's Gemini output must have the field structure of real Gemini responses, recorded by the Vercel AI SDK
 * (see {@code src/test/resources/fixtures/gemini/README.md}), so that it cannot drift from what the adapter meets in
 * production.
 */
class SimulatorGeminiWireShapeTest {
    private static final String HIDDEN_THINKING = "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024}}";
    private static final String VISIBLE_THINKING =
            "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}}";
    private static final String TEXT = """
            {"contents":[{"role":"user","parts":[{"text":"How many r's are in strawberry?"}]}],%s}""";
    private static final String WEATHER = """
            {"contents":[{"role":"user","parts":[{"text":"What is the weather in San Francisco?"}]}],
             "tools":[{"functionDeclarations":[{"name":"weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]}],
             %s}""";
    private static final String NO_ARGS = """
            {"contents":[{"role":"user","parts":[{"text":"Call read_theme and weather, please."}]}],
             "tools":[{"functionDeclarations":[{"name":"read_theme"},{"name":"weather",
               "parameters":{"type":"OBJECT","properties":{"location":{"type":"STRING"}}}}]}],
             %s}""";

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
    void textBodyHasTheRecordedFieldStructure() throws Exception {
        JsonNode simulated =
                json(generate(TEXT.formatted(HIDDEN_THINKING), false).body());

        assertThat(fieldTypes(simulated)).isEqualTo(fieldTypes(json(fixture("google-text.json"))));
    }

    @Test
    void functionCallBodyHasTheRecordedFieldStructure() throws Exception {
        JsonNode simulated =
                json(generate(WEATHER.formatted(HIDDEN_THINKING), false).body());

        assertThat(fieldTypes(simulated)).isEqualTo(fieldTypes(json(fixture("google-tool-call.json"))));
    }

    @Test
    void textStreamHasTheRecordedFieldStructure() throws Exception {
        HttpResponse<String> response = generate(TEXT.formatted(HIDDEN_THINKING), true);
        List<JsonNode> simulated = events(response.body());
        List<JsonNode> recorded = recordedChunks("google-text.chunks.txt");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(fieldTypes(simulated.getFirst().get("candidates")))
                .as("first chunk")
                .isEqualTo(fieldTypes(recorded.getFirst().get("candidates")));
        assertThat(fieldTypes(simulated.getLast())).as("last chunk").isEqualTo(fieldTypes(recorded.getLast()));
        assertThat(paths(simulated)).as("all chunks").isEqualTo(paths(recorded));
    }

    @Test
    void functionCallStreamHasTheRecordedFieldStructure() throws Exception {
        List<JsonNode> simulated =
                events(generate(WEATHER.formatted(HIDDEN_THINKING), true).body());
        List<JsonNode> recorded = recordedChunks("google-tool-call.chunks.txt");

        assertThat(simulated).hasSize(2);
        assertThat(fieldTypes(simulated.getFirst().get("candidates")))
                .isEqualTo(fieldTypes(recorded.getFirst().get("candidates")));
        assertThat(fieldTypes(simulated.getLast())).isEqualTo(fieldTypes(recorded.getLast()));
        assertThat(paths(simulated)).isEqualTo(paths(recorded));
    }

    @Test
    void rateLimitBodyHasTheRecordedFieldStructure() throws Exception {
        HttpResponse<String> response = generate(TEXT.formatted(HIDDEN_THINKING), false, "X-Sim-Status", "429");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(fieldTypes(json(response.body())))
                .isEqualTo(fieldTypes(json(fixture("google-429-retry-info.json"))));
    }

    /** Thoughts, calls without arguments, parallel calls: every path must occur in some real recording. */
    @Test
    void everyFieldTheSimulatorEmitsOccursInARecording() throws Exception {
        Set<String> recorded = new TreeSet<>();
        for (String name : List.of(
                "google-text.json",
                "google-reasoning.json",
                "google-tool-call.json",
                "google-tool-call-gemini3.json",
                "google-text.chunks.txt",
                "google-reasoning.chunks.txt",
                "google-tool-call.chunks.txt",
                "google-tool-call-gemini3.chunks.txt",
                "google-stream-no-args-tool-call.chunks.txt",
                "google-stream-tool-call-arguments.chunks.txt")) {
            recorded.addAll(
                    name.endsWith(".json") ? fieldTypes(json(fixture(name))).keySet() : paths(recordedChunks(name)));
        }
        List<JsonNode> simulated = new ArrayList<>();
        for (String body : List.of(
                TEXT.formatted(VISIBLE_THINKING),
                TEXT.formatted("\"generationConfig\":{\"maxOutputTokens\":5}"),
                WEATHER.formatted(VISIBLE_THINKING),
                NO_ARGS.formatted(HIDDEN_THINKING))) {
            simulated.add(json(generate(body, false).body()));
            simulated.addAll(events(generate(body, true).body()));
        }

        assertThat(recorded).containsAll(paths(simulated));
        assertThat(paths(simulated))
                .contains(
                        "candidates[].content.parts[].thought",
                        "candidates[].content.parts[].functionCall.name",
                        "candidates[].content.parts[].functionCall.args.location");
    }

    private static HttpResponse<String> generate(String body, boolean stream, String... headers)
            throws IOException, InterruptedException {
        String path = stream
                ? "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
                : "/v1beta/models/gemini-2.5-pro:generateContent";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("x-goog-api-key", "test-key")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response =
                SimulatorTestSupport.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (headers.length == 0) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        return response;
    }

    /** The events of a Gemini SSE body: single-line {@code data:} events and no terminator. */
    static List<JsonNode> events(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String data : SimulatorTestSupport.events(body)) {
            assertThat(data).isNotEqualTo("[DONE]");
            events.add(json(data));
        }
        return events;
    }

    private static List<JsonNode> recordedChunks(String name) throws IOException {
        return fixture(name)
                .lines()
                .filter(line -> !line.isBlank())
                .map(SimulatorTestSupport::json)
                .toList();
    }

    private static Set<String> paths(List<JsonNode> nodes) {
        Set<String> paths = new TreeSet<>();
        for (JsonNode node : nodes) {
            Map<String, String> types = new TreeMap<>(fieldTypes(node));
            paths.addAll(types.keySet());
        }
        return paths;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SimulatorGeminiWireShapeTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
