package io.switchboard.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import io.switchboard.providers.FinishReasons;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini's finish and block reasons as the gateway reports them. */
class GeminiFinishReasonsTest {
    @ParameterizedTest
    @CsvSource({
        "STOP, stop",
        "MAX_TOKENS, length",
        "SAFETY, content_filter",
        "RECITATION, content_filter",
        "BLOCKLIST, content_filter",
        "PROHIBITED_CONTENT, content_filter",
        "SPII, content_filter",
        "IMAGE_SAFETY, content_filter",
        "IMAGE_PROHIBITED_CONTENT, content_filter",
        "IMAGE_RECITATION, content_filter",
        "LANGUAGE, content_filter",
        "MALFORMED_FUNCTION_CALL, error",
        "UNEXPECTED_TOOL_CALL, error",
        "TOO_MANY_TOOL_CALLS, error",
        "OTHER, stop",
        "FINISH_REASON_UNSPECIFIED, stop",
        "tool_calls, tool_calls"
    })
    void nativeReasonsNormalise(String nativeReason, String normalized) {
        assertThat(FinishReasons.normalize(nativeReason)).isEqualTo(normalized);
    }

    @Test
    void aBlockedPromptIsAContentFilterWithTheBlockReason() {
        GeminiOutput output = new GeminiOutput("gemini-2.5-pro");
        List<ObjectNode> deltas = output.accept(Json.MAPPER.readTree("""
                {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},
                 "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-pro"}"""));

        JsonNode body = output.completion(deltas, 1);
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("content_filter");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("PROHIBITED_CONTENT");
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(12);
        assertThat(body.at("/usage/completion_tokens").asLong()).isZero();
    }

    @Test
    void stopWithCallsIsToolCallsButMaxTokensStaysLength() {
        GeminiOutput stopped = new GeminiOutput("m");
        stopped.accept(Json.MAPPER.readTree("""
                {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f"}}]},"finishReason":"STOP"}]}"""));
        GeminiOutput truncated = new GeminiOutput("m");
        truncated.accept(Json.MAPPER.readTree("""
                {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f"}}]},"finishReason":"MAX_TOKENS"}]}"""));

        assertThat(stopped.finishReason()).isEqualTo("tool_calls");
        assertThat(stopped.nativeFinishReason()).isEqualTo("STOP");
        assertThat(truncated.finishReason()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void idsWithoutAResponseIdAreDerivedFromTheCall() {
        String response = """
                {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"a":1}}},
                  {"functionCall":{"name":"f","args":{"a":1}}}]},"finishReason":"STOP"}]}""";

        List<String> first = ids(new GeminiOutput("m").accept(Json.MAPPER.readTree(response)));
        List<String> second = ids(new GeminiOutput("m").accept(Json.MAPPER.readTree(response)));

        assertThat(first).isEqualTo(second).doesNotHaveDuplicates().hasSize(2);
        assertThat(first).allMatch(id -> id.matches("call_[0-9a-f]+_\\d"));
    }

    private static List<String> ids(List<ObjectNode> deltas) {
        return deltas.stream()
                .flatMap(delta -> delta.path("tool_calls").values().stream())
                .map(call -> call.path("id").asString())
                .toList();
    }
}
