package io.switchboard.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.UpstreamHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real Gemini responses recorded by the Vercel AI SDK (see {@code src/test/resources/fixtures/gemini/README.md}),
 * served from a loopback stub and read through the real {@link UpstreamHttp}: the adapter must turn each into the
 * OpenAI shape the gateway relays.
 */
class GeminiRecordedFixturesTest {
    private static final String ASK = """
            {"model":"google/gemini-3-pro-preview","messages":[
              {"role":"user","content":"How many r's are in strawberry?"}]}""";
    private static final String ASK_WEATHER = """
            {"model":"google/gemini-3-pro-preview","messages":[
              {"role":"user","content":"What is the weather in San Francisco?"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]}""";

    private static GeminiStub stub;
    private static UpstreamHttp http;
    private static GeminiAdapter adapter;

    @BeforeAll
    static void start() throws IOException {
        stub = GeminiStub.start();
        http = new UpstreamHttp(Duration.ofSeconds(5), Duration.ofSeconds(120), 8, 64);
        adapter = new GeminiAdapter(http);
    }

    @AfterAll
    static void stop() {
        http.close();
        stub.close();
    }

    @Test
    void textResponseBecomesAChatCompletion() throws Exception {
        ObjectNode body = complete("google-text.json", ASK);

        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).isEqualTo("Un6LacrVMcjUxs0PmJfWoQc");
        assertThat(body.path("model").asString()).isEqualTo("gemini-3-pro-preview");
        JsonNode choice = body.path("choices").get(0);
        JsonNode message = choice.path("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").asString())
                .isEqualTo("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
        assertThat(message.has("reasoning")).isFalse();
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("STOP");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("STOP");
        // The signature on the text part comes back as an encrypted detail without a tool call id.
        JsonNode details = message.path("reasoning_details");
        assertThat(details).hasSize(1);
        assertThat(details.get(0).path("type").asString()).isEqualTo("reasoning.encrypted");
        assertThat(details.get(0).path("format").asString()).isEqualTo("google-gemini-v1");
        assertThat(details.get(0).path("data").asString()).startsWith("EtoFCtcFAb4+9vtfe4MX");
        assertThat(details.get(0).path("id").isNull()).isTrue();
        assertUsage(body.path("usage"), 9, 28 + 244, 244, 281);

        GeminiStub.Received received = stub.received();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1beta/models/gemini-3-pro-preview:generateContent");
        assertThat(received.query()).isNull();
        assertThat(received.apiKey()).isEqualTo(GeminiStub.API_KEY);
        assertThat(received.body().at("/contents/0/role").asString()).isEqualTo("user");
        assertThat(received.body().at("/contents/0/parts/0/text").asString())
                .isEqualTo("How many r's are in strawberry?");
    }

    @Test
    void textStreamBecomesChunksEndingWithFinishAndUsage() throws Exception {
        List<ObjectNode> chunks = stream("google-text.chunks.txt", ASK);

        GeminiStub.Received received = stub.received();
        assertThat(received.path()).isEqualTo("/v1beta/models/gemini-3-pro-preview:streamGenerateContent");
        assertThat(received.query()).isEqualTo("alt=sse");
        assertThat(received.accept()).isEqualTo("text/event-stream");

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString()).isEqualTo("bH6LaZW8Fp_3nsEPqtaSwQ4");
        });
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(content(chunks)).isEqualTo("There are **3** \"r\"s in strawberry.\n\nst**r**awbe**rr**y");
        assertThat(details(chunks)).singleElement().satisfies(detail -> {
            assertThat(detail.path("type").asString()).isEqualTo("reasoning.encrypted");
            assertThat(detail.path("data").asString()).startsWith("EqsFCqgFAb4+9vvtAF5n");
            assertThat(detail.path("id").isNull()).isTrue();
        });
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertThat(finish.path("delta").isEmpty()).isTrue();
        assertThat(finish.path("finish_reason").asString()).isEqualTo("STOP");
        assertThat(finish.path("native_finish_reason").asString()).isEqualTo("STOP");
        assertThat(chunks.stream()
                        .filter(chunk -> !chunk.at("/choices/0/finish_reason").isNull()
                                && !chunk.path("choices").isEmpty())
                        .count())
                .isEqualTo(1);
        ObjectNode last = chunks.getLast();
        assertThat(last.path("choices")).isEmpty();
        assertUsage(last.path("usage"), 9, 23 + 185, 185, 217);
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(chunk -> chunk.has("usage"));
    }

    /** Every recording: completion = candidates + thoughts, and prompt + completion = Gemini's total. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "google-text.json",
                "google-reasoning.json",
                "google-reasoning-gemini3.json",
                "google-tool-call.json",
                "google-tool-call-gemini3.json",
                "google-text.chunks.txt",
                "google-reasoning.chunks.txt",
                "google-reasoning-gemini3.chunks.txt",
                "google-tool-call.chunks.txt",
                "google-tool-call-gemini3.chunks.txt",
                "google-stream-no-args-tool-call.chunks.txt",
                "google-stream-tool-call-arguments.chunks.txt"
            })
    void usageAddsThoughtsToCompletionTokens(String fixture) throws Exception {
        JsonNode usage;
        JsonNode metadata;
        if (fixture.endsWith(".json")) {
            usage = complete(fixture, ASK_WEATHER).path("usage");
            metadata = Json.MAPPER.readTree(fixture(fixture)).path("usageMetadata");
        } else {
            usage = stream(fixture, ASK_WEATHER).getLast().path("usage");
            List<String> lines = fixture(fixture).lines().toList();
            metadata = Json.MAPPER.readTree(lines.getLast()).path("usageMetadata");
        }
        long thoughts = metadata.path("thoughtsTokenCount").asLong();
        assertUsage(
                usage,
                metadata.path("promptTokenCount").asLong(),
                metadata.path("candidatesTokenCount").asLong() + thoughts,
                thoughts,
                metadata.path("totalTokenCount").asLong());
    }

    @Test
    void reasoningRecordingsKeepTheirTextAndSignature() throws Exception {
        ObjectNode body = complete("google-reasoning-gemini3.json", ASK);
        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").asString()).startsWith("There are **3** \"r\"s in strawberry.");
        assertThat(message.at("/reasoning_details/0/data").asString()).startsWith("EswFCskFAb4+9vu5");
        assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asLong())
                .isEqualTo(258);

        List<ObjectNode> chunks = stream("google-reasoning.chunks.txt", ASK);
        assertThat(content(chunks))
                .isEqualTo("There are **3** \"r\"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
        assertThat(details(chunks)).hasSize(1);
    }

    @Test
    void functionCallBecomesAToolCallWithAStableIdAndItsSignature() throws Exception {
        ObjectNode first = complete("google-tool-call.json", ASK_WEATHER);
        ObjectNode again = complete("google-tool-call.json", ASK_WEATHER);

        JsonNode choice = first.path("choices").get(0);
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(message.path("tool_calls")).hasSize(1);
        assertThat(call.path("id").asString()).isEqualTo("call_m36LaZGyCLz1xs0PtNSB-QU_0");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("weather");
        assertThat(Json.MAPPER.readTree(call.path("function").path("arguments").asString()))
                .isEqualTo(Json.MAPPER.readTree("{\"location\":\"San Francisco\"}"));
        assertThat(call.has("index")).isFalse();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("STOP");
        JsonNode detail = message.path("reasoning_details").get(0);
        assertThat(detail.path("type").asString()).isEqualTo("reasoning.encrypted");
        assertThat(detail.path("id").asString()).isEqualTo(call.path("id").asString());
        assertThat(detail.path("data").asString()).startsWith("EskgCsYgAb4+9vtF7");
        assertThat(again.at("/choices/0/message/tool_calls/0/id").asString())
                .isEqualTo(call.path("id").asString());
        assertUsage(first.path("usage"), 29, 15 + 893, 893, 937);

        JsonNode declarations = stub.received().body().at("/tools/0/functionDeclarations/0");
        assertThat(declarations.path("name").asString()).isEqualTo("weather");
        assertThat(declarations.at("/parameters/properties/location/type").asString())
                .isEqualTo("string");
    }

    @Test
    void streamedFunctionCallIsOneCompleteToolCallDelta() throws Exception {
        List<ObjectNode> chunks = stream("google-tool-call-gemini3.chunks.txt", ASK_WEATHER);

        List<JsonNode> calls = toolCalls(chunks);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.path("index").asInt()).isZero();
            assertThat(call.path("id").asString()).isEqualTo("call_QHiLaa6LBrb8vdIPoNztsAg_0");
            assertThat(call.path("function").path("name").asString()).isEqualTo("weather");
            assertThat(call.path("function").path("arguments").asString())
                    .isEqualTo("{\"location\":\"San Francisco\"}");
        });
        assertThat(details(chunks)).singleElement().satisfies(detail -> {
            assertThat(detail.path("id").asString()).isEqualTo("call_QHiLaa6LBrb8vdIPoNztsAg_0");
            assertThat(detail.path("data").asString()).startsWith("EpEgCo4gAb4+9vvWwdN");
        });
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(finish.path("native_finish_reason").asString()).isEqualTo("STOP");
        assertThat(content(chunks)).isEmpty();
    }

    @Test
    void parallelCallsWithoutArgumentsAndStreamedArgumentsKeepRunningIndexes() throws Exception {
        List<ObjectNode> chunks = stream("google-stream-no-args-tool-call.chunks.txt", ASK_WEATHER);

        assertThat(reasoning(chunks)).startsWith("**Processing User Requests**");
        assertThat(details(chunks).getFirst().path("type").asString()).isEqualTo("reasoning.text");
        List<JsonNode> calls = toolCalls(chunks);
        assertThat(calls).extracting(call -> call.path("index").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(calls)
                .extracting(call -> call.path("function").path("name").asString())
                .containsExactly("read_theme", "read_screen", "read_screen", "read_screen");
        assertThat(calls)
                .extracting(call -> call.path("function").path("arguments").asString())
                .containsExactly("{}", "{\"id\":\"A\"}", "{\"id\":\"B\"}", "{\"id\":\"C\"}");
        assertThat(calls)
                .extracting(call -> call.path("id").asString())
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("call_[A-Za-z0-9_-]+"));
        // Only the first of the parallel calls is signed; its signature names that call.
        List<JsonNode> signatures = details(chunks).stream()
                .filter(detail -> detail.path("type").asString().equals("reasoning.encrypted"))
                .toList();
        assertThat(signatures).singleElement().satisfies(detail -> {
            assertThat(detail.path("id").asString())
                    .isEqualTo(calls.getFirst().path("id").asString());
            assertThat(detail.path("data").asString()).startsWith("AY89a18a8/Loc2wl5");
        });
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertUsage(chunks.getLast().path("usage"), 249, 58 + 183, 183, 490);
    }

    @Test
    void streamedArgumentsOfTwoCallsAreAssembled() throws Exception {
        List<ObjectNode> chunks = stream("google-stream-tool-call-arguments.chunks.txt", ASK_WEATHER);

        List<JsonNode> calls = toolCalls(chunks);
        assertThat(calls)
                .extracting(call -> call.path("function").path("arguments").asString())
                .containsExactly("{\"location\":\"Boston\"}", "{\"location\":\"San Francisco\"}");
        assertThat(calls).extracting(call -> call.path("index").asInt()).containsExactly(0, 1);
        assertThat(details(chunks))
                .singleElement()
                .satisfies(detail -> assertThat(detail.path("id").asString())
                        .isEqualTo(calls.getFirst().path("id").asString()));
    }

    @Test
    void signatureFromARecordedCallGoesBackOnThatCallInTheNextTurn() throws Exception {
        ObjectNode first = complete("google-tool-call-gemini3.json", ASK_WEATHER);
        JsonNode message = first.at("/choices/0/message");
        String callId = message.at("/tool_calls/0/id").asString();
        ObjectNode next = (ObjectNode) Json.MAPPER.readTree(ASK_WEATHER);
        ObjectNode assistant = next.withArray("messages").addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        assistant.set("tool_calls", message.get("tool_calls"));
        assistant.set("reasoning_details", message.get("reasoning_details"));
        ObjectNode tool = next.withArray("messages").addObject();
        tool.put("role", "tool");
        tool.put("tool_call_id", callId);
        tool.put("content", "{\"temperature\":18,\"sky\":\"cloudy\"}");
        stub.replyJson(200, fixture("google-text.json"));

        adapter.complete(stub.call("gemini-3-pro-preview", next.toString()));

        JsonNode contents = stub.received().body().path("contents");
        assertThat(contents).hasSize(3);
        JsonNode callPart = contents.get(1).path("parts").get(0);
        assertThat(contents.get(1).path("role").asString()).isEqualTo("model");
        assertThat(callPart.at("/functionCall/name").asString()).isEqualTo("weather");
        assertThat(callPart.at("/functionCall/args/location").asString()).isEqualTo("San Francisco");
        String recorded = Json.MAPPER
                .readTree(fixture("google-tool-call-gemini3.json"))
                .at("/candidates/0/content/parts/0/thoughtSignature")
                .asString();
        assertThat(callPart.path("thoughtSignature").asString()).isEqualTo(recorded);
        JsonNode response = contents.get(2).at("/parts/0/functionResponse");
        assertThat(contents.get(2).path("role").asString()).isEqualTo("user");
        assertThat(response.path("name").asString()).isEqualTo("weather");
        assertThat(response.path("response"))
                .isEqualTo(Json.MAPPER.readTree("{\"output\":{\"temperature\":18,\"sky\":\"cloudy\"}}"));
    }

    @Test
    void rateLimitKeepsStatusBodyAndRetryDelay() throws Exception {
        stub.replyJson(429, fixture("google-429-retry-info.json"));

        UpstreamException complete =
                catchThrowableOfType(UpstreamException.class, () -> adapter.complete(stub.call("gemini-2.5-pro", ASK)));
        UpstreamException stream =
                catchThrowableOfType(UpstreamException.class, () -> adapter.stream(stub.call("gemini-2.5-pro", ASK)));

        for (UpstreamException failure : List.of(complete, stream)) {
            assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
            assertThat(failure.status()).isEqualTo(429);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.retryAfter()).contains(Duration.ofMillis(34_400));
            assertThat(failure.raw()).hasValueSatisfying(raw -> assertThat(raw).contains("RESOURCE_EXHAUSTED"));
            assertThat(failure.getMessage()).contains("RESOURCE_EXHAUSTED").contains("You exceeded your current quota");
        }
    }

    private static ObjectNode complete(String fixture, String request) throws Exception {
        stub.replyJson(200, fixture(fixture));
        return adapter.complete(stub.call("gemini-3-pro-preview", request)).body();
    }

    private static List<ObjectNode> stream(String fixture, String request) throws Exception {
        stub.replySse(fixture(fixture).lines().filter(line -> !line.isBlank()).toList());
        List<ObjectNode> chunks = new ArrayList<>();
        try (UpstreamStream stream = adapter.stream(stub.call("gemini-3-pro-preview", request))) {
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private static String content(List<ObjectNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(choice ->
                        text.append(choice.path("delta").path("content").asString(""))));
        return text.toString();
    }

    private static String reasoning(List<ObjectNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(choice ->
                        text.append(choice.path("delta").path("reasoning").asString(""))));
        return text.toString();
    }

    private static List<JsonNode> toolCalls(List<ObjectNode> chunks) {
        List<JsonNode> calls = new ArrayList<>();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(choice -> choice.path("delta").path("tool_calls").forEach(calls::add)));
        return calls;
    }

    private static List<JsonNode> details(List<ObjectNode> chunks) {
        List<JsonNode> details = new ArrayList<>();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(
                        choice -> choice.path("delta").path("reasoning_details").forEach(details::add)));
        return details;
    }

    private static void assertUsage(JsonNode usage, long prompt, long completion, long reasoning, long total) {
        assertThat(usage.path("prompt_tokens").asLong()).as("prompt_tokens").isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asLong())
                .as("completion_tokens")
                .isEqualTo(completion);
        assertThat(usage.path("total_tokens").asLong()).as("total_tokens").isEqualTo(total);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asLong())
                .as("reasoning_tokens")
                .isEqualTo(reasoning);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong())
                .as("cached_tokens")
                .isZero();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = GeminiRecordedFixturesTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
