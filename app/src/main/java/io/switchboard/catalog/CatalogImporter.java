package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the bundled catalog from OpenRouter's public model list and LiteLLM's price file.
 *
 * <p>Rules, in the order they apply to each OpenRouter model (all pinned by {@code CatalogImporterTest}):
 *
 * <ol>
 *   <li>Every OpenRouter model becomes a {@link Model}; its object is kept verbatim as {@code source}.
 *   <li><b>Open-weight</b> models (a {@code hugging_face_id} is set) get one endpoint per host in {@link ProviderTable}
 *       whose LiteLLM entry matches the OpenRouter slug or the Hugging Face name ({@link LiteLlmIndex#openWeightMatches}),
 *       with that host's LiteLLM prices, context, output cap and native model name. The maker counts as a host only
 *       when LiteLLM lists it (OpenAI does not serve gpt-oss).
 *   <li><b>Proprietary</b> models get one endpoint at their maker ({@link ProviderTable#firstPartyFor}) with
 *       OpenRouter's prices, context, {@code top_provider.max_completion_tokens} and parameter list; the upstream name
 *       comes from the maker's LiteLLM entry, else from the slug (Anthropic spells {@code 4.7} as {@code 4-7}).
 *   <li>{@code :free} variants get the base model's endpoints at price zero (the operator absorbs the cost, as
 *       OpenRouter does). Other variants ({@code :batch}, {@code :thinking}) get the maker's endpoint with the
 *       variant's own OpenRouter prices. {@code ~author/…-latest} aliases get their target's endpoints.
 *   <li>A model left without endpoints is routed to the {@link ProviderTable#FALLBACK} provider, an
 *       OpenRouter-compatible upstream that takes the OpenRouter id itself, so every model is routable.
 * </ol>
 */
public final class CatalogImporter {
    /** Model ids only a user's own provider key may call: OpenRouter's page for {@code openai/gpt-5} says so. */
    static final Set<String> REQUIRES_BYOK = Set.of("openai/gpt-5");

    /** As-of dates of the source files shipped in {@code shared/data} (its README); unknown files get none. */
    private static final Map<String, String> KNOWN_AS_OF = Map.of(
            "openrouter-models-2026-08.json", "2026-08-19",
            "litellm-model-prices.json", "2026-07-24");

    /**
     * Upstream names LiteLLM cannot confirm but the maker documents: OpenRouter's {@code -high} ids are the base model
     * run at high reasoning effort, and Mistral names snapshots by year and month.
     */
    static final Map<String, String> UPSTREAM_OVERRIDES = Map.of(
            "openai/o4-mini-high", "o4-mini",
            "openai/o3-mini-high", "o3-mini",
            "mistralai/mistral-medium-3", "mistral-medium-2505",
            "mistralai/mistral-medium-3.1", "mistral-medium-2508");

    /** A LiteLLM price more than this many times OpenRouter's is taken for a unit error. */
    static final BigDecimal MAX_PRICE_RATIO = BigDecimal.valueOf(100);

    /** Without an OpenRouter price to compare with: $1,000 per million tokens is not a real token price. */
    static final BigDecimal MAX_PRICE = new BigDecimal("0.001");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The import's output: the bundled JSON, the same data as a {@link Catalog}, and the report. */
    public record Result(ObjectNode json, Catalog catalog, ImportReport report) {
        public Result {
            requireNonNull(json, "json is null");
            requireNonNull(catalog, "catalog is null");
            requireNonNull(report, "report is null");
        }
    }

    private CatalogImporter() {}

    /**
     * Reads both source files, writes the bundled catalog JSON to {@code outputFile} (atomically, creating parent
     * folders) and returns the report. This is what {@code switchboard catalog import} calls.
     */
    public static ImportReport importTo(Path openRouterJson, Path litellmJson, Path outputFile) {
        requireNonNull(outputFile, "outputFile is null");
        try {
            byte[] openRouter = Files.readAllBytes(openRouterJson);
            byte[] litellm = Files.readAllBytes(litellmJson);
            List<ObjectNode> sources = List.of(
                    source(
                            openRouterJson,
                            openRouter,
                            "OpenRouter public model list, GET https://openrouter.ai/api/v1/models",
                            "public API response (facts)"),
                    source(
                            litellmJson,
                            litellm,
                            "LiteLLM model_prices_and_context_window.json (BerriAI/litellm)",
                            "MIT"));
            Result result = build(
                    CatalogJson.MAPPER.readTree(openRouter),
                    CatalogJson.MAPPER.readTree(litellm),
                    sources,
                    Instant.now());
            Path absolute = outputFile.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
            Files.write(temporary, CatalogJson.MAPPER.writeValueAsBytes(result.json()));
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result.report();
        } catch (IOException e) {
            throw new UncheckedIOException("catalog import failed: " + e.getMessage(), e);
        }
    }

    /** Builds the catalog in memory from the parsed source files; {@code sources} go into the JSON as given. */
    public static Result build(JsonNode openRouter, JsonNode litellm, List<ObjectNode> sources, Instant generatedAt) {
        requireNonNull(generatedAt, "generatedAt is null");
        return new Builder(LiteLlmIndex.of(litellm)).build(openRouter, sources, generatedAt);
    }

    private static ObjectNode source(Path file, byte[] content, String description, String licence) {
        ObjectNode node = NODES.objectNode();
        String name = file.getFileName().toString();
        node.put("file", name);
        node.put("source", description);
        node.put("licence", licence);
        String asOf = KNOWN_AS_OF.get(name);
        if (asOf == null) {
            node.putNull("as_of");
        } else {
            node.put("as_of", asOf);
        }
        node.put("sha256", sha256(content));
        return node;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
        }
    }

    /** One import run: the state that the report is made from. */
    private static final class Builder {
        private final LiteLlmIndex index;
        private final Map<String, Model> models = new LinkedHashMap<>();
        private final List<Endpoint> endpoints = new ArrayList<>();
        private final Map<String, List<Endpoint>> baseEndpoints = new LinkedHashMap<>();
        private final Set<String> usedLitellmKeys = new LinkedHashSet<>();
        private final Set<String> derivedUpstream = new LinkedHashSet<>();
        private final Set<String> rejectedPrices = new LinkedHashSet<>();

        Builder(LiteLlmIndex index) {
            this.index = index;
        }

        Result build(JsonNode openRouter, List<ObjectNode> sources, Instant generatedAt) {
            JsonNode data = openRouter.path("data");
            if (!data.isArray() || data.isEmpty()) {
                throw new IllegalArgumentException("OpenRouter file has no \"data\" array of models");
            }
            for (JsonNode node : data.values()) {
                if (!(node.deepCopy() instanceof ObjectNode entry)) {
                    throw new IllegalArgumentException("OpenRouter model is not an object: " + node);
                }
                String id = entry.path("id").asString("");
                entry.put(CatalogJson.REQUIRES_BYOK, REQUIRES_BYOK.contains(id));
                Model model = CatalogJson.model(entry);
                if (models.putIfAbsent(model.id(), model) != null) {
                    throw new IllegalArgumentException("duplicate OpenRouter model id: " + model.id());
                }
            }
            Map<String, List<Endpoint>> byModel = new LinkedHashMap<>();
            for (Model model : models.values()) {
                if (aliasTarget(model).isEmpty()) {
                    byModel.put(model.id(), resolve(model));
                }
            }
            for (Model model : models.values()) {
                aliasTarget(model).ifPresent(target -> byModel.put(model.id(), alias(model, byModel.get(target))));
            }
            // Keep the OpenRouter file's model order in the output.
            for (Model model : models.values()) {
                endpoints.addAll(byModel.get(model.id()));
            }

            List<Provider> providers = ProviderTable.providers();
            Catalog catalog = new Catalog(providers, List.copyOf(models.values()), endpoints);
            ObjectNode json = json(providers, sources, generatedAt);
            return new Result(json, catalog, report(providers, byModel));
        }

        /** Endpoints of a non-alias model, by rule 2–5 of the class comment. */
        private List<Endpoint> resolve(Model model) {
            String id = model.id();
            int colon = id.indexOf(':');
            if (colon < 0) {
                return baseEndpoints.computeIfAbsent(id, _ -> base(model, id));
            }
            String baseId = id.substring(0, colon);
            String variant = id.substring(colon + 1);
            // A variant's base may be missing from the list (dots-3-note-preview:free): then the variant describes it.
            Model baseModel = models.getOrDefault(baseId, model);
            List<Endpoint> base = baseEndpoints.computeIfAbsent(baseId, _ -> base(baseModel, baseId));
            if (variant.equals("free")) {
                return base.stream()
                        .map(endpoint -> {
                            String upstream = endpoint.providerSlug().equals(ProviderTable.FALLBACK)
                                    ? id // OpenRouter serves the :free variant itself at no cost
                                    : endpoint.upstreamModel();
                            return copy(endpoint, id, upstream, Pricing.FREE);
                        })
                        .toList();
            }
            Optional<String> maker = ProviderTable.firstPartyFor(model.author());
            Optional<Endpoint> makers = base.stream()
                    .filter(endpoint ->
                            maker.isPresent() && endpoint.providerSlug().equals(maker.get()))
                    .findFirst();
            if (makers.isPresent()) {
                Endpoint endpoint = makers.get();
                return List.of(new Endpoint(
                        id,
                        endpoint.providerSlug(),
                        endpoint.tag(),
                        endpoint.upstreamModel(),
                        model.pricing(),
                        topContext(model),
                        topMaxCompletion(model),
                        endpoint.quantization(),
                        model.supportedParameters()));
            }
            return List.of(fallback(model, id));
        }

        /** Endpoints for a model id without variant (or a variant's base), computed from {@code model}'s data. */
        private List<Endpoint> base(Model model, String baseId) {
            List<Endpoint> result = new ArrayList<>();
            Optional<String> maker = ProviderTable.firstPartyFor(model.author());
            Optional<String> huggingFace = huggingFaceId(model);
            if (huggingFace.isPresent()) {
                List<String> names = List.of(baseId, model.canonicalSlug(), huggingFace.get());
                index.openWeightMatches(names, maker, entry -> plausible(model, entry))
                        .values()
                        .forEach(entry -> result.add(litellmEndpoint(model, baseId, entry)));
            } else if (maker.isPresent()) {
                result.add(firstPartyEndpoint(model, baseId, maker.get()));
            }
            if (result.isEmpty()) {
                result.add(fallback(model, baseId));
            }
            return result;
        }

        /**
         * LiteLLM prices within {@link #MAX_PRICE_RATIO} of OpenRouter's (or under {@link #MAX_PRICE} when OpenRouter
         * has none). Catches unit mistakes such as per-million prices; rejected keys are reported.
         */
        private boolean plausible(Model model, LiteLlmEntry entry) {
            boolean plausible = plausible(
                            entry.pricing().prompt(), model.pricing().prompt())
                    && plausible(entry.pricing().completion(), model.pricing().completion());
            if (!plausible) {
                rejectedPrices.add(entry.key());
            }
            return plausible;
        }

        private static boolean plausible(BigDecimal price, BigDecimal openRouter) {
            BigDecimal limit = openRouter.signum() > 0 ? openRouter.multiply(MAX_PRICE_RATIO) : MAX_PRICE;
            return price.compareTo(limit) <= 0;
        }

        private Endpoint litellmEndpoint(Model model, String modelId, LiteLlmEntry entry) {
            usedLitellmKeys.add(entry.key());
            Provider provider = entry.provider().provider();
            List<String> parameters = entry.supportedParameters().stream()
                    // OpenRouter's list is the union over every host: a parameter outside it is not the model's.
                    .filter(parameter -> model.supportedParameters().isEmpty()
                            || model.supportedParameters().contains(parameter))
                    .filter(parameter -> !provider.unsupportedParameters().contains(parameter))
                    .toList();
            return new Endpoint(
                    modelId,
                    provider.slug(),
                    provider.slug(),
                    entry.upstreamModel(),
                    entry.pricing(),
                    entry.contextLength(model.contextLength()),
                    entry.maxOutputTokens(),
                    entry.openWeightName().quantization(),
                    parameters);
        }

        private Endpoint firstPartyEndpoint(Model model, String modelId, String maker) {
            String slug = modelId.substring(modelId.indexOf('/') + 1);
            Optional<LiteLlmEntry> entry = index.firstPartyMatch(maker, slug);
            entry.ifPresent(found -> usedLitellmKeys.add(found.key()));
            String upstream = entry.map(LiteLlmEntry::upstreamModel)
                    .or(() -> Optional.ofNullable(UPSTREAM_OVERRIDES.get(modelId)))
                    .orElseGet(() -> derivedUpstream(maker, slug));
            if (entry.isEmpty() && !UPSTREAM_OVERRIDES.containsKey(modelId)) {
                derivedUpstream.add(modelId);
            }
            return new Endpoint(
                    modelId,
                    maker,
                    maker,
                    upstream,
                    model.pricing(),
                    topContext(model),
                    topMaxCompletion(model),
                    null,
                    model.supportedParameters());
        }

        /** The fallback endpoint: the OpenRouter id goes upstream unchanged, with OpenRouter's own figures. */
        private Endpoint fallback(Model model, String modelId) {
            return new Endpoint(
                    modelId,
                    ProviderTable.FALLBACK,
                    ProviderTable.FALLBACK,
                    modelId,
                    model.pricing(),
                    topContext(model),
                    topMaxCompletion(model),
                    null,
                    model.supportedParameters());
        }

        private List<Endpoint> alias(Model alias, List<Endpoint> target) {
            if (target == null) {
                return List.of(fallback(alias, alias.id()));
            }
            return target.stream()
                    .map(endpoint -> copy(endpoint, alias.id(), endpoint.upstreamModel(), endpoint.pricing()))
                    .toList();
        }

        private ObjectNode json(List<Provider> providers, List<ObjectNode> sources, Instant generatedAt) {
            ObjectNode root = NODES.objectNode();
            root.put("format", CatalogJson.FORMAT);
            root.put("generated_at", generatedAt.toString());
            ArrayNode sourceArray = root.putArray("sources");
            sources.forEach(sourceArray::add);
            ArrayNode providerArray = root.putArray("providers");
            providers.forEach(provider -> providerArray.add(CatalogJson.provider(provider)));
            ArrayNode modelArray = root.putArray("models");
            models.values().forEach(model -> modelArray.add(CatalogJson.modelEntry(model)));
            ArrayNode endpointArray = root.putArray("endpoints");
            endpoints.forEach(endpoint -> endpointArray.add(CatalogJson.endpoint(endpoint)));
            return root;
        }

        /** Which rule made an endpoint, for the report. */
        private String origin(Endpoint endpoint) {
            Model model = models.get(endpoint.modelId());
            if (aliasTarget(model).isPresent()) {
                return "alias";
            }
            if (endpoint.modelId().endsWith(":free")) {
                return "free";
            }
            if (endpoint.providerSlug().equals(ProviderTable.FALLBACK)) {
                return "fallback";
            }
            if (endpoint.modelId().contains(":")) {
                return "variant";
            }
            return huggingFaceId(model).isPresent() ? "litellm" : "first-party";
        }

        private ImportReport report(List<Provider> providers, Map<String, List<Endpoint>> byModel) {
            Map<String, Integer> byProvider = new LinkedHashMap<>();
            Map<String, Integer> byOrigin = new LinkedHashMap<>();
            for (Endpoint endpoint : endpoints) {
                byProvider.merge(endpoint.providerSlug(), 1, Integer::sum);
                byOrigin.merge(origin(endpoint), 1, Integer::sum);
            }
            Map<String, ImportReport.LiteLlmMatch> litellm = new LinkedHashMap<>();
            for (String provider : index.providers()) {
                // LiteLLM often lists one model twice (fireworks_ai/x and fireworks_ai/accounts/fireworks/models/x):
                // count names, not keys.
                Set<String> matched = new LinkedHashSet<>();
                Set<String> all = new LinkedHashSet<>();
                for (LiteLlmEntry entry : index.entries(provider)) {
                    String name = entry.firstPartyName().strict();
                    all.add(name);
                    if (usedLitellmKeys.contains(entry.key())) {
                        matched.add(name);
                    }
                }
                litellm.put(provider, new ImportReport.LiteLlmMatch(matched.size(), all.size() - matched.size()));
            }
            List<String> fallbackOnly = byModel.entrySet().stream()
                    .filter(entry -> entry.getValue().stream()
                            .allMatch(endpoint -> endpoint.providerSlug().equals(ProviderTable.FALLBACK)))
                    .map(Map.Entry::getKey)
                    .toList();
            int multiple = (int)
                    byModel.values().stream().filter(list -> list.size() > 1).count();
            return new ImportReport(
                    models.size(),
                    providers.size(),
                    endpoints.size(),
                    multiple,
                    byOrigin,
                    byProvider,
                    litellm,
                    List.copyOf(derivedUpstream),
                    fallbackOnly,
                    List.copyOf(rejectedPrices));
        }
    }

    static Optional<String> aliasTarget(Model model) {
        JsonNode slug = model.source().path("alias_target").path("slug");
        return slug.isString() && !slug.asString().isBlank() ? Optional.of(slug.asString()) : Optional.empty();
    }

    /** Open weights are what OpenRouter links to Hugging Face; an empty or null id means proprietary. */
    static Optional<String> huggingFaceId(Model model) {
        JsonNode id = model.source().path("hugging_face_id");
        return id.isString() && !id.asString().isBlank() ? Optional.of(id.asString()) : Optional.empty();
    }

    /** Anthropic's API spells versions with dashes ({@code claude-opus-4-7}); other makers use the slug as is. */
    static String derivedUpstream(String maker, String slug) {
        return maker.equals("anthropic") ? slug.replace('.', '-') : slug;
    }

    private static long topContext(Model model) {
        JsonNode context = model.source().path("top_provider").path("context_length");
        return context.isNumber() ? context.asLong() : model.contextLength();
    }

    private static Long topMaxCompletion(Model model) {
        JsonNode max = model.source().path("top_provider").path("max_completion_tokens");
        return max.isNumber() ? Long.valueOf(max.asLong()) : null;
    }

    private static Endpoint copy(Endpoint endpoint, String modelId, String upstream, Pricing pricing) {
        return new Endpoint(
                modelId,
                endpoint.providerSlug(),
                endpoint.tag(),
                upstream,
                pricing,
                endpoint.contextLength(),
                endpoint.maxCompletionTokens(),
                endpoint.quantization(),
                endpoint.supportedParameters());
    }
}
