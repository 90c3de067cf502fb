package io.switchboard.providers.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.MediaConfig;
import io.switchboard.json.Json;
import io.switchboard.simulator.SimulatorOptions;
import io.switchboard.testing.MediaServer;
import io.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Media by URL through a real gateway: Gemini gets it fetched and inlined (from a loopback server the test setting
 * allows), and under the default setting a loopback URL is a 400 that names it, before anything is fetched or sent.
 */
class MediaEndToEndTest {
    private static final String GEMINI = "google/gemini-2.5-pro";

    private static MediaServer media;
    private static TestGateway permissive;
    private static TestGateway strict;

    @BeforeAll
    static void start() throws Exception {
        media = MediaServer.start();
        permissive = TestGateway.start(
                SimulatorOptions.defaults(),
                config -> config.withMedia(MediaConfig.defaults().allowingLocalTestServers()));
        strict = TestGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        permissive.close();
        strict.close();
        media.close();
    }

    @BeforeEach
    void clear() {
        media.clear();
    }

    @Test
    void geminiGetsImagesAndPdfsByUrlInline() throws Exception {
        long before = permissive.simulator().requestCount();
        HttpResponse<String> response = permissive.postAuthorized(
                "/chat/completions", request(GEMINI, false, """
                [{"type":"text","text":"What is in these?"},
                 {"type":"image_url","image_url":{"url":"%s/redirect/1"}},
                 {"type":"file","file":{"filename":"doc.pdf","file_data":"%s/doc.pdf"}}]""".formatted(media.baseUrl(), media.baseUrl())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.at("/choices/0/message/content").asString()).isNotBlank();
        // The simulator counts 85 prompt tokens per media part it received inline.
        assertThat(body.at("/usage/prompt_tokens").asLong()).isGreaterThanOrEqualTo(2 * 85);
        assertThat(media.requests()).containsExactly("/redirect/1", "/cat.png", "/doc.pdf");
        assertThat(permissive.simulator().requestCount()).isEqualTo(before + 1);
    }

    @Test
    void geminiStreamsWithAFetchedImage() throws Exception {
        HttpResponse<String> response =
                permissive.postAuthorized("/chat/completions", request(GEMINI, true, """
                [{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"%s/cat.png"}}]""".formatted(media.baseUrl())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        assertThat(media.requests()).containsExactly("/cat.png");
    }

    @Test
    void aMediaTypeGeminiCannotUseIsA400() throws Exception {
        String url = media.baseUrl() + "/page.html";
        HttpResponse<String> response =
                permissive.postAuthorized("/chat/completions", request(GEMINI, false, """
                [{"type":"image_url","image_url":{"url":"%s"}}]""".formatted(url)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).at("/error/message").asString())
                .isEqualTo(
                        "Cannot use the media at " + url + ": unsupported type (text/html; accepted: application/pdf,"
                                + " image/gif, image/jpeg, image/png, image/webp).");
    }

    @Test
    void underTheDefaultSettingALoopbackUrlIsRefusedWith400() throws Exception {
        long before = strict.simulator().requestCount();
        String https = "https://127.0.0.1:" + media.port() + "/cat.png";

        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response =
                    strict.postAuthorized("/chat/completions", request(GEMINI, stream, """
                    [{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"%s"}}]""".formatted(https)));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(400);
            assertThat(error.path("message").asString())
                    .isEqualTo("Cannot use the media at " + https + ": private address (127.0.0.1: a loopback"
                            + " address; only media on public addresses is fetched).");
        }
        String http = media.baseUrl() + "/cat.png";
        HttpResponse<String> plain =
                strict.postAuthorized("/chat/completions", request(GEMINI, false, """
                [{"type":"image_url","image_url":{"url":"%s"}}]""".formatted(http)));
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(plain.body()).at("/error/message").asString())
                .isEqualTo("Cannot use the media at " + http + ": unsupported URL (only https URLs are fetched).");

        assertThat(media.requests()).as("nothing was fetched").isEmpty();
        assertThat(strict.simulator().requestCount()).as("nothing was sent").isEqualTo(before);
    }

    @Test
    void providersThatFetchUrlsThemselvesGetTheUrl() throws Exception {
        // OpenAI and Anthropic take image URLs natively: the gateway does not fetch them.
        String https = "https://127.0.0.1:" + media.port() + "/cat.png";
        for (String model : new String[] {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"}) {
            HttpResponse<String> response =
                    strict.postAuthorized("/chat/completions", request(model, false, """
                    [{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"%s"}}]""".formatted(https)));
            assertThat(response.statusCode()).as(model + ": " + response.body()).isEqualTo(200);
        }
        assertThat(media.requests()).isEmpty();
    }

    private static String request(String model, boolean stream, String content) {
        return """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":%s}]}""".formatted(model, stream, content);
    }
}
