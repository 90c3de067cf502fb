package io.switchboard.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import io.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real gateway in front of the simulator speaking Anthropic Messages: {@code anthropic/claude-sonnet-4.5} must answer
 * in exactly the OpenAI/OpenRouter shape that OpenAI models answer in, with usage and cost recorded.
 */
class AnthropicEndToEndTest {
    private static final String MODEL = "anthropic/claude-sonnet-4.5";
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"location":{"type":"string"},
                 "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}}},
             {"type":"function","function":{"name":"get_time","description":"Local time",
               "parameters":{"type":"object","properties":{"timezone":{"type":"string"}}}}}]""";

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    // ---------------------------------------------------------------- text

    @Test
    void nonStreamingTextHasTheOpenRouterShape() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","messages":[{"role":"system","content":"You are terse."},
                  {"role":"user","content":"Say hello"}]}""".formatted(MODEL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("id").asString()).matches("gen-\\d+-[A-Za-z0-9]{20}");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("model").asString()).isEqualTo(MODEL);
        assertThat(body.path("provider").asString()).isEqualTo("Anthropic");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isNotBlank();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("end_turn");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong()).isBetween(24L, 40L);
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong()
                        + usage.path("completion_tokens").asLong());
        assertThat(usage.path("cost").decimalValue()).isPositive();

        JsonNode stats = generation(body.path("id").asString());
        assertThat(stats.path("model").asString()).isEqualTo(MODEL);
        assertThat(stats.path("provider_name").asString()).isEqualTo("Anthropic");
        assertThat(stats.path("upstream_id").asString()).startsWith("msg_01");
        assertThat(stats.path("tokens_prompt").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(stats.path("total_cost").decimalValue())
                .isEqualByComparingTo(usage.path("cost").decimalValue());
        assertThat(stats.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(stats.path("native_finish_reason").asString()).isEqualTo("end_turn");
        assertThat(stats.path("simulated").asBoolean()).isTrue();
    }

    @Test
    void responsesHaveTheFieldsOfAnOpenAiModelsResponses() throws Exception {
        String request =
                "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        JsonNode openAi = Json.MAPPER.readTree(
                chat(request.formatted("openai/gpt-4o-mini", false)).body());
        JsonNode anthropic =
                Json.MAPPER.readTree(chat(request.formatted(MODEL, false)).body());

        assertThat(fieldTypes(openAi)).containsAllEntriesOf(fieldTypes(anthropic));
        assertThat(fieldTypes(anthropic).keySet().stream().filter(path -> path.startsWith("usage")))
                .containsExactlyInAnyOrderElementsOf(fieldTypes(openAi).keySet().stream()
                        .filter(path -> path.startsWith("usage"))
                        .toList());

        List<JsonNode> openAiChunks = chunks(chat(request.formatted("openai/gpt-4o-mini", true)));
        List<JsonNode> anthropicChunks = chunks(chat(request.formatted(MODEL, true)));
        java.util.Set<String> openAiPaths = new java.util.TreeSet<>();
        openAiChunks.forEach(chunk -> fieldTypes(chunk).forEach((path, type) -> openAiPaths.add(path + ":" + type)));
        for (JsonNode chunk : anthropicChunks) {
            fieldTypes(chunk)
                    .forEach((path, type) ->
                            assertThat(openAiPaths).as(chunk.toString()).contains(path + ":" + type));
        }
    }

    @Test
    void streamingTextFollowsOpenRouterFraming() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""".formatted(MODEL));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(response);
        String id = response.headers().firstValue("X-Generation-Id").orElseThrow();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("id").asString()).isEqualTo(id);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asString()).isEqualTo(MODEL);
            assertThat(chunk.path("provider").asString()).isEqualTo("Anthropic");
        });
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(text(chunks)).isNotBlank();
        assertThat(chunks.stream()
                        .filter(c ->
                                c.at("/choices/0/delta/content").asString("").length() > 0))
                .as("text arrives incrementally")
                .hasSizeGreaterThan(10);
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.at("/choices/0/native_finish_reason").asString()).isEqualTo("end_turn");
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isPositive();
        assertThat(usageChunk.at("/usage/cost").decimalValue()).isPositive();
        assertThat(chunks.stream().filter(chunk -> chunk.has("usage")).count()).isEqualTo(1);

        JsonNode stats = generation(id);
        assertThat(stats.path("streamed").asBoolean()).isTrue();
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usageChunk.at("/usage/completion_tokens").asLong());
        assertThat(stats.path("total_cost").decimalValue())
                .isEqualByComparingTo(usageChunk.at("/usage/cost").decimalValue());
        assertThat(stats.path("native_finish_reason").asString()).isEqualTo("end_turn");
    }

    @Test
    void cachedPromptTokensAreReportedAndPricedAsCacheReads() throws Exception {
        String request = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}"
                .formatted(MODEL, "A long shared prefix. ".repeat(40));
        JsonNode plain = Json.MAPPER.readTree(chat(request).body()).path("usage");
        JsonNode cached = Json.MAPPER
                .readTree(chat(request, "X-Sim-Cached-Tokens", "100").body())
                .path("usage");

        assertThat(cached.path("prompt_tokens").asLong())
                .isEqualTo(plain.path("prompt_tokens").asLong());
        assertThat(cached.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(100);
        assertThat(cached.path("cost").decimalValue())
                .isLessThan(plain.path("cost").decimalValue());
    }

    // ---------------------------------------------------------------- media

    @Test
    void imagesByUrlAndDataAndPdfDocumentsAreAccepted() throws Exception {
        String without =
                "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Describe\"}]}]}"
                        .formatted(MODEL);
        String with = """
                {"model":"%s","messages":[{"role":"user","content":[{"type":"text","text":"Describe"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQK"}}]}]}""".formatted(MODEL);

        HttpResponse<String> plain = chat(without);
        HttpResponse<String> media = chat(with);

        assertThat(media.statusCode()).as(media.body()).isEqualTo(200);
        long difference = Json.MAPPER
                        .readTree(media.body())
                        .at("/usage/prompt_tokens")
                        .asLong()
                - Json.MAPPER.readTree(plain.body()).at("/usage/prompt_tokens").asLong();
        assertThat(difference).as("85 prompt tokens per image or document").isEqualTo(3 * 85);
    }

    // ---------------------------------------------------------------- tools

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void parallelToolCallsThenToolResultsThenText(boolean stream) throws Exception {
        String first = """
                {"model":"%s","stream":%s,"tools":%s,
                 "messages":[{"role":"user","content":"Use get_weather and get_time for Paris."}]}""".formatted(MODEL, stream, TOOLS);

        HttpResponse<String> response = chat(first);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message;
        String finish;
        String nativeFinish;
        if (stream) {
            List<JsonNode> chunks = chunks(response);
            message = accumulate(chunks);
            JsonNode finishChunk = chunks.get(chunks.size() - 2);
            finish = finishChunk.at("/choices/0/finish_reason").asString();
            nativeFinish = finishChunk.at("/choices/0/native_finish_reason").asString();
        } else {
            JsonNode choice =
                    Json.MAPPER.readTree(response.body()).path("choices").get(0);
            message = choice.path("message");
            finish = choice.path("finish_reason").asString();
            nativeFinish = choice.path("native_finish_reason").asString();
        }
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(nativeFinish).isEqualTo("tool_use");
        JsonNode calls = message.path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).at("/function/name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(1).at("/function/name").asString()).isEqualTo("get_time");
        for (JsonNode call : calls) {
            assertThat(call.path("id").asString()).startsWith("toolu_01");
            assertThat(call.path("type").asString()).isEqualTo("function");
            assertThat(Json.MAPPER
                            .readTree(call.at("/function/arguments").asString())
                            .isObject())
                    .isTrue();
        }
        assertThat(Json.MAPPER
                        .readTree(calls.get(0).at("/function/arguments").asString())
                        .path("location")
                        .asString())
                .isNotBlank();

        ObjectNode second = (ObjectNode) Json.MAPPER.readTree(first);
        ArrayNode messages = (ArrayNode) second.get("messages");
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        assistant.set("tool_calls", calls);
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", calls.get(0).path("id").asString())
                .put("content", "18C and sunny");
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", calls.get(1).path("id").asString())
                .put("content", "14:05");

        HttpResponse<String> answer = chat(second.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        if (stream) {
            List<JsonNode> chunks = chunks(answer);
            assertThat(text(chunks)).isNotBlank();
            assertThat(chunks.get(chunks.size() - 2)
                            .at("/choices/0/finish_reason")
                            .asString())
                    .isEqualTo("stop");
        } else {
            JsonNode choice =
                    Json.MAPPER.readTree(answer.body()).path("choices").get(0);
            assertThat(choice.at("/message/content").asString()).isNotBlank();
            assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        }
    }

    @Test
    void aToolResultWithoutItsCallIsRejectedByTheProvider() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","tools":%s,"messages":[{"role":"user","content":"Weather?"},
                  {"role":"tool","tool_call_id":"toolu_missing","content":"18C"}]}""".formatted(MODEL, TOOLS));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .at("/error/metadata/raw")
                        .asString())
                .contains("tool_use_id");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forcedToolChoiceCallsThatTool(boolean stream) throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","stream":%s,"tools":%s,"tool_choice":{"type":"function","function":{"name":"get_time"}},
                 "messages":[{"role":"user","content":"Hello there"}]}""".formatted(MODEL, stream, TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = stream
                ? accumulate(chunks(response))
                : Json.MAPPER.readTree(response.body()).at("/choices/0/message");
        assertThat(message.path("tool_calls")).hasSize(1);
        assertThat(message.at("/tool_calls/0/function/name").asString()).isEqualTo("get_time");
    }

    @Test
    void invalidToolArgumentsAre400() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response = chat("""
                    {"model":"%s","stream":%s,"tools":%s,"messages":[{"role":"user","content":"Weather?"},
                      {"role":"assistant","tool_calls":[{"id":"toolu_1","type":"function",
                        "function":{"name":"get_weather","arguments":"{broken"}}]},
                      {"role":"tool","tool_call_id":"toolu_1","content":"18C"}]}""".formatted(MODEL, stream, TOOLS));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER
                            .readTree(response.body())
                            .at("/error/message")
                            .asString())
                    .contains("messages[1].tool_calls[0].function.arguments is not valid JSON");
        }
    }

    // ---------------------------------------------------------------- reasoning

    @Test
    void reasoningWithEffortRoundTripsItsSignedDetails() throws Exception {
        String request = """
                {"model":"%s","max_tokens":4000,"reasoning":{"effort":"high"},
                 "messages":[{"role":"user","content":"What is 925 / 5?"}]}""".formatted(MODEL);

        HttpResponse<String> response = chat(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("reasoning").asString()).isNotBlank();
        JsonNode detail = message.path("reasoning_details").get(0);
        assertThat(detail.path("type").asString()).isEqualTo("reasoning.text");
        assertThat(detail.path("format").asString()).isEqualTo("anthropic-claude-v1");
        assertThat(detail.path("text").asString())
                .isEqualTo(message.path("reasoning").asString());
        assertThat(detail.path("signature").asString()).isNotBlank();
        assertThat(message.path("content").asString()).isNotBlank();
        // effort high of 4000 → budget 3200 → the simulator thinks budget / 64 = 50 tokens
        assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asLong())
                .isEqualTo(50);
        assertThat(generation(body.path("id").asString())
                        .path("native_tokens_reasoning")
                        .asLong())
                .isEqualTo(50);

        ObjectNode followUp = (ObjectNode) Json.MAPPER.readTree(request);
        ArrayNode messages = (ArrayNode) followUp.get("messages");
        messages.add(message.deepCopy());
        messages.addObject().put("role", "user").put("content", "And times two?");
        assertThat(chat(followUp.toString()).statusCode())
                .as("signed thinking sent back unchanged")
                .isEqualTo(200);

        ((ObjectNode) messages.get(1).path("reasoning_details").get(0)).put("text", "I changed my mind.");
        HttpResponse<String> tampered = chat(followUp.toString());
        assertThat(tampered.statusCode())
                .as("a modified thinking block is refused")
                .isEqualTo(400);
        assertThat(tampered.body()).contains("signature");
    }

    @Test
    void streamingReasoningArrivesBeforeTheText() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","stream":true,"reasoning":{"effort":"low"},"max_tokens":3000,
                 "messages":[{"role":"user","content":"What is 925 / 5?"}]}""".formatted(MODEL));

        List<JsonNode> chunks = chunks(response);
        int firstReasoning = -1;
        int firstText = -1;
        StringBuilder reasoning = new StringBuilder();
        String signature = null;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode delta = chunks.get(i).at("/choices/0/delta");
            if (!delta.path("reasoning").asString("").isEmpty()) {
                firstReasoning = firstReasoning < 0 ? i : firstReasoning;
                reasoning.append(delta.path("reasoning").asString());
            }
            if (!delta.path("content").asString("").isEmpty() && firstText < 0) {
                firstText = i;
            }
            for (JsonNode detail : delta.path("reasoning_details")) {
                if (detail.has("signature")) {
                    signature = detail.path("signature").asString();
                }
            }
        }
        assertThat(firstReasoning).isPositive().isLessThan(firstText);
        assertThat(reasoning.toString()).isNotBlank();
        assertThat(signature).isNotBlank();
        assertThat(chunks.get(chunks.size() - 2)
                        .at("/choices/0/native_finish_reason")
                        .asString())
                .isEqualTo("end_turn");
    }

    // ---------------------------------------------------------------- output control

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void jsonSchemaAnswersWithMatchingJson(boolean stream) throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"Invent a city"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,
                   "schema":{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}},
                     "required":["name","population"],"additionalProperties":false}}}}""".formatted(MODEL, stream));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String content = stream
                ? text(chunks(response))
                : Json.MAPPER
                        .readTree(response.body())
                        .at("/choices/0/message/content")
                        .asString();
        JsonNode parsed = Json.MAPPER.readTree(content);
        assertThat(parsed.path("name").isString()).isTrue();
        assertThat(parsed.path("population").isIntegralNumber()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stopSequenceEndsTheTextWithItsNativeReason(boolean stream) throws Exception {
        String request = """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"Tell me about stop sequences"}]%s}""";
        String full = Json.MAPPER
                .readTree(chat(request.formatted(MODEL, false, "")).body())
                .at("/choices/0/message/content")
                .asString();
        String[] words = full.split(" ");
        int pick = words.length / 2;
        while (words[pick].strip().length() < 3) {
            pick++;
        }
        String stop = " " + words[pick];
        String expected = full.substring(0, full.indexOf(stop));

        HttpResponse<String> response =
                chat(request.formatted(MODEL, stream, ",\"stop\":[" + Json.MAPPER.writeValueAsString(stop) + "]"));

        String content;
        JsonNode finishChoice;
        if (stream) {
            List<JsonNode> chunks = chunks(response);
            content = text(chunks);
            finishChoice = chunks.get(chunks.size() - 2).at("/choices/0");
        } else {
            finishChoice = Json.MAPPER.readTree(response.body()).at("/choices/0");
            content = finishChoice.at("/message/content").asString();
        }
        assertThat(content).isEqualTo(expected);
        assertThat(finishChoice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(finishChoice.path("native_finish_reason").asString()).isEqualTo("stop_sequence");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void maxTokensTruncationReportsLength(boolean stream) throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"%s","stream":%s,"max_tokens":3,"messages":[{"role":"user","content":"Say hello"}]}""".formatted(MODEL, stream));

        JsonNode finishChoice;
        JsonNode usage;
        if (stream) {
            List<JsonNode> chunks = chunks(response);
            finishChoice = chunks.get(chunks.size() - 2).at("/choices/0");
            usage = chunks.getLast().path("usage");
        } else {
            JsonNode body = Json.MAPPER.readTree(response.body());
            finishChoice = body.at("/choices/0");
            usage = body.path("usage");
        }
        assertThat(finishChoice.path("finish_reason").asString()).isEqualTo("length");
        assertThat(finishChoice.path("native_finish_reason").asString()).isEqualTo("max_tokens");
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- failures

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overloaded529IsAnUpstreamErrorWithTheRawBody(boolean stream) throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        .formatted(MODEL, stream),
                "X-Sim-Status",
                "529");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(502);
        assertThat(error.at("/metadata/provider_name").asString()).isEqualTo("Anthropic");
        assertThat(error.at("/metadata/raw").asString()).contains("overloaded_error");
        JsonNode stats =
                generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("status").asInt()).isEqualTo(502);
        assertThat(stats.path("total_cost").decimalValue()).isZero();
    }

    @Test
    void rateLimitIs429WithRetryAfter() throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".formatted(MODEL),
                "X-Sim-Status",
                "429");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .at("/error/metadata/raw")
                        .asString())
                .contains("rate_limit_error");
    }

    @Test
    void serverErrorIs502() throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".formatted(MODEL),
                "X-Sim-Status",
                "500");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .at("/error/metadata/raw")
                        .asString())
                .contains("api_error");
    }

    @Test
    void connectionDropMidStreamBecomesAnErrorChunk() throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        .formatted(MODEL),
                "X-Sim-Fail-After-Chunks",
                "3");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(response.body());
        assertThat(events).doesNotContain("[DONE]");
        List<JsonNode> chunks = chunks(response);
        assertThat(text(chunks.subList(0, chunks.size() - 1))).isNotEmpty();
        JsonNode last = chunks.getLast();
        assertThat(last.at("/error/code").asInt()).isEqualTo(502);
        assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("error");
        JsonNode stats =
                generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
    }

    @Test
    void errorEventMidStreamBecomesAnErrorChunk() throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        .formatted(MODEL),
                "X-Sim-Error-After-Chunks",
                "2");

        List<JsonNode> chunks = chunks(response);
        JsonNode last = chunks.getLast();
        assertThat(last.at("/error/message").asString()).contains("overloaded_error");
        assertThat(last.at("/error/metadata/provider_name").asString()).isEqualTo("Anthropic");
        assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("error");
    }

    @Test
    void errorEventBeforeAnyContentIsAnHttpError() throws Exception {
        HttpResponse<String> response = chat(
                "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        .formatted(MODEL),
                "X-Sim-Error-After-Chunks",
                "0");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .at("/error/metadata/raw")
                        .asString())
                .contains("overloaded_error");
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> chat(String body, String... headers) throws Exception {
        return gateway.postAuthorized("/chat/completions", body, headers);
    }

    private static JsonNode generation(String id) throws Exception {
        HttpResponse<String> response = gateway.getAuthorized("/generation?id=" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("data");
    }

    private static List<String> dataEvents(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                }
            }
        }
        return events;
    }

    private static List<JsonNode> chunks(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : dataEvents(response.body())) {
            if (!event.equals("[DONE]")) {
                chunks.add(Json.MAPPER.readTree(event));
            }
        }
        return chunks;
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asString("")));
        return text.toString();
    }

    /** What an OpenAI SDK accumulates from the chunks: content and tool calls by index. */
    private static JsonNode accumulate(List<JsonNode> chunks) {
        ObjectNode message = Json.object();
        message.put("content", text(chunks));
        Map<Integer, ObjectNode> calls = new TreeMap<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode delta : chunk.at("/choices/0/delta/tool_calls")) {
                ObjectNode call = calls.computeIfAbsent(delta.path("index").asInt(), index -> {
                    ObjectNode created = Json.object();
                    created.putObject("function").put("arguments", "");
                    return created;
                });
                if (delta.has("id")) {
                    call.put("id", delta.path("id").asString());
                    call.put("type", delta.path("type").asString());
                    ((ObjectNode) call.get("function"))
                            .put("name", delta.at("/function/name").asString());
                }
                ((ObjectNode) call.get("function"))
                        .put(
                                "arguments",
                                call.at("/function/arguments").asString()
                                        + delta.at("/function/arguments").asString(""));
            }
        }
        ArrayNode toolCalls = message.putArray("tool_calls");
        calls.values().forEach(toolCalls::add);
        return message;
    }

    /** Every field path ({@code choices[].delta.content}) with its JSON type. */
    private static Map<String, String> fieldTypes(JsonNode node) {
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
}
