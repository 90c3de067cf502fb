package io.switchboard.simulator;

import static io.switchboard.simulator.SimulatorTestSupport.chatRequest;
import static io.switchboard.simulator.SimulatorTestSupport.get;
import static io.switchboard.simulator.SimulatorTestSupport.json;
import static io.switchboard.simulator.SimulatorTestSupport.post;
import static io.switchboard.simulator.SimulatorTestSupport.postWithoutAuth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatorTest {
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
    void baseUrlPointsAtTheBoundPort() {
        assertThat(simulator.port()).isPositive();
        assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/v1");
    }

    @Test
    void nonStreamingAnswerHasTheChatCompletionShape() throws Exception {
        HttpResponse<String> response = post(simulator, chatRequest("Tell me about rivers.", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-simulated")).hasValue("true");
        assertThat(response.headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode body = json(response.body());
        assertThat(body.get("id").asString()).startsWith("chatcmpl-").hasSize("chatcmpl-".length() + 29);
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isGreaterThan(1_700_000_000L);
        assertThat(body.get("model").asString()).isEqualTo("gpt-4.1-nano");
        assertThat(body.get("system_fingerprint").asString()).startsWith("fp_");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        String content = choice.get("message").get("content").asString();
        assertThat(content).isNotBlank().endsWith(".");

        JsonNode usage = body.get("usage");
        int completion = usage.get("completion_tokens").asInt();
        assertThat(completion).isBetween(AnswerGenerator.MIN_NATURAL_TOKENS, AnswerGenerator.MAX_NATURAL_TOKENS);
        // "You are terse." (14) + "Tell me about rivers." (21) = 35 chars -> 9 tokens, + 2 messages x 4
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(9 + 8);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(17 + completion);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt())
                .isZero();
        assertThat(usage.get("completion_tokens_details")
                        .get("reasoning_tokens")
                        .asInt())
                .isZero();
    }

    @Test
    void sameRequestGivesTheSameAnswerAndDifferentPromptsDiffer() throws Exception {
        String first = content(post(simulator, chatRequest("What is a gateway?", false)));
        String again = content(post(simulator, chatRequest("What is a gateway?", false)));
        String other = content(post(simulator, chatRequest("What is a bridge?", false)));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void maxTokensCapsTheAnswerWithFinishReasonLength() throws Exception {
        String body = """
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Write a long story."}]}""";
        JsonNode response = json(post(simulator, body).body());

        assertThat(response.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(response.at("/usage/completion_tokens").asInt()).isEqualTo(5);

        String modern = """
                {"model":"m","max_completion_tokens":3,"messages":[{"role":"user","content":"Write a long story."}]}""";
        JsonNode capped = json(post(simulator, modern).body());
        assertThat(capped.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(capped.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        // the capped answer is the beginning of the natural one
        String natural = content(post(simulator, """
                {"model":"m","messages":[{"role":"user","content":"Write a long story."}]}"""));
        assertThat(natural).startsWith(capped.at("/choices/0/message/content").asString());
    }

    @Test
    void stopSequenceTruncatesTheAnswer() throws Exception {
        String natural = content(post(simulator, chatRequest("Explain streams.", false)));
        String[] words = natural.split(" ");
        String stop = " " + words[3];
        String body = """
                {"model":"gpt-4.1-nano","stop":[%s],
                 "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Explain streams."}]}""".formatted(SimulatorTestSupport.JSON.writeValueAsString(stop));
        JsonNode response = json(post(simulator, body).body());

        String truncated = response.at("/choices/0/message/content").asString();
        assertThat(truncated).isEqualTo(natural.substring(0, natural.indexOf(stop)));
        assertThat(response.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void imagesAndMessagesCountInPromptTokens() throws Exception {
        String body = """
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"12345678"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""";
        JsonNode response = json(post(simulator, body).body());

        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 4 + 85);
    }

    @Test
    void reasoningEffortProducesReasoningTokens() throws Exception {
        String body = """
                {"model":"o4-mini","reasoning_effort":"low","messages":[{"role":"user","content":"Think."}]}""";
        JsonNode response = json(post(simulator, body).body());

        JsonNode usage = response.get("usage");
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt())
                .isEqualTo(16);
        assertThat(usage.get("completion_tokens").asInt()).isGreaterThan(16);
        assertThat(response.at("/choices/0/message/reasoning").asString()).isNotBlank();

        String openRouterStyle = """
                {"model":"o4-mini","reasoning":{"effort":"high","exclude":true},
                 "messages":[{"role":"user","content":"Think."}]}""";
        JsonNode hidden = json(post(simulator, openRouterStyle).body());
        assertThat(hidden.at("/usage/completion_tokens_details/reasoning_tokens")
                        .asInt())
                .isEqualTo(64);
        assertThat(hidden.at("/choices/0/message").has("reasoning")).isFalse();
    }

    @Test
    void missingOrBadAuthorizationIs401() throws Exception {
        HttpResponse<String> missing = postWithoutAuth(simulator, chatRequest("hi", false));
        HttpResponse<String> empty = postWithoutAuth(simulator, chatRequest("hi", false), "Authorization", "Bearer  ");

        for (HttpResponse<String> response : java.util.List.of(missing, empty)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("x-simulated")).hasValue("true");
            JsonNode error = json(response.body()).get("error");
            assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
            assertThat(error.get("message").asString()).isNotBlank();
        }
    }

    @Test
    void malformedOrIncompleteBodiesAre400() throws Exception {
        assertBadRequest(post(simulator, "{not json"), null);
        assertBadRequest(post(simulator, "[]"), null);
        assertBadRequest(post(simulator, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), null);
        assertBadRequest(post(simulator, "{\"model\":\"m\"}"), "messages");
        assertBadRequest(post(simulator, "{\"model\":\"m\",\"messages\":[]}"), "messages");
        assertBadRequest(
                post(
                        simulator,
                        "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                "max_tokens");
    }

    private static void assertBadRequest(HttpResponse<String> response, String param) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).isNotBlank();
        if (param != null) {
            assertThat(error.get("param").asString()).isEqualTo(param);
        }
    }

    @Test
    void pathWithoutV1PrefixAndRequestCount() throws Exception {
        long before = simulator.requestCount();
        String url = simulator.baseUrl().replace("/v1", "");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url + "/chat/completions"))
                .header("Authorization", "Bearer x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chatRequest("hi", false)))
                .build();
        HttpResponse<String> response = SimulatorTestSupport.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(simulator.requestCount()).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void modelsListAndUnknownPaths() throws Exception {
        HttpResponse<String> models = get(simulator, "/models");
        assertThat(models.statusCode()).isEqualTo(200);
        JsonNode list = json(models.body());
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data").get(0).get("object").asString()).isEqualTo("model");
        assertThat(list.get("data").size()).isGreaterThan(2);

        HttpResponse<String> unknown = get(simulator, "/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).at("/error/message").asString()).contains("/v1/nope");
        assertThat(unknown.headers().firstValue("x-simulated")).hasValue("true");
    }

    static String content(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).at("/choices/0/message/content").asString();
    }
}
