package io.switchboard.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import io.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real gateway in front of the simulator speaking Gemini: clients see the same OpenAI/OpenRouter shapes for
 * {@code google/*} models as for OpenAI models, tool loops and reasoning survive the translation both ways, and the
 * generation record has usage and cost.
 */
class GeminiEndToEndTest {
    private static final String PRO = "google/gemini-2.5-pro";
    private static final String GEMINI3 = "google/gemini-3-flash-preview";
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "additionalProperties":false,
                 "properties":{"city":{"type":"string","title":"City"},"unit":{"enum":["celsius","fahrenheit"]}},
                 "required":["city"]}}},
             {"type":"function","function":{"name":"get_time","description":"Local time",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void textAnswerHasTheOpenRouterShapeAndIsRecorded() throws Exception {
        HttpResponse<String> response = post(request(PRO, false, """
                [{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello"}]"""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("id").asString()).matches("gen-\\d+-[A-Za-z0-9]{20}");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("model").asString()).isEqualTo(PRO);
        assertThat(body.path("provider").asString()).isEqualTo("Google AI Studio");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.at("/message/role").asString()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asString()).isNotBlank();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("STOP");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong()
                        + usage.path("completion_tokens").asLong());
        assertThat(usage.path("cost").decimalValue()).isPositive();

        JsonNode stats = generation(body.path("id").asString());
        assertThat(stats.path("model").asString()).isEqualTo(PRO);
        assertThat(stats.path("provider_name").asString()).isEqualTo("Google AI Studio");
        assertThat(stats.path("tokens_prompt").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(stats.path("total_cost").decimalValue())
                .isPositive()
                .isEqualByComparingTo(usage.path("cost").decimalValue());
        assertThat(stats.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(stats.path("native_finish_reason").asString()).isEqualTo("STOP");
        assertThat(stats.path("simulated").asBoolean()).isTrue();

        JsonNode openAi = Json.MAPPER.readTree(
                post(request("openai/gpt-4o-mini", false, """
                        [{"role":"user","content":"Say hello"}]""")).body());
        assertThat(paths(openAi))
                .as("an OpenAI model's response has every field")
                .containsAll(paths(body));
        assertThat(subtree(body, "usage")).isEqualTo(subtree(openAi, "usage"));
    }

    @Test
    void textStreamFollowsOpenRouterFraming() throws Exception {
        HttpResponse<String> response = post(request(PRO, true, "[{\"role\":\"user\",\"content\":\"Say hello\"}]"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        String id = response.headers().firstValue("X-Generation-Id").orElseThrow();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("id").asString()).isEqualTo(id);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asString()).isEqualTo(PRO);
            assertThat(chunk.path("provider").asString()).isEqualTo("Google AI Studio");
        });
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(text(chunks, "content")).isNotBlank();
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.path("native_finish_reason").asString()).isEqualTo("STOP");
        JsonNode usage = chunks.getLast().path("usage");
        assertThat(chunks.getLast().path("choices")).isEmpty();
        assertThat(usage.path("completion_tokens").asLong()).isPositive();
        assertThat(usage.path("cost").decimalValue()).isPositive();
        assertThat(chunks.stream().filter(chunk -> chunk.has("usage")).count()).isEqualTo(1);

        JsonNode stats = generation(id);
        assertThat(stats.path("streamed").asBoolean()).isTrue();
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(stats.path("total_cost").decimalValue())
                .isEqualByComparingTo(usage.path("cost").decimalValue());

        List<JsonNode> openAi = chunks(
                dataEvents(post(request("openai/gpt-4o-mini", true, "[{\"role\":\"user\",\"content\":\"Say hello\"}]"))
                        .body()));
        assertThat(paths(openAi)).as("OpenAI chunks have every field").containsAll(paths(chunks));
    }

    @Test
    void toolLoopOverTwoTurnsCarriesTheThoughtSignature() throws Exception {
        // Gemini 3 refuses a function-call turn without its signature; the simulator enforces that too.
        String ask = "[{\"role\":\"user\",\"content\":\"What's the weather in Paris? Use get_weather.\"}]";
        HttpResponse<String> first = post(request(GEMINI3, false, ask, "\"tools\":" + TOOLS));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode firstBody = Json.MAPPER.readTree(first.body());
        JsonNode choice = firstBody.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("STOP");
        JsonNode message = choice.path("message");
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(message.path("tool_calls")).hasSize(1);
        assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
        assertThat(Json.MAPPER
                        .readTree(call.at("/function/arguments").asString())
                        .has("city"))
                .isTrue();
        JsonNode signature = message.path("reasoning_details").get(0);
        assertThat(signature.path("type").asString()).isEqualTo("reasoning.encrypted");
        assertThat(signature.path("format").asString()).isEqualTo("google-gemini-v1");
        assertThat(signature.path("id").asString()).isEqualTo(call.path("id").asString());
        JsonNode stats = generation(firstBody.path("id").asString());
        assertThat(stats.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(stats.path("native_finish_reason").asString()).isEqualTo("STOP");

        ArrayNode messages = (ArrayNode) Json.MAPPER.readTree(ask);
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        assistant.set("tool_calls", message.get("tool_calls"));
        assistant.set("reasoning_details", message.get("reasoning_details"));
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", call.path("id").asString())
                .put("content", "{\"celsius\":18,\"sky\":\"cloudy\"}");
        HttpResponse<String> second = post(request(GEMINI3, false, messages.toString(), "\"tools\":" + TOOLS));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(second.body()).path("choices").get(0);
        assertThat(answer.at("/message/content").asString()).isNotBlank();
        assertThat(answer.path("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void streamedToolLoopWorksToo() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"Weather in Rome, please: call get_weather.\"}]";
        List<JsonNode> chunks = chunks(
                dataEvents(post(request(PRO, true, ask, "\"tools\":" + TOOLS)).body()));

        List<JsonNode> calls = new ArrayList<>();
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                choice.at("/delta/tool_calls").forEach(calls::add);
                choice.at("/delta/reasoning_details").forEach(details::add);
            }
        }
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.path("index").asInt()).isZero();
            assertThat(call.path("id").asString()).startsWith("call_");
            assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
            assertThat(Json.MAPPER
                            .readTree(call.at("/function/arguments").asString())
                            .isObject())
                    .isTrue();
        });
        assertThat(details)
                .singleElement()
                .satisfies(detail -> assertThat(detail.path("id").asString())
                        .isEqualTo(calls.getFirst().path("id").asString()));
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asString())
                .isEqualTo("tool_calls");

        JsonNode call = calls.getFirst();
        ArrayNode messages = (ArrayNode) Json.MAPPER.readTree(ask);
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putArray("tool_calls").add(call.deepCopy()).forEach(node -> ((ObjectNode) node).remove("index"));
        assistant.putArray("reasoning_details").addAll(details);
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", call.path("id").asString())
                .put("content", "sunny, 24C");
        List<JsonNode> answer = chunks(dataEvents(post(request(PRO, true, messages.toString(), "\"tools\":" + TOOLS))
                .body()));

        assertThat(text(answer, "content")).isNotBlank();
        assertThat(answer.get(answer.size() - 2).at("/choices/0/finish_reason").asString())
                .isEqualTo("stop");
    }

    @Test
    void parallelCallsAndTheirResults() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"Use get_weather and get_time for Oslo.\"}]";
        JsonNode message = Json.MAPPER
                .readTree(
                        post(request(GEMINI3, false, ask, "\"tools\":" + TOOLS)).body())
                .at("/choices/0/message");

        JsonNode calls = message.path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).at("/function/name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(1).at("/function/name").asString()).isEqualTo("get_time");
        assertThat(calls.get(0).path("id").asString())
                .isNotEqualTo(calls.get(1).path("id").asString());
        // Only the first of parallel calls is signed.
        assertThat(message.path("reasoning_details")).hasSize(1);

        ArrayNode messages = (ArrayNode) Json.MAPPER.readTree(ask);
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.set("tool_calls", calls);
        assistant.set("reasoning_details", message.get("reasoning_details"));
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", calls.get(1).path("id").asString())
                .put("content", "09:30");
        messages.addObject()
                .put("role", "tool")
                .put("tool_call_id", calls.get(0).path("id").asString())
                .put("content", "snow");
        HttpResponse<String> second = post(request(GEMINI3, false, messages.toString(), "\"tools\":" + TOOLS));

        // The simulator refuses a response turn whose count differs from the calls, as Gemini does.
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(second.body())
                        .at("/choices/0/finish_reason")
                        .asString())
                .isEqualTo("stop");
    }

    @Test
    void forcedToolChoiceCallsTheNamedFunction() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"What's the weather in Lima?\"}]";
        JsonNode forced = Json.MAPPER
                .readTree(post(request(
                                PRO,
                                false,
                                ask,
                                "\"tools\":" + TOOLS
                                        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"))
                        .body())
                .at("/choices/0");
        JsonNode none = Json.MAPPER
                .readTree(post(request(PRO, false, ask, "\"tools\":" + TOOLS + ",\"tool_choice\":\"none\""))
                        .body())
                .at("/choices/0");

        assertThat(forced.at("/message/tool_calls")).hasSize(1);
        assertThat(forced.at("/message/tool_calls/0/function/name").asString()).isEqualTo("get_time");
        assertThat(forced.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(none.has("message")).isTrue();
        assertThat(none.at("/message/tool_calls").isMissingNode()).isTrue();
        assertThat(none.path("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void reasoningEffortReturnsThoughtsAndCountsThem() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"Think about tides.\"}]";
        JsonNode body = Json.MAPPER.readTree(post(request(PRO, false, ask, "\"reasoning\":{\"effort\":\"high\"}"))
                .body());
        List<JsonNode> chunks = chunks(dataEvents(post(request(PRO, true, ask, "\"reasoning\":{\"effort\":\"high\"}"))
                .body()));
        JsonNode hidden = Json.MAPPER.readTree(
                post(request(PRO, false, ask, "\"reasoning\":{\"effort\":\"low\",\"exclude\":true}"))
                        .body());

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("reasoning").asString()).isNotBlank();
        assertThat(message.path("content").asString()).isNotBlank();
        assertThat(message.at("/reasoning_details/0/type").asString()).isEqualTo("reasoning.text");
        long reasoningTokens =
                body.at("/usage/completion_tokens_details/reasoning_tokens").asLong();
        assertThat(reasoningTokens).isPositive();
        assertThat(body.at("/usage/completion_tokens").asLong()).isGreaterThan(reasoningTokens);
        assertThat(generation(body.path("id").asString())
                        .path("native_tokens_reasoning")
                        .asLong())
                .isEqualTo(reasoningTokens);

        assertThat(text(chunks, "reasoning"))
                .isEqualTo(message.path("reasoning").asString());
        // Streamed thought text keeps one detail index, so clients rebuild the same details as non-streamed.
        List<JsonNode> streamedDetails = new ArrayList<>();
        chunks.forEach(chunk -> chunk.at("/choices/0/delta/reasoning_details").forEach(streamedDetails::add));
        assertThat(streamedDetails.stream()
                        .filter(detail -> detail.path("type").asString().equals("reasoning.text"))
                        .map(detail -> detail.path("index").asInt())
                        .distinct())
                .containsExactly(message.at("/reasoning_details/0/index").asInt());
        assertThat(streamedDetails)
                .extracting(detail -> detail.path("type").asString())
                .contains("reasoning.text", "reasoning.encrypted");
        assertThat(text(chunks, "content")).isEqualTo(message.path("content").asString());
        assertThat(chunks.getLast()
                        .at("/usage/completion_tokens_details/reasoning_tokens")
                        .asLong())
                .isEqualTo(reasoningTokens);

        assertThat(hidden.at("/choices/0/message/reasoning").isNull())
                .as("no reasoning text, null as for any answer without reasoning")
                .isTrue();
        assertThat(hidden.at("/usage/completion_tokens_details/reasoning_tokens")
                        .asLong())
                .isPositive();
    }

    @Test
    void jsonSchemaResponseFormatIsSanitisedAndAnswered() throws Exception {
        HttpResponse<String> response =
                post(request(PRO, false, "[{\"role\":\"user\",\"content\":\"Describe a city.\"}]", """
                "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{
                  "$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                  "additionalProperties":false,
                  "properties":{"name":{"type":"string"},"population":{"type":["integer","null"]},
                    "country":{"$ref":"#/$defs/country"}},
                  "required":["name","population","country"],
                  "$defs":{"country":{"type":"object","additionalProperties":false,
                    "properties":{"code":{"type":"string"}},"required":["code"]}}}}}"""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode content = Json.MAPPER.readTree(Json.MAPPER
                .readTree(response.body())
                .at("/choices/0/message/content")
                .asString());
        assertThat(content.path("name").isString()).isTrue();
        assertThat(content.path("population").isNumber()).isTrue();
        assertThat(content.at("/country/code").isString()).isTrue();
    }

    @Test
    void imagesByUrlAndDataAndPdfsAreAccepted() throws Exception {
        HttpResponse<String> response = post(request(PRO, false, """
                [{"role":"user","content":[
                  {"type":"text","text":"What do these show?"},
                  {"type":"image_url","image_url":{"url":"https://generativelanguage.googleapis.com/v1beta/files/photo-1"}},
                  {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}]}]"""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // The simulator counts 85 prompt tokens per media part it received.
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .at("/usage/prompt_tokens")
                        .asLong())
                .isGreaterThanOrEqualTo(3 * 85);
    }

    @Test
    void stopSequencesCutTheAnswer() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"Tell me about rivers.\"}]";
        String full = Json.MAPPER
                .readTree(post(request(PRO, false, ask)).body())
                .at("/choices/0/message/content")
                .asString();
        String[] words = full.split(" ");
        String stop = " " + words[4];
        String expected = full.substring(0, full.indexOf(stop));

        JsonNode cut = Json.MAPPER
                .readTree(post(request(PRO, false, ask, "\"stop\":[" + Json.MAPPER.writeValueAsString(stop) + "]"))
                        .body())
                .at("/choices/0");

        assertThat(cut.at("/message/content").asString()).isEqualTo(expected);
        assertThat(cut.path("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void maxTokensTruncationReportsLength() throws Exception {
        String ask = "[{\"role\":\"user\",\"content\":\"Say hello\"}]";
        JsonNode body = Json.MAPPER.readTree(
                post(request(PRO, false, ask, "\"max_tokens\":3")).body());
        List<JsonNode> chunks = chunks(
                dataEvents(post(request(PRO, true, ask, "\"max_tokens\":3")).body()));

        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(body.at("/choices/0/native_finish_reason").asString()).isEqualTo("MAX_TOKENS");
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(3);
        JsonNode finish = chunks.get(chunks.size() - 2).at("/choices/0");
        assertThat(finish.path("finish_reason").asString()).isEqualTo("length");
        assertThat(finish.path("native_finish_reason").asString()).isEqualTo("MAX_TOKENS");
        assertThat(generation(body.path("id").asString()).path("finish_reason").asString())
                .isEqualTo("length");
    }

    @Test
    void rateLimitIs429WithRetryAfterFromRetryInfo() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response =
                    post(request(PRO, stream, "[{\"role\":\"user\",\"content\":\"Hi\"}]"), "X-Sim-Status", "429");

            assertThat(response.statusCode()).isEqualTo(429);
            // The simulator, like Gemini, sends no Retry-After header: the delay comes from RetryInfo ("7s").
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(429);
            assertThat(error.at("/metadata/provider_name").asString()).isEqualTo("Google AI Studio");
            assertThat(error.at("/metadata/raw").asString()).contains("RESOURCE_EXHAUSTED");
        }
    }

    @Test
    void serverErrorIs502() throws Exception {
        HttpResponse<String> response =
                post(request(PRO, false, "[{\"role\":\"user\",\"content\":\"Hi\"}]"), "X-Sim-Status", "500");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.at("/metadata/raw").asString()).contains("INTERNAL");
        JsonNode stats =
                generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("status").asInt()).isEqualTo(502);
        assertThat(stats.path("total_cost").decimalValue()).isZero();
    }

    @Test
    void midStreamFailuresBecomeErrorChunks() throws Exception {
        String hello = request(PRO, true, "[{\"role\":\"user\",\"content\":\"Say hello\"}]");
        HttpResponse<String> dropped = post(hello, "X-Sim-Fail-After-Chunks", "3");
        HttpResponse<String> errorEvent = post(hello, "X-Sim-Error-After-Chunks", "2");

        for (HttpResponse<String> response : List.of(dropped, errorEvent)) {
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> events = dataEvents(response.body());
            assertThat(events).doesNotContain("[DONE]");
            JsonNode last = Json.MAPPER.readTree(events.getLast());
            assertThat(last.path("error").path("code").asInt()).isEqualTo(502);
            assertThat(last.at("/error/metadata/provider_name").asString()).isEqualTo("Google AI Studio");
            assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("error");
            assertThat(events.size()).isGreaterThan(1);
            JsonNode stats =
                    generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
            assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
        }
        assertThat(errorEvent.body()).contains("INTERNAL");
    }

    @Test
    void anErrorEventBeforeAnyOutputIsAnHttpError() throws Exception {
        HttpResponse<String> response = post(
                request(PRO, true, "[{\"role\":\"user\",\"content\":\"Say hello\"}]"), "X-Sim-Error-After-Chunks", "0");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    private static String request(String model, boolean stream, String messages, String... extra) {
        StringBuilder body = new StringBuilder()
                .append("{\"model\":\"")
                .append(model)
                .append("\",\"stream\":")
                .append(stream)
                .append(",\"messages\":")
                .append(messages);
        for (String field : extra) {
            body.append(',').append(field);
        }
        return body.append('}').toString();
    }

    private static HttpResponse<String> post(String body, String... headers) throws Exception {
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

    private static List<JsonNode> chunks(List<String> events) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events) {
            if (!event.equals("[DONE]")) {
                chunks.add(Json.MAPPER.readTree(event));
            }
        }
        return chunks;
    }

    private static String text(List<JsonNode> chunks, String field) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(choice -> text.append(choice.path("delta").path(field).asString(""))));
        return text.toString();
    }

    private static Set<String> paths(JsonNode node) {
        return paths(List.of(node));
    }

    private static Set<String> paths(List<JsonNode> nodes) {
        Set<String> paths = new TreeSet<>();
        nodes.forEach(node -> collect(node, "", paths));
        return paths;
    }

    private static Set<String> subtree(JsonNode node, String field) {
        Set<String> paths = new TreeSet<>();
        collect(node.path(field), field, paths);
        return paths;
    }

    private static void collect(JsonNode node, String path, Set<String> paths) {
        paths.add(path.isEmpty() ? "$" : path);
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, path + "[]", paths);
            }
        }
    }
}
