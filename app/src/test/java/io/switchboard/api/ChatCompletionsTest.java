package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import io.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChatCompletionsTest {
    private static final String HELLO =
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
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
    void nonStreamingResponseHasOpenRouterShape() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions", HELLO, "HTTP-Referer", "https://example.app", "X-Title", "Example App");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("id").asString()).matches("gen-\\d+-[A-Za-z0-9]{20}");
        assertThat(response.headers().firstValue("X-Generation-Id"))
                .contains(body.path("id").asString());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("model").asString()).isEqualTo("openai/gpt-4o-mini");
        assertThat(body.path("provider").asString()).isNotBlank();
        assertThat(body.path("created").asLong()).isPositive();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isNotBlank();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.path("native_finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong()
                        + usage.path("completion_tokens").asLong());
        assertThat(usage.path("prompt_tokens_details").has("cached_tokens")).isTrue();
        assertThat(usage.path("completion_tokens_details").has("reasoning_tokens"))
                .isTrue();
        assertThat(usage.path("cost").decimalValue()).isPositive();
        assertThat(usage.path("is_byok").asBoolean()).isFalse();

        JsonNode stats = generation(body.path("id").asString());
        assertThat(stats.path("model").asString()).isEqualTo("openai/gpt-4o-mini");
        assertThat(stats.path("tokens_prompt").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(stats.path("total_cost").decimalValue())
                .isEqualByComparingTo(usage.path("cost").decimalValue());
        assertThat(stats.path("streamed").asBoolean()).isFalse();
        assertThat(stats.path("cancelled").asBoolean()).isFalse();
        assertThat(stats.path("simulated").asBoolean()).isTrue();
        assertThat(stats.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(stats.path("http_referer").asString()).isEqualTo("https://example.app");
        assertThat(stats.path("app_title").asString()).isEqualTo("Example App");
        assertThat(stats.path("provider_responses")).hasSize(1);
    }

    @Test
    void streamingFollowsOpenRouterFraming() throws Exception {
        HttpResponse<String> response =
                gateway.postAuthorized("/chat/completions", HELLO.replace("}]}", "}],\"stream\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = dataEvents(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(Json.MAPPER.readTree(event));
        }
        String id = response.headers().firstValue("X-Generation-Id").orElseThrow();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("id").asString()).isEqualTo(id);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asString()).isEqualTo("openai/gpt-4o-mini");
            assertThat(chunk.path("provider").asString()).isNotBlank();
        });
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asString())
                .isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(choice ->
                        text.append(choice.path("delta").path("content").asString(""))));
        assertThat(text.toString()).isNotBlank();
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(usageChunk.path("usage").path("cost").decimalValue()).isPositive();
        assertThat(chunks.stream().filter(chunk -> chunk.has("usage")).count()).isEqualTo(1);

        JsonNode stats = generation(id);
        assertThat(stats.path("streamed").asBoolean()).isTrue();
        assertThat(stats.path("tokens_completion").asLong())
                .isEqualTo(usageChunk.path("usage").path("completion_tokens").asLong());
        assertThat(stats.path("latency").isNumber()).isTrue();
    }

    @Test
    void midStreamUpstreamFailureBecomesAnErrorChunk() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions",
                HELLO.replace("}]}", "}],\"stream\":true,\"max_tokens\":50}"),
                "X-Sim-Fail-After-Chunks",
                "3");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(response.body());
        assertThat(events).doesNotContain("[DONE]");
        JsonNode last = Json.MAPPER.readTree(events.getLast());
        assertThat(last.path("error").path("code").asInt()).isEqualTo(502);
        assertThat(last.path("error").path("message").asString()).isNotBlank();
        assertThat(last.path("choices").get(0).path("finish_reason").asString()).isEqualTo("error");
        JsonNode stats =
                generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("finish_reason").asString()).isEqualTo("error");
        assertThat(stats.path("total_cost").decimalValue()).isNotNull();
    }

    @Test
    void inStreamProviderErrorEventBecomesAnErrorChunk() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions", HELLO.replace("}]}", "}],\"stream\":true}"), "X-Sim-Error-After-Chunks", "2");

        List<String> events = dataEvents(response.body());
        JsonNode last = Json.MAPPER.readTree(events.getLast());
        assertThat(last.path("error").path("metadata").path("provider_name").asString())
                .isNotBlank();
        assertThat(last.path("choices").get(0).path("finish_reason").asString()).isEqualTo("error");
    }

    @Test
    void upstreamServerErrorIs502WithProviderMetadata() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized("/chat/completions", HELLO, "X-Sim-Status", "500");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(502);
        assertThat(error.path("metadata").path("provider_name").asString()).isNotBlank();
        assertThat(error.path("metadata").path("raw").asString()).contains("error");
        assertThat(response.headers().firstValue("X-Generation-Id")).isPresent();
        JsonNode stats =
                generation(response.headers().firstValue("X-Generation-Id").orElseThrow());
        assertThat(stats.path("status").asInt()).isEqualTo(502);
        assertThat(stats.path("total_cost").decimalValue()).isZero();
    }

    @Test
    void upstreamRateLimitIs429WithRetryAfter() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized("/chat/completions", HELLO, "X-Sim-Status", "429");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(429);
    }

    @Test
    void streamingFailureBeforeFirstByteIsAnHttpError() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions", HELLO.replace("}]}", "}],\"stream\":true}"), "X-Sim-Status", "503");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void promptFieldIsAcceptedInsteadOfMessages() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized(
                "/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"prompt\":\"Hi\",\"unknown_field\":{\"x\":1}}");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void maxTokensTruncationReportsLength() throws Exception {
        HttpResponse<String> response =
                gateway.postAuthorized("/chat/completions", HELLO.replace("}]}", "}],\"max_tokens\":3}"));

        JsonNode choice = Json.MAPPER.readTree(response.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("length");
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .path("usage")
                        .path("completion_tokens")
                        .asLong())
                .isEqualTo(3);
    }

    private static JsonNode generation(String id) throws Exception {
        HttpResponse<String> response = gateway.getAuthorized("/generation?id=" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("data");
    }

    static List<String> dataEvents(String body) {
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
}
