package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.chunks;
import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The simulator's output must have the field structure of real OpenAI responses, recorded by the Vercel AI SDK (see
 * {@code src/test/resources/fixtures/openai/README.md}).
 */
class SimulatorWireShapeTest {
    private static final String REQUEST = """
            {"model":"gpt-4.1-nano","stream":%s,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"Invent a new holiday and describe its traditions."}]}""";

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
    void nonStreamingBodyHasTheRecordedFieldStructure() throws Exception {
        JsonNode recorded = json(fixture("openai-text.json"));
        JsonNode simulated = json(post(simulator, REQUEST.formatted(false)).body());

        assertThat(fieldTypes(simulated)).isEqualTo(fieldTypes(recorded));
    }

    @Test
    void streamedChunksHaveTheRecordedFieldStructure() throws Exception {
        List<JsonNode> recorded = fixture("openai-text.chunks.txt")
                .lines()
                .map(SimulatorTestSupport::json)
                .toList();
        List<JsonNode> simulated =
                chunks(post(simulator, REQUEST.formatted(true)).body());

        assertThat(fieldTypes(simulated.getFirst())).as("role chunk").isEqualTo(fieldTypes(recorded.getFirst()));
        assertThat(fieldTypes(simulated.get(1))).as("content chunk").isEqualTo(fieldTypes(recorded.get(1)));
        assertThat(fieldTypes(simulated.get(simulated.size() - 2)))
                .as("finish chunk")
                .isEqualTo(fieldTypes(recorded.get(recorded.size() - 2)));
        assertThat(fieldTypes(simulated.getLast())).as("usage chunk").isEqualTo(fieldTypes(recorded.getLast()));
        assertThat(paths(simulated)).as("all chunks").isEqualTo(paths(recorded));
    }

    @Test
    void chunkKindsComeInTheRecordedOrder() throws Exception {
        List<JsonNode> recorded = fixture("openai-text.chunks.txt")
                .lines()
                .map(SimulatorTestSupport::json)
                .toList();
        List<JsonNode> simulated =
                chunks(post(simulator, REQUEST.formatted(true)).body());

        assertThat(kinds(simulated)).isEqualTo(kinds(recorded));
    }

    /** Collapses runs: role, content..., finish, usage. */
    private static List<String> kinds(List<JsonNode> chunks) {
        List<String> kinds = new java.util.ArrayList<>();
        for (JsonNode chunk : chunks) {
            String kind;
            if (chunk.get("choices").isEmpty()) {
                kind = "usage";
            } else if (chunk.at("/choices/0/delta").has("role")) {
                kind = "role";
            } else if (!chunk.at("/choices/0/finish_reason").isNull()) {
                kind = "finish";
            } else {
                kind = "content";
            }
            if (kinds.isEmpty() || !kinds.getLast().equals(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static Set<String> paths(List<JsonNode> nodes) {
        Set<String> paths = new TreeSet<>();
        for (JsonNode node : nodes) {
            paths.addAll(fieldTypes(node).keySet());
        }
        return paths;
    }

    /** Every field path ({@code choices[].delta.content}) with its JSON type. */
    static Map<String, String> fieldTypes(JsonNode node) {
        Map<String, String> types = new TreeMap<>();
        collect(node, "", types);
        return types;
    }

    private static void collect(JsonNode node, String path, Map<String, String> types) {
        if (node.isObject()) {
            types.put(path.isEmpty() ? "$" : path, "object");
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), types);
            }
        } else if (node.isArray()) {
            types.put(path, "array");
            for (JsonNode element : node) {
                collect(element, path + "[]", types);
            }
        } else {
            types.put(path, node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SimulatorWireShapeTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
