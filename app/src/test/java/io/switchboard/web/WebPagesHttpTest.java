package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import io.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Status codes and bodies of the public pages over plain HTTP: 404s, 400s, and the API's paths kept apart. */
class WebPagesHttpTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static HttpResponse<String> page(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.origin() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html")
                .GET()
                .build();
        return gateway.http().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPublicPageRendersAsHtml() throws Exception {
        for (String path : new String[] {
            "/",
            "/models",
            "/rankings",
            "/rankings?period=day",
            "/anthropic/claude-opus-4.1",
            "/openai/gpt-5/providers",
            "/openai/gpt-5/apps?period=month",
            "/openai/gpt-5/activity",
            "/openai/gpt-5/uptime?range=30d",
            "/openai/gpt-5/api"
        }) {
            HttpResponse<String> response = page(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.headers().firstValue("Server-Timing"))
                    .as(path)
                    .get()
                    .asString()
                    .startsWith("render;dur=");
        }
    }

    @Test
    void modelIdsWithVariantsAreOnePathSegment() throws Exception {
        String id = gateway.server().catalog().models().stream()
                .map(model -> model.id())
                .filter(candidate -> candidate.contains(":"))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> response = page("/" + id + "/providers");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(id);
    }

    @Test
    void anUnknownModelIsAnHtml404NamingIt() throws Exception {
        HttpResponse<String> response = page("/nobody/no-such-model");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("There is no model called \"nobody/no-such-model\"");
        assertThat(page("/nobody/no-such-model/api").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownTabIsAnHtml404() throws Exception {
        HttpResponse<String> response = page("/openai/gpt-5/pricing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("has no \"pricing\" tab");
    }

    @Test
    void apiPathsKeepTheJsonEnvelopeAndTheirOwnRoutes() throws Exception {
        HttpResponse<String> unknown = page("/api/v1/unknown");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = Json.MAPPER.readTree(unknown.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(404);
        assertThat(error.get("message").asString()).contains("/api/v1/unknown");
        assertThat(Json.MAPPER
                        .readTree(page("/api/v1/models").body())
                        .get("data")
                        .size())
                .isPositive();
        HttpResponse<String> endpoints = page("/api/v1/models/openai/gpt-5/endpoints");
        assertThat(endpoints.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(endpoints.body()).get("data").get("id").asString())
                .isEqualTo("openai/gpt-5");
    }

    @Test
    void badFilterValuesAreA400PageThatNamesTheValue() throws Exception {
        assertBadRequest("/models?input=smell", "There is no input modality \"smell\"");
        assertBadRequest("/models?provider=nope", "There is no provider \"nope\"");
        assertBadRequest("/models?parameter=telepathy", "There is no supported parameter \"telepathy\"");
        assertBadRequest("/models?min_context=lots", "is not a whole number of tokens");
        assertBadRequest("/models?max_price=-1", "is not an amount of dollars");
        assertBadRequest("/models?sort=random", "is not one of newest, price, context or name");
        assertBadRequest("/rankings?period=year", "is not one of day, week or month");
        assertBadRequest("/openai/gpt-5/uptime?range=1y", "is not one of 24h, 72h or 30d");
        // Empty values are what the form sends for "Any".
        assertThat(page("/models?q=&input=&output=&min_context=&max_price=&provider=&parameter=&sort=")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void failuresAtTheOnlyProviderShowAsAnIncidentOnTheUptimeTab() throws Exception {
        var catalog = gateway.server().catalog();
        String model = catalog.models().stream()
                .filter(candidate -> !candidate.requiresByok()
                        && candidate.pricing().prompt().signum() > 0)
                .filter(candidate -> catalog.endpoints(candidate.id()).size() == 1)
                .map(candidate -> candidate.id())
                .findFirst()
                .orElseThrow();
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        for (int i = 0; i < 6; i++) {
            assertThat(gateway.postAuthorized("/chat/completions", body).statusCode())
                    .isEqualTo(200);
            assertThat(gateway.postAuthorized("/chat/completions", body, "X-Sim-Status", "500")
                            .statusCode())
                    .isEqualTo(502);
        }
        String page = page("/" + model + "/uptime").body();
        assertThat(page).contains("data-metric=\"uptime-30m\">50.0%");
        assertThat(page).contains("class=\"incidents-table\"");
        String incidents = page.substring(page.indexOf("class=\"incidents-table\""));
        assertThat(incidents).contains("<td class=\"num\">6</td>").contains("50.0%");
    }

    @Test
    void searchTextIsEscaped() throws Exception {
        HttpResponse<String> response = page("/models?q=%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
    }

    private static void assertBadRequest(String path, String message) throws Exception {
        HttpResponse<String> response = page(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.body()).as(path).contains(message);
    }
}
