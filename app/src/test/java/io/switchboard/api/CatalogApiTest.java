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

class CatalogApiTest {
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
    void modelsListsTheCatalogWithOpenRouterFieldsWithoutAKey() throws Exception {
        HttpResponse<String> response = gateway.get("/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode root = Json.MAPPER.readTree(response.body());
        JsonNode models = root.path("data");
        assertThat(models.size()).isGreaterThan(300);
        assertThat(root.path("total_count").asInt()).isEqualTo(models.size());
        JsonNode gpt5 = find(models, "openai/gpt-5");
        assertThat(gpt5.path("canonical_slug").asString()).isEqualTo("openai/gpt-5-2025-08-07");
        assertThat(gpt5.path("context_length").asLong()).isEqualTo(400000);
        assertThat(gpt5.path("pricing").path("prompt").asString()).isEqualTo("0.00000125");
        assertThat(gpt5.path("architecture").path("input_modalities").toString())
                .contains("image");
        assertThat(gpt5.path("supported_parameters").toString()).contains("tools");
        models.forEach(model -> assertThat(
                        model.path("architecture").path("output_modalities").toString())
                .contains("text"));
    }

    @Test
    void modelsFiltersBySupportedParametersAndOutputModalities() throws Exception {
        JsonNode all = Json.MAPPER
                .readTree(gateway.get("/models?output_modalities=all").body())
                .path("data");
        JsonNode textOnly = Json.MAPPER.readTree(gateway.get("/models").body()).path("data");
        JsonNode withTools = Json.MAPPER
                .readTree(gateway.get("/models?supported_parameters=tools,response_format")
                        .body())
                .path("data");
        JsonNode images = Json.MAPPER
                .readTree(gateway.get("/models?output_modalities=image").body())
                .path("data");

        assertThat(all.size()).isGreaterThanOrEqualTo(textOnly.size());
        assertThat(withTools.size()).isPositive().isLessThan(textOnly.size());
        withTools.forEach(
                model -> assertThat(strings(model.path("supported_parameters"))).contains("tools", "response_format"));
        images.forEach(model -> assertThat(strings(model.path("architecture").path("output_modalities")))
                .contains("image"));
    }

    @Test
    void endpointsListsOneEntryPerProviderWithPricesAndNullHealthUntilMeasured() throws Exception {
        HttpResponse<String> response = gateway.get("/models/meta-llama/llama-3.3-70b-instruct/endpoints");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = Json.MAPPER.readTree(response.body()).path("data");
        assertThat(data.path("id").asString()).isEqualTo("meta-llama/llama-3.3-70b-instruct");
        JsonNode endpoints = data.path("endpoints");
        assertThat(endpoints.size()).isGreaterThan(3);
        List<String> tags = new ArrayList<>();
        endpoints.forEach(endpoint -> {
            tags.add(endpoint.path("tag").asString());
            assertThat(endpoint.path("provider_name").asString()).isNotBlank();
            assertThat(endpoint.path("pricing").path("prompt").asString()).matches("[0-9.]+");
            assertThat(endpoint.path("context_length").asLong()).isPositive();
            assertThat(endpoint.has("max_completion_tokens")).isTrue();
            assertThat(endpoint.has("quantization")).isTrue();
            assertThat(endpoint.path("supported_parameters").isArray()).isTrue();
            assertThat(endpoint.path("status").asInt()).isZero();
            assertThat(endpoint.path("uptime_last_30m").isNull()).isTrue();
            assertThat(endpoint.path("latency_last_30m").isNull()).isTrue();
            assertThat(endpoint.path("throughput_last_30m").isNull()).isTrue();
        });
        assertThat(tags).contains("together", "groq");
    }

    @Test
    void unknownModelEndpointsIs404() throws Exception {
        HttpResponse<String> response = gateway.get("/models/acme/nothing/endpoints");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER
                        .readTree(response.body())
                        .path("error")
                        .path("message")
                        .asString())
                .contains("acme/nothing");
    }

    @Test
    void providersListsSlugsAndNames() throws Exception {
        JsonNode providers =
                Json.MAPPER.readTree(gateway.get("/providers").body()).path("data");

        assertThat(strings(providers, "slug")).contains("openai", "anthropic", "together", "groq");
        assertThat(strings(providers, "name")).contains("OpenAI", "Together");
    }

    private static JsonNode find(JsonNode models, String id) {
        for (JsonNode model : models) {
            if (model.path("id").asString().equals(id)) {
                return model;
            }
        }
        throw new AssertionError(id + " not listed");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString()));
        return values;
    }
}
