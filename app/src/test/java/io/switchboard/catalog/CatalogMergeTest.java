package io.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Config overrides on a small hand-made catalog, plus one on the bundled one. */
class CatalogMergeTest {
    private static final Provider ACME = provider("acme", "https://api.acme.test/v1", "ACME_API_KEY");
    private static final Model WIDGET = model("acme/widget-1");
    private static final Endpoint WIDGET_AT_ACME = endpoint("acme/widget-1", "acme", "widget-1", "0.000001");
    private static final Catalog BASE = new Catalog(List.of(ACME), List.of(WIDGET), List.of(WIDGET_AT_ACME));

    @Test
    void providerSettingsChangeOnlyWhatIsGiven() {
        Catalog merged = CatalogMerge.withProviderSettings(
                BASE, List.of(new ProviderOverride("acme", "http://localhost:9999/v1", null)));
        Provider acme = merged.provider("acme").orElseThrow();
        assertThat(acme.baseUrl()).isEqualTo("http://localhost:9999/v1");
        assertThat(acme.apiKeyEnv()).isEqualTo("ACME_API_KEY");
        assertThat(acme.name()).isEqualTo(ACME.name());
        assertThat(merged.endpoints("acme/widget-1")).containsExactly(WIDGET_AT_ACME);
        // The base snapshot is untouched.
        assertThat(BASE.provider("acme").orElseThrow().baseUrl()).isEqualTo("https://api.acme.test/v1");

        Catalog keyOnly =
                CatalogMerge.withProviderSettings(BASE, List.of(new ProviderOverride("acme", null, "OTHER_KEY")));
        assertThat(keyOnly.provider("acme").orElseThrow().baseUrl()).isEqualTo("https://api.acme.test/v1");
        assertThat(keyOnly.provider("acme").orElseThrow().apiKeyEnv()).isEqualTo("OTHER_KEY");
    }

    @Test
    void anOverrideForAnUnknownProviderFails() {
        assertThatThrownBy(() -> CatalogMerge.withProviderSettings(
                        BASE, List.of(new ProviderOverride("acmee", "http://x", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acmee");
    }

    @Test
    void extraProvidersModelsAndEndpointsAreAdded() {
        Provider local = provider("local-vllm", "http://localhost:8000/v1", "VLLM_KEY");
        Model mine = model("me/my-model");
        Endpoint mineAtLocal = endpoint("me/my-model", "local-vllm", "my-model", "0");
        Endpoint widgetAtLocal = endpoint("acme/widget-1", "local-vllm", "widget-1", "0.0000005");
        Catalog merged =
                CatalogMerge.withOverrides(BASE, List.of(local), List.of(mine), List.of(mineAtLocal, widgetAtLocal));
        assertThat(merged.providers()).extracting(Provider::slug).containsExactly("acme", "local-vllm");
        assertThat(merged.models()).extracting(Model::id).containsExactly("acme/widget-1", "me/my-model");
        assertThat(merged.endpoints("me/my-model")).containsExactly(mineAtLocal);
        assertThat(merged.endpoints("acme/widget-1")).containsExactly(WIDGET_AT_ACME, widgetAtLocal);
    }

    @Test
    void sameIdsReplace() {
        Provider movedAcme = provider("acme", "https://eu.acme.test/v1", "ACME_EU_KEY");
        Model renamed = model("acme/widget-1");
        Endpoint repriced = endpoint("acme/widget-1", "acme", "widget-1-2026", "0.000002");
        Catalog merged = CatalogMerge.withOverrides(BASE, List.of(movedAcme), List.of(renamed), List.of(repriced));
        assertThat(merged.providers()).containsExactly(movedAcme);
        assertThat(merged.model("acme/widget-1")).containsSame(renamed);
        assertThat(merged.endpoints("acme/widget-1")).containsExactly(repriced);
    }

    @Test
    void endpointsMustPointAtKnownModelsAndProviders() {
        assertThatThrownBy(() -> CatalogMerge.withOverrides(
                        BASE, List.of(), List.of(), List.of(endpoint("nobody/none", "acme", "none", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model");
        assertThatThrownBy(() -> CatalogMerge.withOverrides(
                        BASE, List.of(), List.of(), List.of(endpoint("acme/widget-1", "ghost", "w", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown provider");
    }

    @Test
    void theBundledCatalogTakesOverrides() {
        Catalog bundled = CatalogLoader.loadBundled();
        Catalog merged = CatalogMerge.withProviderSettings(
                bundled, List.of(new ProviderOverride("together", "http://simulator:8080/together/v1", null)));
        assertThat(merged.provider("together").orElseThrow().baseUrl()).isEqualTo("http://simulator:8080/together/v1");
        assertThat(merged.models()).hasSameSizeAs(bundled.models());
        assertThat(merged.allEndpoints()).hasSameSizeAs(bundled.allEndpoints());
        assertThat(merged.endpoints("meta-llama/llama-3.3-70b-instruct"))
                .isEqualTo(bundled.endpoints("meta-llama/llama-3.3-70b-instruct"));
    }

    @Test
    void configObjectsUseTheBundledShapes() {
        Provider provider = CatalogLoader.provider(
                CatalogJson.MAPPER.readTree(
                        "{\"slug\":\"local\",\"name\":\"Local\","
                                + "\"wire_format\":\"OPENAI\",\"base_url\":\"http://localhost:8000/v1\",\"api_key_env\":\"LOCAL_KEY\"}"));
        assertThat(provider.dataPolicy()).isEqualTo(DataPolicy.UNKNOWN);
        assertThat(provider.unsupportedParameters()).isEmpty();
        Model model = CatalogLoader.model(
                (ObjectNode)
                        CatalogJson.MAPPER.readTree(
                                "{\"id\":\"me/tiny\",\"name\":\"Tiny\",\"requires_byok\":true,\"pricing\":{\"prompt\":\"0.0000001\"}}"));
        assertThat(model.requiresByok()).isTrue();
        assertThat(model.source().has("requires_byok")).isFalse();
        assertThat(model.pricing().completion()).isZero();
        Endpoint endpoint =
                CatalogLoader.endpoint(CatalogJson.MAPPER.readTree("{\"model\":\"me/tiny\",\"provider\":\"local\","
                        + "\"upstream_model\":\"tiny\",\"pricing\":{\"prompt\":\"0.0000001\",\"completion\":\"0.0000002\"},"
                        + "\"context_length\":8192}"));
        assertThat(endpoint.tag()).isEqualTo("local");
        assertThat(endpoint.maxCompletionTokens()).isNull();
        Catalog merged = CatalogMerge.withOverrides(BASE, List.of(provider), List.of(model), List.of(endpoint));
        assertThat(merged.endpoints("me/tiny")).containsExactly(endpoint);
    }

    private static Provider provider(String slug, String baseUrl, String keyEnv) {
        return new Provider(
                slug, slug.toUpperCase(), WireFormat.OPENAI, baseUrl, keyEnv, DataPolicy.UNKNOWN, List.of());
    }

    private static Model model(String id) {
        ObjectNode source = CatalogJson.MAPPER.createObjectNode();
        source.put("id", id);
        source.put("name", id);
        source.put("context_length", 32768);
        source.putObject("pricing").put("prompt", "0.000001").put("completion", "0.000002");
        return CatalogJson.model(source);
    }

    private static Endpoint endpoint(String modelId, String provider, String upstream, String prompt) {
        return new Endpoint(
                modelId,
                provider,
                provider,
                upstream,
                Pricing.of(new BigDecimal(prompt), new BigDecimal(prompt)),
                32768,
                null,
                null,
                List.of("max_tokens"));
    }
}
