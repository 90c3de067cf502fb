package io.switchboard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.config.ProviderConfig;
import io.switchboard.config.ServerConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.Json;
import io.switchboard.keys.KeyService;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.UpstreamHttp;
import io.switchboard.server.SwitchboardServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real responses of OpenAI and OpenAI-compatible hosts recorded by the Vercel AI SDK (see
 * {@code src/test/resources/fixtures/openai-compatible/README.md}), served from a loopback stub and read through the
 * real {@link UpstreamHttp} and the {@link OpenAiAdapter}: whatever each host's habit, the output is OpenAI's shape.
 */
class OpenAiRecordedFixturesTest {
    private static final String ASK = """
            {"model":"test/model","messages":[{"role":"user","content":"How many r's are in strawberry?"}],
             "max_tokens":1000}""";
    private static final String ASK_WEATHER = """
            {"model":"test/model","messages":[{"role":"user","content":"What is the weather in San Francisco?"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]}""";

    private static OpenAiStub stub;
    private static UpstreamHttp http;
    private static OpenAiAdapter adapter;

    @BeforeAll
    static void start() throws IOException {
        stub = OpenAiStub.start();
        http = new UpstreamHttp(Duration.ofSeconds(5), Duration.ofSeconds(120), 8, 64);
        adapter = new OpenAiAdapter(http);
    }

    @AfterAll
    static void stop() {
        http.close();
        stub.close();
    }

    // ------------------------------------------------------------------ OpenAI and Azure

    @Test
    void openAiTextIsRelayedAndTheRequestUsesMaxCompletionTokens() throws Exception {
        ObjectNode body = complete("openai", "openai/openai-text.json", ASK);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").asString()).startsWith("**Holiday Name:** Galaxy Day");
        assertThat(message.has("reasoning")).isFalse();
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertUsage(body.path("usage"), 16, 363, 0, 0);

        OpenAiStub.Received received = stub.received();
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.authorization()).isEqualTo("Bearer " + OpenAiStub.API_KEY);
        assertThat(received.body().path("max_completion_tokens").asInt()).isEqualTo(1000);
        assertThat(received.body().has("max_tokens")).isFalse();
        assertThat(received.body().path("stream").asBoolean()).isFalse();
        assertThat(received.body().has("stream_options")).isFalse();
    }

    @Test
    void openAiTextStreamIsRelayedWithUsageRequested() throws Exception {
        List<ObjectNode> chunks = stream("openai", "openai/openai-text.chunks.txt", ASK);

        assertOpenAiChunks(chunks);
        assertThat(content(chunks))
                .isEqualTo(rawConcatenation("openai/openai-text.chunks.txt", "content"))
                .startsWith("**Holiday Name:** Harmony Day")
                .hasSize(1724);
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 16, 300, 0, 0);
        assertThat(stub.received().body().at("/stream_options/include_usage").asBoolean())
                .isTrue();
        assertThat(stub.received().accept()).isEqualTo("text/event-stream");
    }

    @Test
    void azureFilterResultsAreRemoved() throws Exception {
        List<ObjectNode> chunks = stream("openai", "openai/azure-model-router.1.chunks.txt", ASK);

        assertOpenAiChunks(chunks);
        assertThat(chunks)
                .noneSatisfy(
                        chunk -> assertThat(chunk.has("prompt_filter_results")).isTrue());
        assertThat(chunks)
                .allSatisfy(chunk -> chunk.path("choices")
                        .forEach(choice ->
                                assertThat(choice.has("content_filter_results")).isFalse()));
        assertThat(content(chunks)).isEqualTo("Capital of Denmark.");
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 15, 78, 0, 64);
    }

    @Test
    void reasoningModelParameterErrorIsA400WithTheProvidersMessage() throws Exception {
        String error = fixture("openai/reasoning-model-legacy-parameter-error.json");
        stub.replyJson(400, error);

        UpstreamException failure = catchThrowableOfType(
                UpstreamException.class, () -> adapter.complete(stub.call("openai", "o3-mini", ASK)));

        assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.retryable()).as("the request itself is wrong").isFalse();
        assertThat(failure.raw()).contains(error);
        assertThat(failure.getMessage())
                .isEqualTo("upstream returned HTTP 400: Unsupported parameter: 'max_tokens' is not supported with"
                        + " this model. Use 'max_completion_tokens' instead.");

        stub.replyJson(400, error);
        UpstreamException streamed = catchThrowableOfType(
                UpstreamException.class, () -> adapter.stream(stub.call("openai", "o3-mini", ASK)));
        assertThat(streamed.status()).isEqualTo(400);
        assertThat(streamed.raw()).contains(error);
        assertThat(streamed.getMessage()).contains("Use 'max_completion_tokens' instead.");
    }

    @Test
    void throughTheGatewayTheRecordedErrorIsA400CarryingTheRawBody(@TempDir Path dataDir) throws Exception {
        String error = fixture("openai/reasoning-model-legacy-parameter-error.json");
        stub.replyJson(400, error);
        SwitchboardConfig config = SwitchboardConfig.defaults()
                .withServer(ServerConfig.defaults().withHost("127.0.0.1").withPort(0))
                .withDataDir(dataDir.toString())
                .withProviders(Map.of(
                        "openai",
                        new ProviderConfig(
                                "OpenAI", null, stub.baseUrl(), "sk-test", null, null, null, null, null, null)));
        try (SwitchboardServer server = SwitchboardServer.start(config, Map.of(), Clock.systemUTC())) {
            KeyService.CreatedKey key = server.keys().create("fixture-user", "fixture key", null);
            server.accounts().grant(key.user().id(), BigDecimal.ONE, "test");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/chat/completions"))
                                    .header("Authorization", "Bearer " + key.plaintext())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("""
                                            {"model":"openai/gpt-4o-mini","max_tokens":50,
                                             "messages":[{"role":"user","content":"Hi"}]}"""))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(response.body()).path("error");
            assertThat(body.path("code").asInt()).isEqualTo(400);
            assertThat(body.path("message").asString()).isEqualTo("Provider OpenAI rejected the request (HTTP 400).");
            assertThat(body.at("/metadata/provider_name").asString()).isEqualTo("OpenAI");
            assertThat(Json.MAPPER.readTree(body.at("/metadata/raw").asString()))
                    .isEqualTo(Json.MAPPER.readTree(error));
            assertThat(body.at("/metadata/raw").asString())
                    .contains("Unsupported parameter: 'max_tokens' is not supported with this model.");
        }
    }

    // ------------------------------------------------------------------ DeepSeek

    @Test
    void deepSeekReasoningContentBecomesReasoning() throws Exception {
        ObjectNode body = complete("deepseek", "openai-compatible/deepseek-reasoning.json", ASK);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.has("reasoning_content")).isFalse();
        assertThat(message.path("reasoning").asString())
                .isEqualTo(Json.MAPPER
                        .readTree(fixture("openai-compatible/deepseek-reasoning.json"))
                        .at("/choices/0/message/reasoning_content")
                        .asString())
                .startsWith("We are asked: \"How many 'r's are in the word 'strawberry'?\"");
        assertThat(message.path("content").asString()).startsWith("The word \"strawberry\" contains three");
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertUsage(body.path("usage"), 18, 345, 0, 315);
        assertThat(stub.received().body().path("max_tokens").asInt())
                .as("DeepSeek keeps max_tokens")
                .isEqualTo(1000);
    }

    @Test
    void deepSeekReasoningStreamBecomesReasoningDeltas() throws Exception {
        List<ObjectNode> chunks = stream("deepseek", "openai-compatible/deepseek-reasoning.chunks.txt", ASK);

        assertOpenAiChunks(chunks);
        assertThat(reasoning(chunks))
                .isEqualTo(rawConcatenation("openai-compatible/deepseek-reasoning.chunks.txt", "reasoning_content"))
                .hasSize(606);
        assertThat(content(chunks)).isEqualTo("The word \"strawberry\" contains three \"r\"s.");
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 18, 219, 0, 205);
    }

    @Test
    void deepSeekToolCallWithReasoning() throws Exception {
        ObjectNode body = complete("deepseek", "openai-compatible/deepseek-tool-call.json", ASK_WEATHER);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("reasoning").asString()).startsWith("The user is asking for the weather");
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(message.path("tool_calls")).hasSize(1);
        assertThat(call.has("index"))
                .as("message tool calls carry no index in OpenAI's shape")
                .isFalse();
        assertThat(call.path("id").asString()).isEqualTo("call_00_9V0vrf86Pc9aelHCJMZqnJBo");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.at("/function/name").asString()).isEqualTo("weather");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{\"location\": \"San Francisco\"}");
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
        assertUsage(body.path("usage"), 339, 92, 320, 48);
    }

    @Test
    void deepSeekToolCallStream() throws Exception {
        List<ObjectNode> chunks = stream("deepseek", "openai-compatible/deepseek-tool-call.chunks.txt", ASK_WEATHER);

        assertOpenAiChunks(chunks);
        assertThat(reasoning(chunks)).startsWith("The user is asking for the weather in San Francisco.");
        List<Call> calls = toolCalls(chunks);
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().name()).isEqualTo("weather");
        assertThat(Json.MAPPER
                        .readTree(calls.getFirst().arguments())
                        .path("location")
                        .asString())
                .isEqualTo("San Francisco");
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertUsage(lastUsage(chunks), 339, 83, 320, 39);
    }

    @Test
    void deepSeekJsonAnswer() throws Exception {
        ObjectNode body = complete("deepseek", "openai-compatible/deepseek-json.json", ASK);

        JsonNode answer =
                Json.MAPPER.readTree(body.at("/choices/0/message/content").asString());
        assertThat(answer.path("location").asString()).isEqualTo("San Francisco");
        assertThat(answer.path("temperature").asInt()).isEqualTo(7);
        assertThat(body.at("/choices/0/message/reasoning").asString()).startsWith("I have the result");
        assertUsage(body.path("usage"), 495, 144, 320, 118);
    }

    // ------------------------------------------------------------------ Groq

    @Test
    void groqToolCallWithoutArguments() throws Exception {
        ObjectNode body = complete("groq", "openai-compatible/groq-tool-call.json", ASK_WEATHER);

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(call.path("id").asString()).isEqualTo("ax9fskhev");
        assertThat(call.at("/function/name").asString()).isEqualTo("weather");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{}");
        assertThat(body.has("x_groq")).isFalse();
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
        assertUsage(body.path("usage"), 218, 15, 0, 0);
    }

    @Test
    void groqToolCallStreamUsageComesFromTheChunk() throws Exception {
        List<ObjectNode> chunks = stream("groq", "openai-compatible/groq-tool-call.chunks.txt", ASK_WEATHER);

        assertOpenAiChunks(chunks);
        assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.has("x_groq")).isTrue());
        List<Call> calls = toolCalls(chunks);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("tk85n1k4m");
            assertThat(call.name()).isEqualTo("weather");
            assertThat(call.arguments()).isEqualTo("{}");
        });
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertUsage(lastUsage(chunks), 210, 15, 0, 0);
    }

    @Test
    void groqRequestLosesMessageNames() throws Exception {
        stub.replyJson(200, fixture("openai-compatible/groq-tool-call.json"));
        adapter.complete(stub.call("groq", "llama-3.3-70b-versatile", """
                {"model":"x","messages":[{"role":"system","name":"policy","content":"Be brief."},
                  {"role":"user","name":"alice","content":"Hi"}]}"""));

        assertThat(stub.received().body().path("messages"))
                .allSatisfy(message -> assertThat(message.has("name")).isFalse());
    }

    // ------------------------------------------------------------------ Mistral

    @Test
    void mistralText() throws Exception {
        ObjectNode body = complete("mistral", "openai-compatible/mistral-text.json", ASK);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").asString())
                .startsWith("**Holiday Name: \"World Kindness Day of Sharing\"**");
        assertThat(message.has("tool_calls")).as("a null tool_calls is dropped").isFalse();
        assertUsage(body.path("usage"), 13, 434, 0, 0);

        List<ObjectNode> chunks = stream("mistral", "openai-compatible/mistral-text.chunks.txt", ASK);
        assertOpenAiChunks(chunks);
        assertThat(content(chunks)).isEqualTo("Hello, world! This is a test response.");
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 13, 8, 0, 0);
    }

    @Test
    void mistralThinkingPartsBecomeReasoning() throws Exception {
        ObjectNode body = complete("mistral", "openai-compatible/mistral-reasoning.json", ASK);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").isString()).isTrue();
        assertThat(message.path("content").asString()).isEqualTo("2 + 2 = 4");
        assertThat(message.path("reasoning").asString())
                .isEqualTo("The user is asking for 2+2. This is basic arithmetic. 2+2=4.");

        List<ObjectNode> chunks = stream("mistral", "openai-compatible/mistral-reasoning.chunks.txt", ASK);
        assertOpenAiChunks(chunks);
        assertThat(reasoning(chunks)).isEqualTo("The user is asking for 2+2. This is basic arithmetic. 2+2=4.");
        assertThat(content(chunks)).isEqualTo("2 + 2 = 4");
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 10, 46, 0, 0);
    }

    @Test
    void mistralToolCallsGetTypeAndIndex() throws Exception {
        ObjectNode body = complete("mistral", "openai-compatible/mistral-tool-call.json", ASK_WEATHER);

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(call.path("id").asString()).isEqualTo("gSIMJiOkT");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{\"location\": \"San Francisco\"}");

        List<ObjectNode> chunks = stream("mistral", "openai-compatible/mistral-tool-call.chunks.txt", ASK_WEATHER);
        assertOpenAiChunks(chunks);
        JsonNode fragment = chunks.stream()
                .filter(chunk -> chunk.at("/choices/0/delta/tool_calls").isArray())
                .findFirst()
                .orElseThrow()
                .at("/choices/0/delta/tool_calls/0");
        assertThat(fragment.path("index").asInt(-1)).isZero();
        assertThat(fragment.path("type").asString()).isEqualTo("function");
        assertThat(toolCalls(chunks)).singleElement().satisfies(streamed -> {
            assertThat(streamed.id()).isEqualTo("gSIMJiOkT");
            assertThat(streamed.name()).isEqualTo("weather");
            assertThat(streamed.arguments()).isEqualTo("{\"location\": \"San Francisco\"}");
        });
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertUsage(lastUsage(chunks), 124, 22, 0, 0);
    }

    @Test
    void incrementalToolCallKeepsItsNameAcrossFragments() throws Exception {
        List<ObjectNode> chunks =
                stream("mistral", "openai-compatible/mistral-incremental-tool-call.chunks.txt", ASK_WEATHER);

        assertOpenAiChunks(chunks);
        assertThat(toolCalls(chunks)).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("chatcmpl-tool-9f149c74c42f265b");
            assertThat(call.name()).isEqualTo("webSearchTool");
            assertThat(call.arguments()).isEqualTo("{\"query\": \"current Berlin weather\"}");
        });
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertUsage(lastUsage(chunks), 171, 14, 128, 0);
    }

    @Test
    void mistralRequestUsesItsOwnSpellings() throws Exception {
        stub.replyJson(200, fixture("openai-compatible/mistral-tool-call.json"));
        adapter.complete(stub.call("mistral", "mistral-small-latest", """
                {"model":"x","seed":7,"max_completion_tokens":50,"tool_choice":"required","top_k":5,
                 "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],
                 "messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123def456","type":"function",
                    "function":{"name":"weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_abc123def456","content":"sunny"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"gSIMJiOkT","type":"function",
                    "function":{"name":"weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"gSIMJiOkT","content":"rainy"}]}"""));

        JsonNode sent = stub.received().body();
        assertThat(sent.path("random_seed").asInt()).isEqualTo(7);
        assertThat(sent.has("seed")).isFalse();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(sent.has("max_completion_tokens")).isFalse();
        assertThat(sent.path("tool_choice").asString()).isEqualTo("any");
        assertThat(sent.has("top_k")).isFalse();
        String mapped = sent.at("/messages/1/tool_calls/0/id").asString();
        assertThat(mapped).matches("[A-Za-z0-9]{9}");
        assertThat(sent.at("/messages/2/tool_call_id").asString()).isEqualTo(mapped);
        assertThat(sent.at("/messages/3/tool_calls/0/id").asString())
                .as("a valid id stays")
                .isEqualTo("gSIMJiOkT");
        assertThat(sent.at("/messages/4/tool_call_id").asString()).isEqualTo("gSIMJiOkT");
    }

    // ------------------------------------------------------------------ xAI

    @Test
    void xaiReasoningAndCompletionTokensIncludingReasoning() throws Exception {
        ObjectNode body = complete("xai", "openai-compatible/xai-text.json", ASK);

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.path("content").asString()).isEqualTo("Hello");
        assertThat(message.path("reasoning").asString()).startsWith("First, the user said: \"Say a single word.\"");
        assertThat(message.has("reasoning_content")).isFalse();
        // xAI reports 1 completion token beside 228 reasoning tokens, total 241 = 12 + 1 + 228.
        assertUsage(body.path("usage"), 12, 229, 2, 228);
        assertThat(stub.received().body().path("max_completion_tokens").asInt()).isEqualTo(1000);

        List<ObjectNode> chunks = stream("xai", "openai-compatible/xai-text.chunks.txt", ASK);
        assertOpenAiChunks(chunks);
        assertThat(reasoning(chunks)).isEqualTo("First, the user said");
        assertThat(content(chunks)).isEqualTo("Hello");
        assertThat(finishReasons(chunks)).containsExactly("stop");
        assertUsage(lastUsage(chunks), 12, 291, 11, 290);
    }

    @Test
    void xaiToolCall() throws Exception {
        ObjectNode body = complete("xai", "openai-compatible/xai-tool-call.json", ASK_WEATHER);

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(call.path("id").asString()).isEqualTo("call_93562515");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{\"location\":\"San Francisco\"}");
        assertThat(body.at("/choices/0/message/reasoning").asString()).startsWith("First, the user is asking");
        assertUsage(body.path("usage"), 291, 26 + 189, 244, 189);

        List<ObjectNode> chunks = stream("xai", "openai-compatible/xai-tool-call.chunks.txt", ASK_WEATHER);
        assertOpenAiChunks(chunks);
        assertThat(toolCalls(chunks)).singleElement().satisfies(streamed -> {
            assertThat(streamed.id()).isEqualTo("call_55117580");
            assertThat(streamed.arguments()).isEqualTo("{\"location\":\"San Francisco\"}");
        });
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertUsage(lastUsage(chunks), 291, 26 + 196, 290, 196);
    }

    // ------------------------------------------------------------------ shapes no recording shows

    @Test
    void streamedCallsWithoutIndexOrArgumentsGetBoth() throws Exception {
        // Ollama-style: whole calls without index, the second with empty arguments.
        String envelope = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
        stub.replySse(List.of(
                envelope + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                envelope + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
                envelope + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":"
                        + "{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}",
                envelope + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":"
                        + "{\"name\":\"get_time\",\"arguments\":\"\"}}]}}]}",
                envelope + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}"));

        List<ObjectNode> chunks = new ArrayList<>();
        try (UpstreamStream stream = adapter.stream(stub.call("ollama", "llama3", ASK_WEATHER))) {
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) {
                chunks.add(chunk);
            }
        }

        assertOpenAiChunks(chunks);
        List<Call> calls = toolCalls(chunks);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).isEqualTo(new Call("a", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(calls.get(1)).isEqualTo(new Call("b", "get_time", "{}"));
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        assertThat(chunks.get(chunks.size() - 2)
                        .at("/choices/0/delta/tool_calls/0/function/arguments")
                        .asString())
                .as("the missing arguments come just before the finish")
                .isEqualTo("{}");
    }

    @Test
    void emptyArgumentsInACompletionBecomeAnEmptyObject() throws Exception {
        stub.replyJson(200, """
                {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                  "message":{"role":"assistant","content":null,"tool_calls":[
                    {"id":"a","type":"function","function":{"name":"now","arguments":""}},
                    {"id":"b","function":{"name":"later"}},
                    {"id":"c","type":"function","function":{"name":"obj","arguments":{"k":1}}}]},
                  "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""");

        ObjectNode body = adapter.complete(stub.call("together", "m", """
                        {"model":"x","max_completion_tokens":1000,"messages":[{"role":"user","content":"Now?"}]}""")).body();

        JsonNode calls = body.at("/choices/0/message/tool_calls");
        assertThat(calls.get(0).at("/function/arguments").asString()).isEqualTo("{}");
        assertThat(calls.get(1).at("/function/arguments").asString()).isEqualTo("{}");
        assertThat(calls.get(1).path("type").asString()).isEqualTo("function");
        assertThat(calls.get(2).at("/function/arguments").asString()).isEqualTo("{\"k\":1}");
        assertThat(stub.received().body().path("max_tokens").asInt())
                .as("open-weight hosts get max_tokens, whichever field the client used")
                .isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "deepseek", "mistral", "groq", "xai", "together"})
    void routerFieldsNeverReachTheHost(String slug) throws Exception {
        stub.replyJson(200, fixture("openai-compatible/mistral-text.json"));
        adapter.complete(stub.call(slug, "m", """
                {"model":"x","models":["a","b"],"provider":{"order":["x"]},"reasoning":{"effort":"low"},
                 "usage":{"include":true},"transforms":[],"logit_bias":{"1":2},
                 "messages":[{"role":"user","content":"Hi"}]}"""));

        JsonNode sent = stub.received().body();
        assertThat(sent.has("models")).isFalse();
        assertThat(sent.has("provider")).isFalse();
        assertThat(sent.has("reasoning")).isFalse();
        assertThat(sent.has("usage")).isFalse();
        assertThat(sent.has("transforms")).isFalse();
        assertThat(sent.has("logit_bias"))
                .as("the provider's unsupported parameters")
                .isFalse();
        assertThat(sent.path("reasoning_effort").asString()).isEqualTo("low");
        assertThat(sent.path("model").asString()).isEqualTo("m");
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode complete(String slug, String fixture, String request) throws Exception {
        stub.replyJson(200, fixture(fixture));
        return adapter.complete(stub.call(slug, "model-x", request)).body();
    }

    private static List<ObjectNode> stream(String slug, String fixture, String request) throws Exception {
        stub.replySse(fixture(fixture).lines().filter(line -> !line.isBlank()).toList());
        List<ObjectNode> chunks = new ArrayList<>();
        try (UpstreamStream stream = adapter.stream(stub.call(slug, "model-x", request))) {
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    /** The rules of wire-formats.md §1.4 for emitted chunks, and no host-specific field. */
    private static void assertOpenAiChunks(List<ObjectNode> chunks) {
        assertThat(chunks).isNotEmpty();
        Map<Integer, Boolean> opened = new TreeMap<>();
        for (ObjectNode chunk : chunks) {
            assertThat(chunk.has("x_groq")).isFalse();
            assertThat(chunk.has("prompt_filter_results")).isFalse();
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                assertThat(delta.has("reasoning_content")).as(chunk.toString()).isFalse();
                assertThat(delta.has("index")).as(chunk.toString()).isFalse();
                assertThat(choice.has("content_filter_results")).isFalse();
                if (delta.has("content")) {
                    assertThat(delta.get("content").isString()
                                    || delta.get("content").isNull())
                            .as(chunk.toString())
                            .isTrue();
                }
                if (delta.has("reasoning")) {
                    assertThat(delta.get("reasoning").asString()).isNotEmpty();
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    assertThat(call.path("index").canConvertToInt())
                            .as(chunk.toString())
                            .isTrue();
                    int index = call.get("index").asInt();
                    if (opened.putIfAbsent(index, true) == null) {
                        assertThat(call.path("id").asString())
                                .as("first fragment has the id")
                                .isNotEmpty();
                        assertThat(call.path("type").asString()).isEqualTo("function");
                        assertThat(call.at("/function/name").asString()).isNotEmpty();
                    } else {
                        assertThat(call.has("id")).as("continuation " + chunk).isFalse();
                        assertThat(call.has("type")).as("continuation " + chunk).isFalse();
                    }
                }
            }
        }
    }

    private static String content(List<ObjectNode> chunks) {
        return join(chunks, "content");
    }

    private static String reasoning(List<ObjectNode> chunks) {
        return join(chunks, "reasoning");
    }

    private static String join(List<ObjectNode> chunks, String field) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode value = choice.path("delta").path(field);
                if (value.isString()) {
                    text.append(value.asString());
                }
            }
        }
        return text.toString();
    }

    /** The concatenated {@code delta.<field>} strings of a recording, as the host sent them. */
    private static String rawConcatenation(String fixture, String field) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line :
                fixture(fixture).lines().filter(line -> !line.isBlank()).toList()) {
            for (JsonNode choice : Json.MAPPER.readTree(line).path("choices")) {
                JsonNode value = choice.path("delta").path(field);
                if (value.isString()) {
                    text.append(value.asString());
                }
            }
        }
        return text.toString();
    }

    private static List<String> finishReasons(List<ObjectNode> chunks) {
        List<String> reasons = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode finish = choice.get("finish_reason");
                if (finish != null && !finish.isNull()) {
                    reasons.add(finish.asString());
                }
            }
        }
        return reasons;
    }

    private static JsonNode lastUsage(List<ObjectNode> chunks) {
        JsonNode usage = null;
        for (ObjectNode chunk : chunks) {
            if (chunk.get("usage") instanceof ObjectNode found) {
                usage = found;
            }
        }
        assertThat(usage).as("a chunk carries usage").isNotNull();
        return usage;
    }

    record Call(String id, String name, String arguments) {}

    /** Accumulates streamed tool calls the way OpenAI's SDKs do: by index, names and arguments concatenated. */
    private static List<Call> toolCalls(List<ObjectNode> chunks) {
        Map<Integer, String[]> calls = new TreeMap<>();
        for (ObjectNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                for (JsonNode call : choice.path("delta").path("tool_calls")) {
                    String[] accumulated =
                            calls.computeIfAbsent(call.get("index").asInt(), i -> new String[] {null, "", ""});
                    if (call.path("id").isString()) {
                        accumulated[0] = call.get("id").asString();
                    }
                    accumulated[1] += call.at("/function/name").asString("");
                    accumulated[2] += call.at("/function/arguments").asString("");
                }
            }
        }
        return calls.values().stream().map(c -> new Call(c[0], c[1], c[2])).toList();
    }

    private static void assertUsage(JsonNode usage, long prompt, long completion, long cached, long reasoning) {
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(completion);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong(0)).isEqualTo(cached);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asLong(0))
                .isEqualTo(reasoning);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = OpenAiRecordedFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
