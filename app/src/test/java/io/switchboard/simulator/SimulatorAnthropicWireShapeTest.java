package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.postTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The simulator's Anthropic Messages output must have the field structure and event sequence of real Anthropic
 * responses, recorded by the Vercel AI SDK (see {@code src/test/resources/fixtures/anthropic/README.md}), so that it
 * cannot drift from what the adapter meets in production.
 */
class SimulatorAnthropicWireShapeTest {
    private static final String TEXT = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"stream":%s,
             "messages":[{"role":"user","content":"Hello, how are you?"}]}""";
    private static final String THINKING = """
            {"model":"claude-sonnet-4-5","max_tokens":4096,"stream":%s,"thinking":{"type":"enabled","budget_tokens":1024},
             "messages":[{"role":"user","content":"What is 925 / 5?"}]}""";
    private static final String TOOL = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"stream":%s,
             "tools":[{"name":"json","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],
             "tool_choice":{"type":"tool","name":"json"},
             "messages":[{"role":"user","content":"Weather in San Francisco?"}]}""";

    private static Simulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorTestSupport.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    // ---------------------------------------------------------------- non-streaming

    @Test
    void textBodyHasTheRecordedFieldStructure() throws Exception {
        JsonNode simulated = json(messages(TEXT.formatted(false)).body());

        assertThat(fieldTypes(simulated)).isEqualTo(fieldTypes(json(fixture("anthropic-text.json"))));
        assertThat(simulated.path("stop_reason").asString()).isEqualTo("end_turn");
    }

    @Test
    void thinkingBodyHasTheRecordedFieldStructure() throws Exception {
        JsonNode simulated = json(messages(THINKING.formatted(false)).body());
        Map<String, String> recorded = fieldTypes(json(fixture("anthropic-claude-opus-5-reasoning-high.1.json")));
        // stop_details is only sent by some models (and is null here); everything else must match
        recorded.remove("stop_details");

        assertThat(fieldTypes(simulated)).isEqualTo(recorded);
    }

    @Test
    void toolBodyHasTheRecordedBlockStructure() throws Exception {
        JsonNode simulated = json(messages(TOOL.formatted(false)).body());
        JsonNode recorded = json(fixture("anthropic-tool-no-args.json"));

        assertThat(simulated.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(keys(simulated)).isEqualTo(keys(recorded));
        JsonNode block = simulated.path("content").get(0);
        assertThat(keys(block)).isEqualTo(keys(recorded.path("content").get(1)));
        assertThat(block.path("id").asString()).matches("toolu_01[A-Za-z0-9]+");
        assertThat(block.path("input").isObject()).isTrue();
        assertThat(keys(simulated.path("usage")))
                .isEqualTo(keys(json(fixture("anthropic-text.json")).path("usage")));
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void textStreamHasTheRecordedEventSequenceAndFields() throws Exception {
        List<JsonNode> simulated = events(messages(TEXT.formatted(true)));
        List<JsonNode> recorded = recordedEvents("anthropic-text.chunks.txt");

        assertThat(kinds(simulated, false)).isEqualTo(kinds(recorded, false));
        assertThat(pathsByKind(simulated)).isEqualTo(pathsByKind(recorded));
    }

    @Test
    void thinkingStreamHasTheRecordedEventSequenceAndFields() throws Exception {
        List<JsonNode> simulated = events(messages(THINKING.formatted(true)));
        List<JsonNode> recorded = recordedEvents("anthropic-clear-thinking.1.chunks.txt");
        Map<String, Set<String>> recordedPaths = pathsByKind(recorded);
        // the recording's request used context management, which adds this field to message_delta
        recordedPaths.get("message_delta").removeIf(path -> path.startsWith("context_management"));

        assertThat(kinds(simulated, false)).isEqualTo(kinds(recorded, false));
        assertThat(pathsByKind(simulated)).isEqualTo(recordedPaths);
    }

    @Test
    void toolStreamHasTheRecordedEventSequenceAndFields() throws Exception {
        List<JsonNode> simulated = events(messages(TOOL.formatted(true)));
        List<JsonNode> recorded = recordedEvents("anthropic-json-tool.1.chunks.txt");

        // where Anthropic puts its pings varies between recordings; the order of everything else does not
        assertThat(kinds(simulated, true)).isEqualTo(kinds(recorded, true));
        Map<String, Set<String>> simulatedPaths = pathsByKind(simulated);
        Map<String, Set<String>> recordedPaths = pathsByKind(recorded);
        for (String kind : List.of("content_block_start:tool_use", "content_block_delta:input_json_delta")) {
            assertThat(simulatedPaths.get(kind)).as(kind).isEqualTo(recordedPaths.get(kind));
        }
        JsonNode firstDelta = simulated.stream()
                .filter(event -> event.path("type").asString().equals("content_block_delta"))
                .findFirst()
                .orElseThrow();
        assertThat(firstDelta.at("/delta/partial_json").asString())
                .as("Anthropic starts tool input with an empty fragment")
                .isEmpty();
    }

    @Test
    void usageExcludesCacheReadsFromInputTokens() throws Exception {
        String body = TEXT.formatted(false).replace("Hello, how are you?", "Hello. ".repeat(100));
        JsonNode plain = json(messages(body).body()).path("usage");
        JsonNode cached =
                json(messages(body, "X-Sim-Cached-Tokens", "64").body()).path("usage");

        assertThat(cached.path("cache_read_input_tokens").asInt()).isEqualTo(64);
        assertThat(cached.path("input_tokens").asInt())
                .isEqualTo(plain.path("input_tokens").asInt() - 64);
    }

    // ---------------------------------------------------------------- errors and headers

    @Test
    void injectedOverloadIsAnAnthropicErrorWithStatus529() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response = messages(TEXT.formatted(stream), "X-Sim-Status", "529");

            assertThat(response.statusCode()).isEqualTo(529);
            JsonNode body = json(response.body());
            assertThat(body.path("type").asString()).isEqualTo("error");
            assertThat(body.at("/error/type").asString()).isEqualTo("overloaded_error");
            assertThat(body.at("/error/message").asString()).isEqualTo("Overloaded");
            assertThat(body.path("request_id").asString()).startsWith("req_");
            assertThat(response.headers().firstValue("request-id"))
                    .hasValue(body.path("request_id").asString());
        }
        HttpResponse<String> limited = messages(TEXT.formatted(false), "X-Sim-Status", "429");
        assertThat(json(limited.body()).at("/error/type").asString()).isEqualTo("rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void requestsAreValidatedLikeAnthropicDoes() throws Exception {
        HttpResponse<String> noKey =
                postTo(simulator, "/messages", TEXT.formatted(false), "anthropic-version", "2023-06-01");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey.body()).at("/error/type").asString()).isEqualTo("authentication_error");

        HttpResponse<String> noVersion = postTo(simulator, "/messages", TEXT.formatted(false), "x-api-key", "k");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(json(noVersion.body()).at("/error/message").asString()).contains("anthropic-version");

        HttpResponse<String> bearer = postTo(
                simulator,
                "/messages",
                TEXT.formatted(false),
                "Authorization",
                "Bearer k",
                "anthropic-version",
                "2023-06-01");
        assertThat(bearer.statusCode()).isEqualTo(200);

        assertThat(messages(TEXT.formatted(false).replace("\"max_tokens\":1024,", ""))
                        .body())
                .contains("max_tokens: Field required");
        assertThat(messages(THINKING.formatted(false).replace("4096", "1024")).body())
                .contains("must be greater than `thinking.budget_tokens`");
        assertThat(messages(TEXT.formatted(false).replace("Hello, how are you?", ""))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void errorAfterChunksIsAnErrorEvent() throws Exception {
        HttpResponse<String> response = messages(TEXT.formatted(true), "X-Sim-Error-After-Chunks", "2");

        List<JsonNode> events = events(response);
        JsonNode last = events.getLast();
        assertThat(last.path("type").asString()).isEqualTo("error");
        assertThat(last.at("/error/type").asString()).isEqualTo("overloaded_error");
        assertThat(events.stream().filter(e -> e.at("/delta/type").asString("").equals("text_delta")))
                .hasSize(2);
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> messages(String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "x-api-key";
        all[1] = "sk-ant-test";
        all[2] = "anthropic-version";
        all[3] = "2023-06-01";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return postTo(simulator, "/messages", body, all);
    }

    /** The events of an SSE body; each must be {@code event: <type>} plus one {@code data:} line of that type. */
    private static List<JsonNode> events(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            String[] lines = block.split("\n");
            assertThat(lines).as(block).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            JsonNode event = json(lines[1].substring(6));
            assertThat(event.path("type").asString()).isEqualTo(lines[0].substring(7));
            events.add(event);
        }
        return events;
    }

    private static List<JsonNode> recordedEvents(String name) throws IOException {
        return fixture(name)
                .lines()
                .filter(line -> !line.isBlank())
                .map(SimulatorTestSupport::json)
                .toList();
    }

    /** Event kinds ({@code content_block_delta:text_delta}) with consecutive repeats collapsed. */
    private static List<String> kinds(List<JsonNode> events, boolean withoutPings) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode event : events) {
            String kind = kind(event);
            if (withoutPings && kind.equals("ping")) {
                continue;
            }
            if (kinds.isEmpty() || !kinds.getLast().equals(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static String kind(JsonNode event) {
        String type = event.path("type").asString();
        return switch (type) {
            case "content_block_start" ->
                type + ":" + event.at("/content_block/type").asString();
            case "content_block_delta" -> type + ":" + event.at("/delta/type").asString();
            default -> type;
        };
    }

    /** For each event kind, the union of its field paths with their JSON types. */
    private static Map<String, Set<String>> pathsByKind(List<JsonNode> events) {
        Map<String, Set<String>> paths = new LinkedHashMap<>();
        for (JsonNode event : events) {
            Set<String> kindPaths = paths.computeIfAbsent(kind(event), kind -> new TreeSet<>());
            fieldTypes(event).forEach((path, type) -> kindPaths.add(path + ":" + type));
        }
        return paths;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.properties().forEach(entry -> keys.add(entry.getKey()));
        return keys;
    }

    private static Map<String, String> fieldTypes(JsonNode node) {
        return new TreeMap<>(SimulatorWireShapeTest.fieldTypes(node));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in =
                SimulatorAnthropicWireShapeTest.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
