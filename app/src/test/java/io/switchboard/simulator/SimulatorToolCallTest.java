package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.chunks;
import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatorToolCallTest {
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Weather by city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"},
                "unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"},
                "detailed":{"type":"boolean"}},"required":["city"]}}},
             {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]""";

    private static Simulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorTestSupport.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static String request(String userText, boolean stream, String extra) {
        return """
                {"model":"gpt-4.1-nano","stream":%s,"stream_options":{"include_usage":true},"tools":%s%s,
                 "messages":[{"role":"user","content":%s}]}""".formatted(stream, TOOLS, extra, SimulatorTestSupport.JSON.writeValueAsString(userText));
    }

    @Test
    void weatherQuestionCallsTheFirstToolWithSchemaArguments() throws Exception {
        JsonNode body = json(post(simulator, request("What's the weather in Paris?", false, ""))
                .body());

        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode message = choice.get("message");
        assertThat(message.get("content").isNull()).isTrue();
        JsonNode call = message.get("tool_calls").get(0);
        assertThat(call.get("id").asString()).startsWith("call_");
        assertThat(call.get("type").asString()).isEqualTo("function");
        assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
        JsonNode arguments = json(call.at("/function/arguments").asString());
        assertThat(arguments.get("city").asString()).isEqualTo("San Francisco");
        assertThat(arguments.get("unit").asString()).isEqualTo("celsius");
        assertThat(arguments.get("days").isInt()).isTrue();
        assertThat(arguments.get("detailed").asBoolean()).isTrue();
        assertThat(body.at("/usage/completion_tokens").asInt()).isPositive();
    }

    @Test
    void toolWithoutPropertiesGetsEmptyObjectArguments() throws Exception {
        String extra = ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}";
        JsonNode body = json(post(simulator, request("Hello", false, extra)).body());

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(call.at("/function/name").asString()).isEqualTo("get_time");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{}");
    }

    @Test
    void mentionedToolsAreCalledInParallelAndRequiredForcesACall() throws Exception {
        JsonNode both = json(post(simulator, request("Use get_time then get_weather", false, ""))
                .body());
        assertThat(both.at("/choices/0/message/tool_calls").size()).isEqualTo(2);

        JsonNode single =
                json(post(simulator, request("Use get_time then get_weather", false, ",\"parallel_tool_calls\":false"))
                        .body());
        assertThat(single.at("/choices/0/message/tool_calls").size()).isEqualTo(1);

        JsonNode required = json(post(simulator, request("Hello there", false, ",\"tool_choice\":\"required\""))
                .body());
        assertThat(required.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");

        JsonNode none = json(post(simulator, request("What's the weather?", false, ",\"tool_choice\":\"none\""))
                .body());
        assertThat(none.at("/choices/0/finish_reason").asString()).isEqualTo("stop");

        JsonNode plain = json(post(simulator, request("Hello there", false, "")).body());
        assertThat(plain.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void toolResultIsAnsweredWithText() throws Exception {
        String body = """
                {"model":"m","tools":%s,"messages":[
                  {"role":"user","content":"What's the weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_abc","content":"18C, cloudy"}]}""".formatted(TOOLS);
        JsonNode response = json(post(simulator, body).body());

        assertThat(response.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(response.at("/choices/0/message/content").asString()).isNotBlank();
        assertThat(response.at("/choices/0/message").has("tool_calls")).isFalse();
    }

    @Test
    void streamedToolCallsAreIndexKeyedFragments() throws Exception {
        List<JsonNode> chunks = chunks(post(simulator, request("Call get_weather and get_time", true, ""))
                .body());

        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 2)) {
            JsonNode calls = chunk.at("/choices/0/delta/tool_calls");
            assertThat(calls.size()).isEqualTo(1);
            JsonNode call = calls.get(0);
            assertThat(call.has("index")).isTrue();
            int index = call.get("index").asInt();
            if (call.has("id")) {
                assertThat(call.get("id").asString()).startsWith("call_");
                assertThat(call.get("type").asString()).isEqualTo("function");
                assertThat(call.at("/function/arguments").asString()).isEmpty();
                assertThat(names).doesNotContainKey(index);
                names.put(index, call.at("/function/name").asString());
                arguments.put(index, new StringBuilder());
                order.add(index);
            } else {
                assertThat(call.has("type")).isFalse();
                assertThat(call.at("/function").has("name")).isFalse();
                arguments.get(index).append(call.at("/function/arguments").asString());
            }
        }
        assertThat(order).containsExactly(0, 1);
        assertThat(names).containsEntry(0, "get_weather").containsEntry(1, "get_time");
        assertThat(json(arguments.get(0).toString()).get("city").asString()).isEqualTo("San Francisco");
        assertThat(arguments.get(1).toString()).isEqualTo("{}");
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asString())
                .isEqualTo("tool_calls");

        // same calls as the non-streamed answer
        JsonNode nonStreamed = json(post(simulator, request("Call get_weather and get_time", false, ""))
                .body());
        assertThat(nonStreamed
                        .at("/choices/0/message/tool_calls/0/function/arguments")
                        .asString())
                .isEqualTo(arguments.get(0).toString());
        assertThat(nonStreamed.at("/usage/completion_tokens").asInt())
                .isEqualTo(chunks.getLast().at("/usage/completion_tokens").asInt());
    }
}
