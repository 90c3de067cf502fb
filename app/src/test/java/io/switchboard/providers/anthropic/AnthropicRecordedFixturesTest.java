package io.switchboard.providers.anthropic;

import static io.switchboard.providers.anthropic.AnthropicTestSupport.call;
import static io.switchboard.providers.anthropic.AnthropicTestSupport.fixture;
import static io.switchboard.providers.anthropic.AnthropicTestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamCompletion;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.UpstreamHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays real Anthropic responses (Vercel AI SDK fixtures, see {@code fixtures/anthropic/README.md}) from a loopback
 * stub through {@link AnthropicAdapter} and a real {@link UpstreamHttp}, and checks the OpenAI-shaped output.
 */
class AnthropicRecordedFixturesTest {
    private static final String HELLO = """
            {"model":"anthropic/claude-sonnet-4.5","messages":[{"role":"user","content":"Hello"}]}""";

    private static UpstreamHttp http;
    private static AnthropicTestSupport.Stub stub;
    private static AnthropicAdapter adapter;

    @BeforeAll
    static void start() throws Exception {
        http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(120), 8, 64);
        stub = new AnthropicTestSupport.Stub();
        adapter = new AnthropicAdapter(http);
    }

    @AfterAll
    static void stop() {
        stub.close();
        http.close();
    }

    // ---------------------------------------------------------------- non-streaming

    @Test
    void textMessageBecomesAChatCompletion() throws Exception {
        stub.json(200, fixture("anthropic-text.json"));

        UpstreamCompletion completion = adapter.complete(call(stub.baseUrl(), HELLO));

        ObjectNode body = completion.body();
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).isEqualTo("msg_01VdEjxAP5ahtHKrrRdNBteQ");
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString())
                .isEqualTo("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I"
                        + " can help you with?");
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        assertThat(choice.path("message").has("reasoning")).isFalse();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("end_turn");
        assertUsage(body.path("usage"), 12, 29, 0, 0, 0);
        assertThat(completion.simulated()).isFalse();

        assertThat(stub.lastPath).isEqualTo("/v1/messages");
        assertThat(stub.lastApiKey).isEqualTo("sk-ant-test");
        assertThat(stub.lastVersion).isEqualTo("2023-06-01");
        assertThat(stub.lastContentType).startsWith("application/json");
        assertThat(stub.lastBody.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(stub.lastBody.path("max_tokens").asLong()).isEqualTo(64_000);
        assertThat(stub.lastBody.has("stream")).isFalse();
    }

    @Test
    void toolUseWithoutInputHasEmptyObjectArguments() throws Exception {
        stub.json(200, fixture("anthropic-tool-no-args.json"));

        JsonNode choice = adapter.complete(call(stub.baseUrl(), HELLO))
                .body()
                .path("choices")
                .get(0);

        JsonNode message = choice.path("message");
        assertThat(message.path("content").asString()).startsWith("<thinking>").endsWith("current issue list:");
        assertThat(message.path("tool_calls")).hasSize(1);
        JsonNode toolCall = message.path("tool_calls").get(0);
        assertThat(toolCall.path("id").asString()).isEqualTo("toolu_01LRmxn9vGM1d2DZSDBowdZ1");
        assertThat(toolCall.path("type").asString()).isEqualTo("function");
        assertThat(toolCall.path("function").path("name").asString()).isEqualTo("updateIssueList");
        assertThat(toolCall.path("function").path("arguments").asString()).isEqualTo("{}");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_use");
    }

    @Test
    void toolUseInputBecomesAJsonArgumentString() throws Exception {
        stub.json(200, fixture("anthropic-json-tool.1.json"));

        JsonNode message = adapter.complete(call(stub.baseUrl(), HELLO))
                .body()
                .path("choices")
                .get(0)
                .path("message");

        assertThat(message.path("content").isNull())
                .as("no text, only a tool call")
                .isTrue();
        JsonNode arguments = Json.MAPPER.readTree(message.path("tool_calls")
                .get(0)
                .path("function")
                .path("arguments")
                .asString());
        JsonNode recorded = Json.MAPPER.readTree(fixture("anthropic-json-tool.1.json"));
        assertThat(arguments).isEqualTo(recorded.path("content").get(0).path("input"));
        assertThat(arguments.path("elements")).hasSize(4);
    }

    @Test
    void thinkingBecomesReasoningWithItsSignature() throws Exception {
        stub.json(200, fixture("anthropic-clear-thinking.1.json"));

        JsonNode message = adapter.complete(call(stub.baseUrl(), HELLO))
                .body()
                .path("choices")
                .get(0)
                .path("message");

        assertThat(message.path("content").asString()).isEqualTo("925 ÷ 5 = 185");
        assertThat(message.path("reasoning").asString()).isEqualTo("925 divided by 5 = 185");
        assertThat(message.path("reasoning_details")).hasSize(1);
        JsonNode detail = message.path("reasoning_details").get(0);
        assertThat(detail.path("type").asString()).isEqualTo("reasoning.text");
        assertThat(detail.path("text").asString()).isEqualTo("925 divided by 5 = 185");
        assertThat(detail.path("signature").asString())
                .startsWith("Er4BCkYICxgCKkCoxqLHLrx4")
                .endsWith("RgB");
        assertThat(detail.path("format").asString()).isEqualTo("anthropic-claude-v1");
        assertThat(detail.path("index").asInt()).isZero();
    }

    @Test
    void thinkingTokensAreReasoningTokens() throws Exception {
        stub.json(200, fixture("anthropic-claude-opus-5-reasoning-high.1.json"));

        ObjectNode body = adapter.complete(call(stub.baseUrl(), HELLO)).body();

        assertUsage(body.path("usage"), 51, 1699, 0, 0, 139);
        assertThat(body.at("/choices/0/message/reasoning").asString()).startsWith("I need to find all roots");
        assertThat(body.at("/choices/0/message/content").asString()).startsWith("## Step 1");
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("end_turn");
    }

    @Test
    void refusalKeepsTheNativeReasonAndExplains() throws Exception {
        stub.json(200, fixture("anthropic-refusal.json"));

        JsonNode choice = adapter.complete(call(stub.baseUrl(), HELLO))
                .body()
                .path("choices")
                .get(0);

        assertThat(choice.path("finish_reason").asString()).isEqualTo("refusal");
        assertThat(choice.path("message").path("content").asString()).isEmpty();
        assertThat(choice.path("message").path("refusal").asString()).contains("Usage Policy");
    }

    @Test
    void cacheReadsAndWritesAreAddedToPromptTokens() throws Exception {
        // Derived from anthropic-text.json (no recording has non-zero cache counts): only the usage numbers changed.
        ObjectNode recorded = (ObjectNode) Json.MAPPER.readTree(fixture("anthropic-text.json"));
        ObjectNode usage = (ObjectNode) recorded.get("usage");
        usage.put("input_tokens", 12);
        usage.put("cache_read_input_tokens", 2048);
        usage.put("cache_creation_input_tokens", 300);
        stub.json(200, recorded.toString());

        ObjectNode body = adapter.complete(call(stub.baseUrl(), HELLO)).body();

        assertUsage(body.path("usage"), 12 + 2048 + 300, 29, 2048, 300, 0);
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void textStreamIsRelayedIncrementally() throws Exception {
        stub.events(sse(fixture("anthropic-text.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(stub.lastBody.path("stream").asBoolean()).isTrue();
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString()).isEqualTo("msg_01QC4g3HwBThD4BaNtBckFDJ");
        });
        List<String> deltas = contentDeltas(chunks);
        assertThat(deltas)
                .containsExactly(
                        "Hello",
                        "! I",
                        "'m doing well, thank you for asking",
                        ". How are you doing today?",
                        " Is",
                        " there anything I can help you with?");
        assertThat(finishReasons(chunks)).containsExactly("end_turn");
        ObjectNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertUsage(usageChunk.path("usage"), 12, 30, 0, 0, 0);
        assertThat(chunks.stream().filter(chunk -> chunk.has("usage")).count()).isEqualTo(1);
    }

    @Test
    void toolWithoutArgumentsStreamsEmptyObjectArguments() throws Exception {
        stub.events(sse(fixture("anthropic-tool-no-args.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(String.join("", contentDeltas(chunks))).isEqualTo("I'll update the issue list for you.");
        List<JsonNode> toolDeltas = toolCallDeltas(chunks);
        JsonNode first = toolDeltas.getFirst();
        assertThat(first.path("index").asInt())
                .as("tool index counts tools, not blocks")
                .isZero();
        assertThat(first.path("id").asString()).isEqualTo("toolu_01QE1WLsSVp5hy5Q3GmGTmjP");
        assertThat(first.path("type").asString()).isEqualTo("function");
        assertThat(first.path("function").path("name").asString()).isEqualTo("updateIssueList");
        assertThat(first.path("function").path("arguments").asString()).isEmpty();
        assertThat(accumulatedArguments(chunks)).containsExactly(Map.entry(0, "{}"));
        assertThat(finishReasons(chunks)).containsExactly("tool_use");
        assertUsage(chunks.getLast().path("usage"), 565, 48, 0, 0, 0);
    }

    @Test
    void toolArgumentFragmentsAreRelayedInOrder() throws Exception {
        stub.events(sse(fixture("anthropic-json-tool.1.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(toolCallDeltas(chunks)).hasSize(3);
        String arguments = accumulatedArguments(chunks).get(0);
        assertThat(Json.MAPPER.readTree(arguments))
                .isEqualTo(Json.MAPPER.readTree("{\"elements\": [{\"location\": \"San Francisco\","
                        + " \"temperature\": 58, \"condition\": \"sunny\"}]}"));
        assertThat(finishReasons(chunks)).containsExactly("tool_use");
        assertUsage(chunks.getLast().path("usage"), 849, 47, 0, 0, 0);
    }

    @Test
    void thinkingStreamsAsReasoningWithSignature() throws Exception {
        stub.events(sse(fixture("anthropic-clear-thinking.1.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        StringBuilder reasoning = new StringBuilder();
        StringBuilder detailText = new StringBuilder();
        String signature = null;
        for (ObjectNode chunk : chunks) {
            JsonNode delta = chunk.at("/choices/0/delta");
            reasoning.append(delta.path("reasoning").asString(""));
            for (JsonNode detail : delta.path("reasoning_details")) {
                assertThat(detail.path("type").asString()).isEqualTo("reasoning.text");
                assertThat(detail.path("format").asString()).isEqualTo("anthropic-claude-v1");
                assertThat(detail.path("index").asInt()).isZero();
                detailText.append(detail.path("text").asString());
                if (detail.has("signature")) {
                    signature = detail.path("signature").asString();
                }
            }
        }
        String expected = "The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185";
        assertThat(reasoning.toString()).isEqualTo(expected);
        assertThat(detailText.toString()).isEqualTo(expected);
        assertThat(signature).startsWith("EvQBCkYICxgCKkAxhD4N").endsWith("BgB");
        assertThat(String.join("", contentDeltas(chunks))).isEqualTo("925 ÷ 5 = 185");
        assertThat(finishReasons(chunks)).containsExactly("end_turn");
        assertUsage(chunks.getLast().path("usage"), 69, 53, 0, 0, 0);
    }

    @Test
    void streamedReasoningDetailsRoundTripIntoOneThinkingBlock() throws Exception {
        stub.events(sse(fixture("anthropic-clear-thinking.1.chunks.txt")));
        List<ObjectNode> chunks = drain(stream(HELLO));
        var details = Json.MAPPER.createArrayNode();
        chunks.forEach(chunk -> chunk.at("/choices/0/delta/reasoning_details").forEach(details::add));

        var blocks = AnthropicRequests.thinkingBlocks(details);

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).path("thinking").asString())
                .isEqualTo("The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185");
        assertThat(blocks.get(0).path("signature").asString()).startsWith("EvQBCkYICxgCKkAxhD4N");
    }

    @Test
    void messageDeltaRestatingInputTokensWins() throws Exception {
        stub.events(sse(fixture("anthropic-message-delta-input-tokens.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(String.join("", contentDeltas(chunks))).isEqualTo("pong");
        assertUsage(chunks.getLast().path("usage"), 61, 2, 0, 0, 0);
    }

    @Test
    void refusalStreamEndsWithTheNativeReason() throws Exception {
        stub.events(sse(fixture("anthropic-refusal.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(contentDeltas(chunks)).isEmpty();
        assertThat(finishReasons(chunks)).containsExactly("refusal");
        ObjectNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/delta/refusal").asString()).contains("cyber");
        assertUsage(chunks.getLast().path("usage"), 18, 5, 0, 0, 0);
    }

    @Test
    void duplicateMessageStartIsIgnored() throws Exception {
        stub.events(sse(fixture("duplicate-message-start.chunks.txt")));

        List<ObjectNode> chunks = drain(stream(HELLO));

        assertThat(chunks.stream()
                        .filter(chunk -> chunk.at("/choices/0/delta").has("role"))
                        .count())
                .isEqualTo(1);
        assertThat(String.join("", contentDeltas(chunks))).isEqualTo("Hello, World!");
        assertThat(finishReasons(chunks)).containsExactly("end_turn");
        assertUsage(chunks.getLast().path("usage"), 17, 227, 0, 0, 0);
    }

    @Test
    void aSecondDifferentMessageStartIsAProtocolError() throws Exception {
        // Derived from duplicate-message-start: the second start announces another message.
        String chunks = fixture("duplicate-message-start.chunks.txt");
        int second = chunks.indexOf('\n') + 1;
        stub.events(sse(chunks.substring(0, second) + chunks.substring(second).replaceFirst("msg_dup", "msg_other")));

        assertThatThrownBy(() -> drain(stream(HELLO)))
                .isInstanceOfSatisfying(
                        UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }

    @Test
    void errorEventAfterContentIsAStreamErrorWithTheOverloadStatus() throws Exception {
        // Derived from anthropic-text: after three text deltas the API reports an overload.
        List<String> lines = fixture("anthropic-text.chunks.txt").lines().toList();
        String body = sse(String.join("\n", lines.subList(0, 6))
                + "\n{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        stub.events(body);

        UpstreamStream stream = stream(HELLO);
        List<ObjectNode> received = new ArrayList<>();
        assertThatThrownBy(() -> {
                    ObjectNode chunk;
                    while ((chunk = stream.next()) != null) {
                        received.add(chunk);
                    }
                })
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.STREAM_ERROR);
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("overloaded_error: Overloaded");
                    assertThat(e.raw())
                            .hasValueSatisfying(raw -> assertThat(raw).contains("overloaded_error"));
                });
        stream.close();
        assertThat(String.join("", contentDeltas(received))).isEqualTo("Hello! I'm doing well, thank you for asking");
    }

    @Test
    void errorEventBeforeContentFailsTheAttempt() {
        List<String> lines = fixture("anthropic-text.chunks.txt").lines().toList();
        stub.events(sse(lines.getFirst()
                + "\n{\"type\":\"ping\"}\n{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));

        assertThatThrownBy(() -> stream(HELLO)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.STREAM_ERROR);
            assertThat(e.status()).isEqualTo(529);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void streamCutBeforeItsEndIsAProtocolError() throws Exception {
        List<String> lines = fixture("anthropic-text.chunks.txt").lines().toList();
        stub.events(sse(String.join("\n", lines.subList(0, 5))));

        UpstreamStream stream = stream(HELLO);
        assertThatThrownBy(() -> drain(stream))
                .isInstanceOfSatisfying(
                        UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }

    // ---------------------------------------------------------------- HTTP errors

    @Test
    void overloaded529IsARetryableStatusWithTheRawBody() {
        String overloaded = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
        stub.json(529, overloaded);

        for (boolean streaming : new boolean[] {false, true}) {
            assertThatThrownBy(() -> {
                        if (streaming) {
                            stream(HELLO);
                        } else {
                            adapter.complete(call(stub.baseUrl(), HELLO));
                        }
                    })
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                        assertThat(e.status()).isEqualTo(529);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.raw()).contains(overloaded);
                        assertThat(e.getMessage()).contains("HTTP 529").contains("overloaded_error: Overloaded");
                    });
        }
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        stub.json(
                        429,
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request"
                                + " tokens has exceeded your per-minute rate limit\"}}")
                .header("retry-after", "7");

        assertThatThrownBy(() -> adapter.complete(call(stub.baseUrl(), HELLO)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("rate_limit_error");
                });
    }

    @Test
    void invalidRequestIsNotRetryable() {
        stub.json(
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages: text"
                        + " content blocks must be non-empty\"}}");

        assertThatThrownBy(() -> adapter.complete(call(stub.baseUrl(), HELLO)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.retryable()).isFalse();
                });
    }

    // ---------------------------------------------------------------- helpers

    private static UpstreamStream stream(String request) throws UpstreamException {
        return adapter.stream(call(stub.baseUrl(), request));
    }

    static List<ObjectNode> drain(UpstreamStream stream) throws UpstreamException {
        try (stream) {
            List<ObjectNode> chunks = new ArrayList<>();
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) {
                chunks.add(chunk);
            }
            return chunks;
        }
    }

    static List<String> contentDeltas(List<ObjectNode> chunks) {
        List<String> deltas = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            JsonNode content = chunk.at("/choices/0/delta/content");
            if (content.isString() && !content.asString().isEmpty()) {
                deltas.add(content.asString());
            }
        }
        return deltas;
    }

    static List<String> finishReasons(List<ObjectNode> chunks) {
        List<String> reasons = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            JsonNode reason = chunk.at("/choices/0/finish_reason");
            if (reason.isString()) {
                reasons.add(reason.asString());
            }
        }
        return reasons;
    }

    static List<JsonNode> toolCallDeltas(List<ObjectNode> chunks) {
        List<JsonNode> deltas = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            chunk.at("/choices/0/delta/tool_calls").forEach(deltas::add);
        }
        return deltas;
    }

    /** What an OpenAI client accumulates: arguments per tool-call index. */
    static Map<Integer, String> accumulatedArguments(List<ObjectNode> chunks) {
        Map<Integer, String> arguments = new TreeMap<>();
        for (JsonNode delta : toolCallDeltas(chunks)) {
            arguments.merge(
                    delta.path("index").asInt(),
                    delta.path("function").path("arguments").asString(""),
                    String::concat);
        }
        return arguments;
    }

    static void assertUsage(
            JsonNode usage, long prompt, long completion, long cached, long cacheWrites, long reasoning) {
        assertThat(usage.path("prompt_tokens").asLong()).as("prompt_tokens").isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asLong())
                .as("completion_tokens")
                .isEqualTo(completion);
        assertThat(usage.path("total_tokens").asLong()).as("total_tokens").isEqualTo(prompt + completion);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong())
                .as("cached_tokens")
                .isEqualTo(cached);
        assertThat(usage.at("/prompt_tokens_details/cache_write_tokens").asLong())
                .as("cache_write_tokens")
                .isEqualTo(cacheWrites);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asLong())
                .as("reasoning_tokens")
                .isEqualTo(reasoning);
    }
}
