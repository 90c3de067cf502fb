package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.Json;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every 4xx and 5xx the gateway produces itself, each in the OpenRouter envelope with a message naming the cause. */
class ErrorPathsTest {
    private static final String HELLO =
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(
                SimulatorOptions.defaults(),
                (SwitchboardConfig config) -> config.withServer(config.server().withMaxBodyBytes(64 * 1024))
                        .withUpstream(TestGateway.upstream(500, 2_000)));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertError(gateway.postAuthorized("/chat/completions", "{\"model\": "), 400, "Malformed JSON");
    }

    @Test
    void nonObjectBodyIs400() throws Exception {
        assertError(gateway.postAuthorized("/chat/completions", "[1,2]"), 400, "JSON object");
    }

    @Test
    void wrongFieldTypesAre400NamingTheField() throws Exception {
        assertError(
                gateway.postAuthorized("/chat/completions", HELLO.replace("}]}", "}],\"temperature\":\"hot\"}")),
                400,
                "'temperature'");
        assertError(
                gateway.postAuthorized("/chat/completions", HELLO.replace("}]}", "}],\"max_tokens\":-5}")),
                400,
                "'max_tokens'");
        assertError(
                gateway.postAuthorized("/chat/completions", HELLO.replace("}]}", "}],\"stream\":\"yes\"}")),
                400,
                "'stream'");
        assertError(
                gateway.postAuthorized("/chat/completions", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":\"hi\"}"),
                400,
                "'messages'");
        assertError(
                gateway.postAuthorized(
                        "/chat/completions",
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
                400,
                "'messages[0].role'");
        assertError(gateway.postAuthorized("/chat/completions", "{\"model\":42,\"messages\":[]}"), 400, "'model'");
    }

    @Test
    void missingMessagesIs400() throws Exception {
        assertError(
                gateway.postAuthorized("/chat/completions", "{\"model\":\"openai/gpt-4o-mini\"}"), 400, "'messages'");
    }

    @Test
    void unknownModelIs400NamingIt() throws Exception {
        assertError(
                gateway.postAuthorized("/chat/completions", HELLO.replace("openai/gpt-4o-mini", "acme/no-such-model")),
                400,
                "acme/no-such-model");
    }

    @Test
    void missingKeyIs401() throws Exception {
        assertError(gateway.post("/chat/completions", HELLO), 401, "No API key");
    }

    @Test
    void invalidKeyIs401() throws Exception {
        assertError(
                gateway.post("/chat/completions", HELLO, "Authorization", "Bearer sk-sb-v1-" + "0".repeat(64)),
                401,
                "Invalid API key");
        assertError(
                gateway.post("/chat/completions", HELLO, "Authorization", "Bearer nonsense"), 401, "Invalid API key");
    }

    @Test
    void noCreditsIs402() throws Exception {
        String broke = gateway.createKey("broke-user", null, null);
        assertError(gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + broke), 402, "credits");
    }

    @Test
    void exhaustedKeyLimitIs402() throws Exception {
        String limited = gateway.createKey("limited-user", new BigDecimal("5"), BigDecimal.ZERO);
        assertError(gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + limited), 402, "limit");
    }

    @Test
    void noEndpointLeftIs404SayingWhy() throws Exception {
        assertError(
                gateway.postAuthorized(
                        "/chat/completions",
                        HELLO.replace("}]}", "}],\"provider\":{\"only\":[\"no-such-provider\"]}}")),
                404,
                "provider.only");
    }

    @Test
    void upstreamTimeoutIs408() throws Exception {
        assertError(gateway.postAuthorized("/chat/completions", HELLO, "X-Sim-Delay-Ms", "1500"), 408, "timed out");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String huge = HELLO.replace("Hi", "x".repeat(100 * 1024));
        assertError(gateway.postAuthorized("/chat/completions", huge), 413, "larger than the limit");
    }

    @Test
    void unknownPathIsJson404AndWrongMethodIs405() throws Exception {
        assertError(gateway.get("/nothing-here"), 404, "No such endpoint");
        assertError(gateway.get("/chat/completions"), 405, "not allowed");
    }

    @Test
    void unknownGenerationIs404() throws Exception {
        assertError(gateway.getAuthorized("/generation?id=gen-0-nothing"), 404, "gen-0-nothing");
        assertError(gateway.getAuthorized("/generation"), 400, "'id'");
    }

    @Test
    void keyEndpointReportsLabelLimitAndUsage() throws Exception {
        HttpResponse<String> response = gateway.getAuthorized("/key");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = Json.MAPPER.readTree(response.body()).path("data");
        assertThat(data.path("label").asString()).startsWith("sk-sb-v1-");
        assertThat(data.has("limit")).isTrue();
        assertThat(data.has("usage")).isTrue();
        assertThat(data.has("limit_remaining")).isTrue();
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asString()).contains(messagePart);
    }
}
