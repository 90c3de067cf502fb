package io.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the jar: it loads quickly and is internally consistent. */
class CatalogLoaderTest {
    private static Catalog bundled;
    private static long firstLoadMillis;

    @BeforeAll
    static void loadOnce() {
        long start = System.nanoTime();
        bundled = CatalogLoader.loadBundled();
        firstLoadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void loadsQuickly() {
        long start = System.nanoTime();
        Catalog again = CatalogLoader.loadBundled();
        long warmMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("bundled catalog load: first in this JVM %d ms, again %d ms%n", firstLoadMillis, warmMillis);
        assertThat(again.models()).hasSameSizeAs(bundled.models());
        // Generous bounds for a shared CI machine; the real numbers are printed above.
        assertThat(firstLoadMillis).isLessThan(5_000);
        assertThat(warmMillis).isLessThan(2_000);
    }

    @Test
    void hasEveryOpenRouterModel() {
        assertThat(bundled.models()).hasSizeGreaterThanOrEqualTo(414);
        assertThat(bundled.model("meta-llama/llama-3.3-70b-instruct")).isPresent();
        assertThat(bundled.model("openrouter/auto")).isPresent();
    }

    @Test
    void gpt5IsComplete() {
        Model gpt5 = bundled.model("openai/gpt-5").orElseThrow();
        assertThat(gpt5.name()).isEqualTo("OpenAI: GPT-5");
        assertThat(gpt5.author()).isEqualTo("openai");
        assertThat(gpt5.canonicalSlug()).isEqualTo("openai/gpt-5-2025-08-07");
        assertThat(gpt5.requiresByok()).isTrue();
        assertThat(gpt5.contextLength()).isEqualTo(400000);
        assertThat(gpt5.pricing().prompt()).isEqualTo(new BigDecimal("0.00000125"));
        assertThat(gpt5.pricing().completion()).isEqualTo(new BigDecimal("0.00001"));
        assertThat(gpt5.supportedParameters()).contains("tools", "reasoning", "max_tokens");
        // The verbatim source has no trace of the catalog's own field.
        assertThat(gpt5.source().path("id").asString()).isEqualTo("openai/gpt-5");
        assertThat(gpt5.source().has(CatalogJson.REQUIRES_BYOK)).isFalse();
        Endpoint openai = bundled.endpoints("openai/gpt-5").getFirst();
        assertThat(openai.providerSlug()).isEqualTo("openai");
        assertThat(openai.upstreamModel()).isEqualTo("gpt-5");
        assertThat(openai.pricing().prompt()).isEqualByComparingTo("0.00000125");
        assertThat(openai.maxOutput()).contains(128000L);
        assertThat(openai.id()).isEqualTo("openai:openai/gpt-5");
    }

    @Test
    void providersAreWired() {
        Provider openai = bundled.provider("openai").orElseThrow();
        assertThat(openai.wireFormat()).isEqualTo(WireFormat.OPENAI);
        assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(bundled.provider("anthropic").orElseThrow().wireFormat()).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(bundled.provider("google-ai-studio").orElseThrow().wireFormat())
                .isEqualTo(WireFormat.GEMINI);
        Provider groq = bundled.provider("groq").orElseThrow();
        assertThat(groq.name()).isEqualTo("Groq");
        assertThat(groq.unsupportedParameters()).contains("logit_bias", "logprobs");
        assertThat(bundled.provider("together").orElseThrow().name()).isEqualTo("Together");
        assertThat(bundled.provider(ProviderTable.FALLBACK)).isPresent();
    }

    @Test
    void everyEndpointsProviderExistsAndEveryModelHasAnEndpoint() {
        for (Endpoint endpoint : bundled.allEndpoints()) {
            assertThat(bundled.provider(endpoint.providerSlug()))
                    .as(endpoint.id())
                    .isPresent();
            assertThat(bundled.model(endpoint.modelId())).as(endpoint.id()).isPresent();
        }
        for (Model model : bundled.models()) {
            assertThat(bundled.endpoints(model.id())).as(model.id()).isNotEmpty();
        }
    }

    @Test
    void pricesAreExactAndNeverNegativeExceptRouterPlaceholders() {
        for (Endpoint endpoint : bundled.allEndpoints()) {
            if (endpoint.modelId().startsWith("openrouter/")) {
                continue; // OpenRouter's routers publish "-1": priced by whatever they route to
            }
            assertThat(endpoint.pricing().prompt().signum()).as(endpoint.id()).isNotNegative();
            assertThat(endpoint.pricing().completion().signum())
                    .as(endpoint.id())
                    .isNotNegative();
        }
        Endpoint groq = bundled.endpoints("meta-llama/llama-3.3-70b-instruct").stream()
                .filter(endpoint -> endpoint.providerSlug().equals("groq"))
                .findFirst()
                .orElseThrow();
        assertThat(groq.pricing().prompt()).isEqualByComparingTo("0.00000059");
    }

    @Test
    void severalHostsServeOpenWeightModels() {
        List<String> providers = bundled.endpoints("meta-llama/llama-3.3-70b-instruct").stream()
                .map(Endpoint::providerSlug)
                .toList();
        assertThat(providers)
                .contains("together", "groq", "deepinfra", "fireworks")
                .doesNotHaveDuplicates();
    }

    @Test
    void rejectsWhatIsNotACatalog() {
        assertThatThrownBy(() -> CatalogLoader.load(stream("{not json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CatalogLoader.load(stream("{\"format\":99}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 99");
        String dangling = "{\"format\":1,\"providers\":[],\"models\":[],\"endpoints\":[{\"model\":\"a/b\","
                + "\"provider\":\"x\",\"upstream_model\":\"b\",\"pricing\":{},\"supported_parameters\":[]}]}";
        assertThatThrownBy(() -> CatalogLoader.load(stream(dangling)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
