package io.switchboard.providers.anthropic;

import static io.switchboard.providers.anthropic.AnthropicTestSupport.json;
import static io.switchboard.providers.anthropic.AnthropicTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Pricing;
import io.switchboard.json.Json;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.UpstreamTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI-shaped request → Anthropic Messages body translation, case by case. */
class AnthropicRequestTranslationTest {
    /** The body as the upstream receives it (serialised and parsed, so numbers compare by value). */
    private static ObjectNode translate(String request) {
        return reparsed(
                AnthropicRequests.translate(json(request), target(), false).body());
    }

    private static ObjectNode reparsed(ObjectNode body) {
        return (ObjectNode) Json.MAPPER.readTree(body.toString());
    }

    private static JsonNode node(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void plainRequestHasModelMaxTokensAndUserTurn() {
        ObjectNode body = translate("""
                {"model":"anthropic/claude-sonnet-4.5","messages":[{"role":"user","content":"Hi"}],
                 "seed":7,"frequency_penalty":0.5,"logprobs":true,"n":1}""");

        assertThat(body).isEqualTo(node("""
                        {"model":"claude-sonnet-4-5","max_tokens":64000,
                         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""));
    }

    @Test
    void systemAndDeveloperMessagesAreHoisted() {
        ObjectNode body = translate("""
                {"model":"m","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"Hi"},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."}]}]}""");

        assertThat(body.get("system")).isEqualTo(node("""
                        [{"type":"text","text":"You are terse."},{"type":"text","text":"Answer in French."}]"""));
        assertThat(body.get("messages")).hasSize(1);
    }

    @Test
    void singlePlainSystemMessageIsAString() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Hi"}]}""");

        assertThat(body.get("system").asString()).isEqualTo("You are terse.");
    }

    @Test
    void cacheControlIsKeptOnSystemPartsMessagesAndTools() {
        ObjectNode body = translate("""
                {"model":"m","cache_control":{"type":"ephemeral"},"messages":[
                  {"role":"system","content":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
                  {"role":"user","content":"Question","cache_control":{"type":"ephemeral"}}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}},
                           "cache_control":{"type":"ephemeral"}}]}""");

        assertThat(body.get("system")).isEqualTo(node("""
                        [{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral","ttl":"1h"}}]"""));
        assertThat(body.at("/messages/0/content/0")).isEqualTo(node("""
                        {"type":"text","text":"Question","cache_control":{"type":"ephemeral"}}"""));
        assertThat(body.at("/tools/0/cache_control")).isEqualTo(node("{\"type\":\"ephemeral\"}"));
        assertThat(body.get("cache_control")).isEqualTo(node("{\"type\":\"ephemeral\"}"));
    }

    @Test
    void consecutiveSameRoleTurnsAreMergedAndEmptyTextSkipped() {
        ObjectNode body = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"One"},
                  {"role":"user","content":[{"type":"text","text":""},{"type":"text","text":"Two"}]},
                  {"role":"assistant","content":"A"},
                  {"role":"assistant","content":"B"},
                  {"role":"user","content":"Three"}]}""");

        assertThat(body.get("messages")).isEqualTo(node("""
                        [{"role":"user","content":[{"type":"text","text":"One"},{"type":"text","text":"Two"}]},
                         {"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"B"}]},
                         {"role":"user","content":[{"type":"text","text":"Three"}]}]"""));
    }

    @Test
    void finalAssistantPrefillLosesTrailingWhitespace() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Count"},{"role":"assistant","content":"1, 2, "}]}""");

        assertThat(body.at("/messages/1/content/0/text").asString()).isEqualTo("1, 2,");
    }

    @Test
    void imagesFromDataUrlsAndHttpsUrls() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"Compare"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
                  {"type":"image_url","image_url":{"url":"data:image/jpg;base64,/9j/4AAQ"}}]}]}""");

        assertThat(body.at("/messages/0/content")).isEqualTo(node("""
                        [{"type":"text","text":"Compare"},
                         {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                         {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
                         {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]"""));
    }

    @Test
    void pdfFilesBecomeDocuments() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}},
                  {"type":"image_url","image_url":{"url":"data:application/pdf;base64,JVBERi0xLjc="}},
                  {"type":"file","file":{"file_data":"https://example.com/report.pdf"}},
                  {"type":"file","file":{"file_data":"data:text/plain;base64,aGVsbG8="}}]}]}""");

        assertThat(body.at("/messages/0/content")).isEqualTo(node("""
                        [{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQ="}},
                         {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjc="}},
                         {"type":"document","source":{"type":"url","url":"https://example.com/report.pdf"}},
                         {"type":"document","source":{"type":"text","media_type":"text/plain","data":"hello"}}]"""));
    }

    @Test
    void unsupportedPartsAreRefused() {
        assertThatThrownBy(() -> translate("""
                        {"model":"m","messages":[{"role":"user","content":[
                          {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("audio");
        assertThatThrownBy(() -> translate("""
                        {"model":"m","messages":[{"role":"user","content":[
                          {"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[0].content[0]");
    }

    @Test
    void toolLoopWithParallelCallsAndMergedResults() {
        ObjectNode body = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"Weather in Paris and time in Tokyo?"},
                  {"role":"assistant","content":"","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"functions.get_time:2","type":"function","function":{"name":"get_time","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C"},
                  {"role":"tool","tool_call_id":"functions.get_time:2","content":[{"type":"text","text":"09:00"}]},
                  {"role":"user","content":"Summarise."}],
                 "tools":[
                  {"type":"function","function":{"name":"get_weather","description":"Weather by city",
                    "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                  {"type":"function","function":{"name":"get_time"}}]}""");

        assertThat(body.get("messages")).isEqualTo(node("""
                        [{"role":"user","content":[{"type":"text","text":"Weather in Paris and time in Tokyo?"}]},
                         {"role":"assistant","content":[
                           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                           {"type":"tool_use","id":"functions_get_time_2","name":"get_time","input":{}}]},
                         {"role":"user","content":[
                           {"type":"tool_result","tool_use_id":"call_1","content":"18C"},
                           {"type":"tool_result","tool_use_id":"functions_get_time_2","content":[{"type":"text","text":"09:00"}]},
                           {"type":"text","text":"Summarise."}]}]"""));
        assertThat(body.get("tools")).isEqualTo(node("""
                        [{"name":"get_weather","description":"Weather by city",
                          "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                         {"name":"get_time","input_schema":{"type":"object","properties":{}}}]"""));
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void toolResultsComeBeforeUserTextInTheSameTurn() {
        ObjectNode body = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"Go"},
                  {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"user","content":"Also this"},
                  {"role":"tool","tool_call_id":"t1","content":"done"}],
                 "tools":[{"type":"function","function":{"name":"f"}}]}""");

        assertThat(body.at("/messages/2/content/0/type").asString()).isEqualTo("tool_result");
        assertThat(body.at("/messages/2/content/1/text").asString()).isEqualTo("Also this");
    }

    @Test
    void invalidToolArgumentsAreTheClientsError() {
        assertThatThrownBy(() -> translate("""
                        {"model":"m","messages":[{"role":"user","content":"Go"},
                          {"role":"assistant","tool_calls":[{"id":"t1","type":"function",
                            "function":{"name":"f","arguments":"{not json"}}]}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[1].tool_calls[0].function.arguments is not valid JSON");
        assertThatThrownBy(() -> translate("""
                        {"model":"m","messages":[{"role":"user","content":"Go"},
                          {"role":"assistant","tool_calls":[{"id":"t1","type":"function",
                            "function":{"name":"f","arguments":"[1,2]"}}]}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"auto\"                                            | {\"type\":\"auto\"}",
                "\"none\"                                            | {\"type\":\"none\"}",
                "\"required\"                                        | {\"type\":\"any\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"g\"}} | {\"type\":\"tool\",\"name\":\"g\"}"
            })
    void toolChoiceVariants(String openAi, String anthropic) {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Go"}],"tool_choice":%s,
                 "tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"g"}}]}""".formatted(openAi));

        assertThat(body.get("tool_choice")).isEqualTo(node(anthropic));
    }

    @Test
    void parallelToolCallsFalseDisablesParallelUse() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Go"}],"parallel_tool_calls":false,
                 "tools":[{"type":"function","function":{"name":"f"}}]}""");

        assertThat(body.get("tool_choice")).isEqualTo(node("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void allowedToolsFilterTheTools() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Go"}],
                 "tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"required",
                   "tools":[{"type":"function","function":{"name":"g"}}]}},
                 "tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"g"}}]}""");

        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asString()).isEqualTo("g");
        assertThat(body.get("tool_choice")).isEqualTo(node("{\"type\":\"any\"}"));
    }

    @ParameterizedTest
    @CsvSource({
        "minimal, 10000, 1024, 10000",
        "low, 10000, 2000, 10000",
        "medium, 10000, 5000, 10000",
        "high, 10000, 8000, 10000",
        "xhigh, 10000, 9500, 10000",
        "low, 1000, 1024, 2024",
        "high, , 51200, 64000"
    })
    void effortBecomesABudgetBelowMaxTokens(String effort, Long maxTokens, long budget, long expectedMax) {
        String max = maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens;
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Think"}],"reasoning":{"effort":"%s"}%s,
                 "temperature":0.3,"top_k":5}""".formatted(effort, max));

        assertThat(body.get("thinking")).isEqualTo(node("{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"));
        assertThat(body.path("max_tokens").asLong()).isEqualTo(expectedMax).isGreaterThan(budget);
        assertThat(body.has("temperature")).as("thinking forbids temperature").isFalse();
        assertThat(body.has("top_k")).isFalse();
    }

    @Test
    void explicitReasoningBudgetAndOtherSpellings() {
        ObjectNode explicit = translate("""
                {"model":"m","messages":[{"role":"user","content":"Think"}],"max_tokens":2000,
                 "reasoning":{"max_tokens":3000}}""");
        assertThat(explicit.at("/thinking/budget_tokens").asLong()).isEqualTo(3000);
        assertThat(explicit.path("max_tokens").asLong()).isEqualTo(5000);

        ObjectNode tiny = translate("""
                {"model":"m","messages":[{"role":"user","content":"Think"}],"max_completion_tokens":8000,
                 "reasoning":{"max_tokens":100}}""");
        assertThat(tiny.at("/thinking/budget_tokens").asLong()).isEqualTo(1024);
        assertThat(tiny.path("max_tokens").asLong()).isEqualTo(8000);

        ObjectNode effort = translate("""
                {"model":"m","messages":[{"role":"user","content":"Think"}],"max_tokens":4000,"reasoning_effort":"high"}""");
        assertThat(effort.at("/thinking/budget_tokens").asLong()).isEqualTo(3200);

        ObjectNode enabled = translate("""
                {"model":"m","messages":[{"role":"user","content":"Think"}],"max_tokens":4000,"reasoning":{"enabled":true}}""");
        assertThat(enabled.at("/thinking/budget_tokens").asLong()).isEqualTo(2000);

        ObjectNode off = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"reasoning":{"effort":"none"},"temperature":0.2}""");
        assertThat(off.get("thinking")).isEqualTo(node("{\"type\":\"disabled\"}"));
        assertThat(off.path("temperature").asDouble()).isEqualTo(0.2);

        ObjectNode passthrough = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":1500,
                 "thinking":{"type":"enabled","budget_tokens":2048}}""");
        assertThat(passthrough.at("/thinking/budget_tokens").asLong()).isEqualTo(2048);
        assertThat(passthrough.path("max_tokens").asLong()).isEqualTo(3548);
    }

    @Test
    void excludeStillThinksButHidesReasoning() {
        AnthropicRequests.Translation translation = AnthropicRequests.translate(json("""
                        {"model":"m","messages":[{"role":"user","content":"Think"}],"reasoning":{"effort":"low","exclude":true}}"""), target(), true);

        assertThat(translation.excludeReasoning()).isTrue();
        assertThat(translation.body().at("/thinking/type").asString()).isEqualTo("enabled");
        assertThat(translation.body().path("stream").asBoolean()).isTrue();
    }

    @Test
    void thinkingRelaxesAForcedToolChoice() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Go"}],"reasoning":{"effort":"low"},
                 "tool_choice":"required","tools":[{"type":"function","function":{"name":"f"}}]}""");

        assertThat(body.get("tool_choice")).isEqualTo(node("{\"type\":\"auto\"}"));
    }

    @Test
    void endpointsWithoutReasoningGetNoThinking() {
        UpstreamTarget base = target();
        Endpoint old = new Endpoint(
                "anthropic/claude-3-haiku",
                "anthropic",
                "anthropic",
                "claude-3-haiku-20240307",
                Pricing.FREE,
                200_000,
                4096L,
                null,
                List.of("max_tokens", "temperature", "stop", "tools", "tool_choice"));
        ObjectNode body = AnthropicRequests.translate(
                        json("""
                                {"model":"m","messages":[{"role":"user","content":"Hi"}],"reasoning":{"effort":"high"},
                                 "max_tokens":100000}"""), new UpstreamTarget(base.provider(), old, "k", false), false)
                .body();

        assertThat(body.has("thinking")).isFalse();
        assertThat(body.path("max_tokens").asLong())
                .as("capped at the endpoint's output")
                .isEqualTo(4096);
    }

    @Test
    void reasoningDetailsRoundTripUnchanged() {
        String signature = "EqQBCkgIARABGAIiQL2hZ8sQ4sxZwXD1U2nY5Xyr2H8nAoC5TbsbWLF9GzBbnw==";
        ObjectNode body = translate("""
                {"model":"m","reasoning":{"effort":"low"},"messages":[
                  {"role":"user","content":"Weather?"},
                  {"role":"assistant","content":null,
                   "reasoning":"Need the weather tool.",
                   "reasoning_details":[
                     {"type":"reasoning.text","text":"Need the weather ","format":"anthropic-claude-v1","index":0},
                     {"type":"reasoning.text","text":"tool.","format":"anthropic-claude-v1","index":0},
                     {"type":"reasoning.text","text":"","signature":"%s","format":"anthropic-claude-v1","index":0},
                     {"type":"reasoning.encrypted","data":"RVhBTVBMRQ==","format":"anthropic-claude-v1","index":1},
                     {"type":"reasoning.text","text":"Foreign","signature":"x","format":"google-gemini-v1","index":2},
                     {"type":"reasoning.text","text":"Unsigned","index":3}],
                   "tool_calls":[{"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"toolu_01A","content":"18C"}],
                 "tools":[{"type":"function","function":{"name":"get_weather"}}]}""".formatted(signature));

        assertThat(body.at("/messages/1/content")).isEqualTo(node("""
                        [{"type":"thinking","thinking":"Need the weather tool.","signature":"%s"},
                         {"type":"redacted_thinking","data":"RVhBTVBMRQ=="},
                         {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{}}]""".formatted(signature)));
    }

    @Test
    void nonStreamingReasoningDetailsComeBackAsTheyWere() {
        ObjectNode recorded =
                (ObjectNode) Json.MAPPER.readTree(AnthropicTestSupport.fixture("anthropic-clear-thinking.1.json"));
        ObjectNode completion = AnthropicResponses.completion(recorded, false, 0);
        ObjectNode assistant = (ObjectNode) completion.at("/choices/0/message").deepCopy();
        ObjectNode request = json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"925 / 5?\"}]}");
        ((tools.jackson.databind.node.ArrayNode) request.get("messages")).add(assistant);
        ((tools.jackson.databind.node.ArrayNode) request.get("messages"))
                .addObject()
                .put("role", "user")
                .put("content", "Thanks");

        ObjectNode body = AnthropicRequests.translate(request, target(), false).body();

        assertThat(body.at("/messages/1/content")).isEqualTo(recorded.get("content"));
    }

    @Test
    void stopTemperatureTopPAndUser() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"stop":["END","  ","###"],
                 "temperature":1.7,"top_p":0.9,"top_k":40,"user":"user-42"}""");

        assertThat(body.get("stop_sequences")).isEqualTo(node("[\"END\",\"###\"]"));
        assertThat(body.path("temperature").asDouble())
                .as("capped to Anthropic's range")
                .isEqualTo(1.0);
        assertThat(body.has("top_p"))
                .as("recent models reject temperature with top_p")
                .isFalse();
        assertThat(body.path("top_k").asInt()).isEqualTo(40);
        assertThat(body.at("/metadata/user_id").asString()).isEqualTo("user-42");

        ObjectNode single = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"stop":"STOP","top_p":0.5}""");
        assertThat(single.get("stop_sequences")).isEqualTo(node("[\"STOP\"]"));
        assertThat(single.path("top_p").asDouble()).isEqualTo(0.5);
    }

    @Test
    void jsonSchemaUsesNativeStructuredOutput() {
        ObjectNode body = translate("""
                {"model":"m","messages":[{"role":"user","content":"A city"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,
                   "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],
                             "additionalProperties":false}}}}""");

        assertThat(body.get("output_config")).isEqualTo(node("""
                        {"format":{"type":"json_schema","schema":{"type":"object","properties":{"name":{"type":"string"}},
                          "required":["name"],"additionalProperties":false}}}"""));
        assertThat(body.has("tools")).isFalse();

        ObjectNode object = translate("""
                {"model":"m","messages":[{"role":"user","content":"A city"}],"response_format":{"type":"json_object"}}""");
        assertThat(object.get("system").asString()).isEqualTo(AnthropicRequests.JSON_OBJECT_INSTRUCTION);
    }

    @Test
    void maxTokensDefaultsAndCaps() {
        ObjectNode noCap = AnthropicRequests.translate(
                        json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                        target("https://api.anthropic.com", null),
                        false)
                .body();
        assertThat(noCap.path("max_tokens").asLong()).isEqualTo(AnthropicRequests.DEFAULT_MAX_TOKENS);

        ObjectNode requested = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":300,"max_tokens":900}""");
        assertThat(requested.path("max_tokens").asLong()).isEqualTo(300);

        ObjectNode capped = translate("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":999999}""");
        assertThat(capped.path("max_tokens").asLong()).isEqualTo(64_000);
    }

    @Test
    void functionRoleIsRefused() {
        assertThatThrownBy(() -> translate("""
                        {"model":"m","messages":[{"role":"function","name":"f","content":"x"}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[0].role");
    }
}
