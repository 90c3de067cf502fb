package io.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pins the import rules on concrete rows of the real source files ({@code shared/data}, beside the repository) and
 * the name rules on their own. Tests that need the files are skipped when they are absent.
 */
class CatalogImporterTest {
    private static final String OPENROUTER_FILE = "openrouter-models-2026-08.json";
    private static final String LITELLM_FILE = "litellm-model-prices.json";

    private static CatalogImporter.Result result;
    private static JsonNode openRouterSource;

    // ---- name normalisation (no data needed) ----

    @Test
    void versionPunctuationOrgPathsAndCaseDoNotMatter() {
        String expected = strict("meta-llama/llama-3.3-70b-instruct");
        assertThat(strict("accounts/fireworks/models/llama-v3p3-70b-instruct")).isEqualTo(expected);
        assertThat(strict("meta-llama/Llama-3.3-70B-Instruct")).isEqualTo(expected);
        assertThat(strict("Meta-Llama-3.3-70B-Instruct")).isEqualTo(expected);
        assertThat(strict("llama3.3-70b-instruct")).isEqualTo(expected);
        assertThat(strict("moonshotai/kimi-k2.6:free")).isEqualTo(strict("kimi-k2p6"));
    }

    @Test
    void releaseTagsAndVariantsStayDistinct() {
        assertThat(strict("Qwen3-235B-A22B-Instruct-2507")).isNotEqualTo(strict("Qwen3-235B-A22B-Instruct"));
        assertThat(strict("Kimi-K2-Instruct-0905")).isNotEqualTo(strict("Kimi-K2-Instruct"));
        assertThat(strict("DeepSeek-R1-0528")).isNotEqualTo(strict("DeepSeek-R1"));
        assertThat(strict("qwen3-30b-a3b-thinking-2507")).isNotEqualTo(strict("qwen3-30b-a3b-instruct-2507"));
        assertThat(strict("glm-5p1-fast")).isNotEqualTo(strict("glm-5.1"));
    }

    @Test
    void servingSuffixesAreNoiseOnlyWhenAsked() {
        assertThat(strict("Qwen/Qwen3-235B-A22B-Instruct-2507-tput"))
                .isEqualTo(strict("Qwen3-235B-A22B-Instruct-2507"));
        assertThat(strict("meta-llama/Llama-3.3-70B-Instruct-Turbo")).isEqualTo(strict("llama-3.3-70b-instruct"));
        // At a maker a turbo is its own model.
        assertThat(ModelNames.normalize("glm-5-turbo", false).strict()).isEqualTo("glm-5-turbo");
        assertThat(ModelNames.normalize("gpt-4-turbo", false).strict()).isNotEqualTo("gpt-4");
    }

    @Test
    void quantisationWordsAreDroppedAndReported() {
        ModelNames.Normalized fp8 = ModelNames.normalize("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", true);
        assertThat(fp8.quantization()).isEqualTo("fp8");
        assertThat(fp8.strict()).isEqualTo(strict("meta-llama/Llama-4-Maverick-17B-128E-Instruct"));
        assertThat(ModelNames.normalize("llama-3.3-70b", true).quantization()).isNull();
    }

    @Test
    void onlyFullSnapshotDatesAreDates() {
        assertThat(ModelNames.withoutSnapshotDate(first("claude-3-haiku-20240307")))
                .isEqualTo(first("claude-3-haiku"));
        assertThat(ModelNames.withoutSnapshotDate(first("gpt-5-2025-08-07"))).isEqualTo(first("gpt-5"));
        assertThat(ModelNames.withoutSnapshotDate(first("deepseek-r1-0528"))).isNull();
        assertThat(ModelNames.withoutSnapshotDate(first("mistral-large-2407"))).isNull();
    }

    @Test
    void litellmEntriesThatWouldMisleadAreSkipped() {
        JsonNode chat = json("{\"litellm_provider\":\"together_ai\",\"mode\":\"chat\","
                + "\"input_cost_per_token\":1e-07,\"output_cost_per_token\":2e-07}");
        assertThat(LiteLlmIndex.entry("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", chat))
                .isPresent();
        // Promotions priced at zero, pricing tiers that are not models, moving aliases, fine-tunes, other modes.
        assertThat(LiteLlmIndex.entry("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free", chat))
                .isEmpty();
        assertThat(LiteLlmIndex.entry("together-ai-4.1b-8b", chat)).isEmpty();
        JsonNode mistral = json("{\"litellm_provider\":\"mistral\",\"mode\":\"chat\"}");
        assertThat(LiteLlmIndex.entry("mistral/mistral-large-latest", mistral)).isEmpty();
        JsonNode openai = json("{\"litellm_provider\":\"openai\",\"mode\":\"chat\"}");
        assertThat(LiteLlmIndex.entry("ft:gpt-4o-2024-08-06", openai)).isEmpty();
        assertThat(LiteLlmIndex.entry("gpt-4o", openai)).isPresent();
        JsonNode embedding = json("{\"litellm_provider\":\"openai\",\"mode\":\"embedding\"}");
        assertThat(LiteLlmIndex.entry("text-embedding-3-small", embedding)).isEmpty();
        JsonNode openrouter = json("{\"litellm_provider\":\"openrouter\",\"mode\":\"chat\"}");
        assertThat(LiteLlmIndex.entry("openrouter/openai/gpt-4o", openrouter)).isEmpty();
    }

    @Test
    void aBaseModelIsNeverTakenForTheChatModel() {
        String price = ",\"mode\":\"chat\",\"input_cost_per_token\":1e-07,\"output_cost_per_token\":1e-07}";
        LiteLlmIndex index = LiteLlmIndex.of(json("{"
                + "\"fireworks_ai/accounts/fireworks/models/llama-v3p2-3b\":{\"litellm_provider\":\"fireworks_ai\""
                + price
                + ",\"fireworks_ai/accounts/fireworks/models/llama-v3p2-3b-instruct\":"
                + "{\"litellm_provider\":\"fireworks_ai\"" + price
                + ",\"groq/llama-3.3-70b-versatile\":{\"litellm_provider\":\"groq\"" + price + "}"));
        // Fireworks lists the base and the instruct model: an id without "instruct" still gets the instruct one.
        for (String id : List.of("meta-llama/llama-3.2-3b", "meta-llama/llama-3.2-3b-instruct")) {
            assertThat(index.openWeightMatches(List.of(id), Optional.empty(), _ -> true))
                    .as(id)
                    .containsOnlyKeys("fireworks")
                    .extractingByKey("fireworks")
                    .extracting(LiteLlmEntry::upstreamModel)
                    .isEqualTo("accounts/fireworks/models/llama-v3p2-3b-instruct");
        }
        // Groq's name leaves "instruct" out; the loose tier finds it.
        assertThat(index.openWeightMatches(List.of("meta-llama/llama-3.3-70b-instruct"), Optional.empty(), _ -> true))
                .containsOnlyKeys("groq");
        // The plausibility check can veto a match.
        assertThat(index.openWeightMatches(List.of("meta-llama/llama-3.3-70b-instruct"), Optional.empty(), _ -> false))
                .isEmpty();
    }

    // ---- rules on the real data ----

    @Test
    void everyOpenRouterModelIsImportedWithItsSourceVerbatim() {
        Catalog catalog = result().catalog();
        JsonNode data = openRouterSource.path("data");
        assertThat(catalog.models()).hasSize(414).hasSize(data.size());
        for (JsonNode source : data.values()) {
            Model model = catalog.model(source.path("id").asString()).orElseThrow();
            assertThat(model.source()).isEqualTo(source);
        }
        Model gpt5 = catalog.model("openai/gpt-5").orElseThrow();
        assertThat(gpt5.canonicalSlug()).isEqualTo("openai/gpt-5-2025-08-07");
        assertThat(gpt5.pricing().prompt()).isEqualTo(new BigDecimal("0.00000125"));
        assertThat(gpt5.pricing().inputCacheRead()).isEqualTo(new BigDecimal("0.000000125"));
        assertThat(gpt5.inputModalities()).contains("text", "image");
    }

    @Test
    void everyModelIsRoutable() {
        Catalog catalog = result().catalog();
        for (Model model : catalog.models()) {
            assertThat(catalog.endpoints(model.id())).as(model.id()).isNotEmpty();
        }
    }

    @Test
    void openWeightModelsGetOneEndpointPerHostWithThatHostsLitellmPrices() {
        Map<String, Endpoint> llama = byProvider("meta-llama/llama-3.3-70b-instruct");
        assertThat(llama).containsKeys("together", "groq", "deepinfra", "fireworks", "cerebras");
        assertEndpoint(llama.get("together"), "meta-llama/Llama-3.3-70B-Instruct-Turbo", "0.00000088", "0.00000088");
        assertEndpoint(llama.get("groq"), "llama-3.3-70b-versatile", "0.00000059", "0.00000079");
        assertThat(llama.get("groq").contextLength()).isEqualTo(128000);
        assertThat(llama.get("groq").maxCompletionTokens()).isEqualTo(32768L);
        // DeepInfra lists the model and its -Turbo: the plain one wins.
        assertEndpoint(llama.get("deepinfra"), "meta-llama/Llama-3.3-70B-Instruct", "0.00000023", "0.0000004");
        assertEndpoint(
                llama.get("fireworks"), "accounts/fireworks/models/llama-v3p3-70b-instruct", "0.0000009", "0.0000009");
        // Together gives no context: OpenRouter's stands in. No output cap stays null.
        assertThat(llama.get("together").contextLength()).isEqualTo(131072);
        assertThat(llama.get("together").maxCompletionTokens()).isNull();
        assertThat(llama.values())
                .allSatisfy(endpoint -> assertThat(endpoint.quantization()).isNull());
    }

    @Test
    void cacheReadPricesComeFromLitellm() {
        Endpoint fireworks = byProvider("openai/gpt-oss-120b").get("fireworks");
        assertEndpoint(fireworks, "accounts/fireworks/models/gpt-oss-120b", "0.00000015", "0.0000006");
        assertThat(fireworks.pricing().inputCacheRead()).isEqualByComparingTo("0.000000015");
    }

    @Test
    void makersServeOpenWeightModelsOnlyWhenLitellmSaysSo() {
        Map<String, Endpoint> gptOss = byProvider("openai/gpt-oss-120b");
        assertThat(gptOss).doesNotContainKey("openai").containsKeys("groq", "cerebras", "together", "deepinfra");
        Map<String, Endpoint> deepseek = byProvider("deepseek/deepseek-v4-pro");
        assertEndpoint(deepseek.get("deepseek"), "deepseek-v4-pro", "0.000000435", "0.00000087");
        // Perplexity once hosted Llama 3.1; a maker is only a host for its own models.
        assertThat(byProvider("meta-llama/llama-3.1-8b-instruct")).doesNotContainKey("perplexity");
    }

    @Test
    void releaseTagsKeepModelsApart() {
        assertThat(byProvider("qwen/qwen3-235b-a22b-2507").values())
                .isNotEmpty()
                .allSatisfy(endpoint -> assertThat(endpoint.upstreamModel()).contains("2507"));
        assertThat(byProvider("qwen/qwen3-235b-a22b").values())
                .isNotEmpty()
                .allSatisfy(endpoint -> assertThat(endpoint.upstreamModel()).doesNotContain("2507"));
        assertThat(byProvider("moonshotai/kimi-k2").values())
                .allSatisfy(endpoint -> assertThat(endpoint.upstreamModel()).doesNotContain("0905"));
        assertThat(byProvider("moonshotai/kimi-k2-0905").values())
                .isNotEmpty()
                .allSatisfy(endpoint -> assertThat(endpoint.upstreamModel()).contains("0905"));
    }

    @Test
    void noHostEntryServesTwoDifferentOpenWeightModels() {
        Catalog catalog = result().catalog();
        Map<String, Set<String>> modelsByUpstream = new HashMap<>();
        for (Model model : catalog.models()) {
            if (model.id().contains(":")
                    || CatalogImporter.aliasTarget(model).isPresent()
                    || CatalogImporter.huggingFaceId(model).isEmpty()) {
                continue;
            }
            for (Endpoint endpoint : catalog.endpoints(model.id())) {
                if (!endpoint.providerSlug().equals(ProviderTable.FALLBACK)) {
                    modelsByUpstream
                            .computeIfAbsent(
                                    endpoint.providerSlug() + " " + endpoint.upstreamModel(), _ -> new HashSet<>())
                            .add(model.id());
                }
            }
        }
        assertThat(modelsByUpstream)
                .isNotEmpty()
                .allSatisfy(
                        (upstream, models) -> assertThat(models).as(upstream).hasSize(1));
    }

    @Test
    void proprietaryModelsGoToTheirMakerWithOpenRouterFigures() {
        Model gpt5 = result().catalog().model("openai/gpt-5").orElseThrow();
        assertThat(result().catalog().endpoints("openai/gpt-5")).singleElement().satisfies(endpoint -> {
            assertEndpoint(endpoint, "gpt-5", "0.00000125", "0.00001");
            assertThat(endpoint.providerSlug()).isEqualTo("openai");
            assertThat(endpoint.contextLength()).isEqualTo(400000);
            assertThat(endpoint.maxCompletionTokens()).isEqualTo(128000L);
            assertThat(endpoint.supportedParameters()).isEqualTo(gpt5.supportedParameters());
        });
        // Upstream names: LiteLLM's when it has one, with Anthropic's dashes and snapshot dates.
        assertThat(only("anthropic/claude-opus-4.7").upstreamModel()).isEqualTo("claude-opus-4-7");
        assertThat(only("anthropic/claude-3-haiku").upstreamModel()).isEqualTo("claude-3-haiku-20240307");
        assertThat(only("google/gemini-2.5-pro").providerSlug()).isEqualTo("google-ai-studio");
        assertThat(only("x-ai/grok-4.5").providerSlug()).isEqualTo("xai");
        assertThat(only("qwen/qwen3-max").providerSlug()).isEqualTo("alibaba");
        // Serving words are part of a maker's name.
        assertThat(only("z-ai/glm-5-turbo").upstreamModel()).isEqualTo("glm-5-turbo");
        assertThat(only("openai/gpt-4-turbo").upstreamModel()).isEqualTo("gpt-4-turbo");
        // Names LiteLLM lacks: from the slug, or from the short override table.
        assertThat(only("x-ai/grok-4.20").upstreamModel()).isEqualTo("grok-4.20");
        assertThat(only("anthropic/claude-opus-4.8-fast").upstreamModel()).isEqualTo("claude-opus-4-8-fast");
        assertThat(only("openai/o4-mini-high").upstreamModel()).isEqualTo("o4-mini");
    }

    @Test
    void onlyGpt5RequiresByok() {
        List<String> byok = result().catalog().models().stream()
                .filter(Model::requiresByok)
                .map(Model::id)
                .toList();
        assertThat(byok).containsExactly("openai/gpt-5");
    }

    @Test
    void freeVariantsCopyTheBaseEndpointsAtPriceZero() {
        Map<String, Endpoint> base = byProvider("openai/gpt-oss-20b");
        Map<String, Endpoint> free = byProvider("openai/gpt-oss-20b:free");
        assertThat(free.keySet()).isEqualTo(base.keySet());
        free.forEach((provider, endpoint) -> {
            assertThat(endpoint.pricing().isFree()).isTrue();
            assertThat(endpoint.upstreamModel()).isEqualTo(base.get(provider).upstreamModel());
        });
        // With no host known, OpenRouter's own :free variant is used upstream.
        assertThat(only("nvidia/nemotron-3.5-lightning:free")).satisfies(endpoint -> {
            assertThat(endpoint.providerSlug()).isEqualTo(ProviderTable.FALLBACK);
            assertThat(endpoint.upstreamModel()).isEqualTo("nvidia/nemotron-3.5-lightning:free");
            assertThat(endpoint.pricing().isFree()).isTrue();
        });
    }

    @Test
    void otherVariantsUseTheMakerWithTheirOwnPrices() {
        assertThat(only("openai/gpt-5:batch")).satisfies(endpoint -> {
            assertEndpoint(endpoint, "gpt-5", "0.000000625", "0.000005");
            assertThat(endpoint.providerSlug()).isEqualTo("openai");
        });
        assertThat(only("qwen/qwen-plus-2025-07-28:thinking").upstreamModel()).isEqualTo("qwen-plus-2025-07-28");
    }

    @Test
    void aliasesFollowTheirTarget() {
        assertThat(only("~anthropic/claude-opus-latest")).satisfies(endpoint -> {
            assertThat(endpoint.providerSlug()).isEqualTo("anthropic");
            assertThat(endpoint.upstreamModel()).isEqualTo("claude-opus-5");
        });
    }

    @Test
    void unmatchedModelsFallBackToAnOpenRouterCompatibleUpstream() {
        for (String id : List.of("thedrummer/rocinante-12b", "openrouter/auto", "amazon/nova-pro-v1")) {
            Endpoint endpoint = only(id);
            assertThat(endpoint.providerSlug()).as(id).isEqualTo(ProviderTable.FALLBACK);
            assertThat(endpoint.upstreamModel()).as(id).isEqualTo(id);
        }
        // Router pseudo-models keep OpenRouter's "-1" (priced by what they route to).
        assertThat(only("openrouter/auto").pricing().prompt()).isEqualByComparingTo("-1");
    }

    @Test
    void quantisationComesFromTheHostsName() {
        assertThat(byProvider("meta-llama/llama-4-maverick").get("together").quantization())
                .isEqualTo("fp8");
    }

    @Test
    void parametersOfHostEndpointsFollowLitellmFlags() {
        Map<String, Endpoint> llama = byProvider("meta-llama/llama-3.3-70b-instruct");
        // groq: function calling yes, response schema no; its unsupported parameters are dropped.
        assertThat(llama.get("groq").supportedParameters())
                .contains("max_tokens", "temperature", "top_p", "stop", "tools", "tool_choice")
                .doesNotContain("response_format", "logit_bias", "logprobs", "reasoning");
        assertThat(llama.get("together").supportedParameters()).contains("response_format", "structured_outputs");
        // Reasoning models get reasoning parameters; nothing outside OpenRouter's union appears.
        Model gptOss = result().catalog().model("openai/gpt-oss-120b").orElseThrow();
        assertThat(byProvider("openai/gpt-oss-120b").get("fireworks").supportedParameters())
                .contains("reasoning", "include_reasoning")
                .allSatisfy(
                        parameter -> assertThat(gptOss.supportedParameters()).contains(parameter));
    }

    @Test
    void reportCountsAddUp() {
        ImportReport report = result().report();
        Catalog catalog = result().catalog();
        assertThat(report.models()).isEqualTo(414);
        assertThat(report.providers()).isEqualTo(catalog.providers().size()).isGreaterThanOrEqualTo(20);
        assertThat(report.endpoints()).isEqualTo(catalog.allEndpoints().size());
        assertThat(report.endpointsByOrigin().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(report.endpoints());
        assertThat(report.endpointsByProvider().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(report.endpoints());
        assertThat(report.modelsWithMultipleEndpoints()).isGreaterThan(50);
        assertThat(report.litellmByProvider().get("together").matched()).isGreaterThan(15);
        assertThat(report.litellmByProvider().get("groq").matched()).isGreaterThanOrEqualTo(8);
        assertThat(report.fallbackModels()).contains("thedrummer/rocinante-12b").doesNotContain("openai/gpt-5");
        assertThat(report.rejectedLitellmPrices()).isEmpty();
        assertThat(report.summary()).contains("models: 414", "models with >1 endpoint: ");
    }

    @Test
    void theJsonRoundTripsThroughTheLoader(@TempDir Path folder) throws IOException {
        Catalog built = result().catalog();
        Path data = dataDir().orElseThrow();
        Path output = folder.resolve("nested/catalog.json");
        ImportReport report =
                CatalogImporter.importTo(data.resolve(OPENROUTER_FILE), data.resolve(LITELLM_FILE), output);
        Catalog loaded;
        try (InputStream in = Files.newInputStream(output)) {
            loaded = CatalogLoader.load(in);
        }
        assertThat(loaded.models()).hasSize(report.models());
        assertThat(loaded.allEndpoints()).hasSize(report.endpoints());
        for (Model model : built.models()) {
            assertThat(json(loaded.endpoints(model.id()))).isEqualTo(json(built.endpoints(model.id())));
            assertThat(loaded.model(model.id()).orElseThrow().source()).isEqualTo(model.source());
        }
        JsonNode written = CatalogJson.MAPPER.readTree(output.toFile());
        assertThat(written.path("sources").findValuesAsString("file")).containsExactly(OPENROUTER_FILE, LITELLM_FILE);
        assertThat(written.path("sources").findValuesAsString("licence")).contains("MIT");
        assertThat(written.path("generated_at").asString()).isNotBlank();
    }

    // ---- helpers ----

    private static String strict(String name) {
        return ModelNames.normalize(name, true).strict();
    }

    private static String first(String name) {
        return ModelNames.normalize(name, false).strict();
    }

    private static JsonNode json(String text) {
        return CatalogJson.MAPPER.readTree(text);
    }

    private static List<JsonNode> json(List<Endpoint> endpoints) {
        return endpoints.stream()
                .map(endpoint -> (JsonNode) CatalogJson.endpoint(endpoint))
                .toList();
    }

    private static void assertEndpoint(Endpoint endpoint, String upstream, String prompt, String completion) {
        assertThat(endpoint).isNotNull();
        assertThat(endpoint.upstreamModel()).isEqualTo(upstream);
        assertThat(endpoint.pricing().prompt()).as("prompt").isEqualByComparingTo(prompt);
        assertThat(endpoint.pricing().completion()).as("completion").isEqualByComparingTo(completion);
    }

    private static Map<String, Endpoint> byProvider(String modelId) {
        return result().catalog().endpoints(modelId).stream()
                .collect(Collectors.toMap(Endpoint::providerSlug, endpoint -> endpoint));
    }

    private static Endpoint only(String modelId) {
        List<Endpoint> endpoints = result().catalog().endpoints(modelId);
        assertThat(endpoints).as(modelId).hasSize(1);
        return endpoints.getFirst();
    }

    /** The import of the real files, built once; skips the calling test when the files are not there. */
    private static synchronized CatalogImporter.Result result() {
        Optional<Path> data = dataDir();
        assumeThat(data).as("shared/data beside the repository").isPresent();
        if (result == null) {
            try {
                openRouterSource = CatalogJson.MAPPER.readTree(
                        Files.readAllBytes(data.get().resolve(OPENROUTER_FILE)));
                JsonNode litellm = CatalogJson.MAPPER.readTree(
                        Files.readAllBytes(data.get().resolve(LITELLM_FILE)));
                result = CatalogImporter.build(
                        openRouterSource, litellm, List.<ObjectNode>of(), Instant.parse("2026-08-20T00:00:00Z"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    /**
     * {@code shared/data} sits beside the repository clone; Maven runs tests from {@code app/}, so walk up from the
     * working directory until a parent has it.
     */
    static Optional<Path> dataDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path data = dir.resolve("shared").resolve("data");
            if (Files.isRegularFile(data.resolve(OPENROUTER_FILE)) && Files.isRegularFile(data.resolve(LITELLM_FILE))) {
                return Optional.of(data);
            }
        }
        return Optional.empty();
    }
}
