package io.switchboard.conformance;

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

/**
 * Parameters the serving endpoint does not list are dropped before sending, and the generation's stats say which
 * ({@code provider_responses[].dropped_parameters}); parameters outside OpenRouter's vocabulary always pass.
 */
class DroppedParametersTest {
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
    void unsupportedParametersAreDroppedAndListedInTheStats() throws Exception {
        // openai/o4-mini lists neither temperature, top_k, stop nor logit_bias.
        HttpResponse<String> response = gateway.postAuthorized("/chat/completions", """
                {"model":"openai/o4-mini","messages":[{"role":"user","content":"Tell me about rivers."}],
                 "temperature":0.3,"top_k":4,"stop":["e"],"logit_bias":{"50256":-100},"seed":7,"max_tokens":200,
                 "user":"u-1","metadata":{"k":"v"}}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message/content").asString())
                .as("the stop sequence was not applied")
                .contains("e");

        JsonNode attempts = generation(body.path("id").asString()).path("provider_responses");
        assertThat(attempts).hasSize(1);
        assertThat(names(attempts.get(0).path("dropped_parameters")))
                .containsExactly("temperature", "top_k", "stop", "logit_bias");
    }

    @Test
    void nothingIsListedWhenEverythingIsSupported() throws Exception {
        HttpResponse<String> response = gateway.postAuthorized("/chat/completions", """
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.3,
                 "max_completion_tokens":50,"stop":["zzz"],"reasoning":null}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode attempts = generation(
                        Json.MAPPER.readTree(response.body()).path("id").asString())
                .path("provider_responses");
        assertThat(attempts.get(0).has("dropped_parameters")).isFalse();
    }

    private static JsonNode generation(String id) throws Exception {
        HttpResponse<String> response = gateway.getAuthorized("/generation?id=" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("data");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asString()));
        return names;
    }
}
