package io.switchboard.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * LiteLLM's price file, reduced to the chat models of providers in {@link ProviderTable}, with the two lookups the
 * importer needs.
 */
final class LiteLlmIndex {
    /** Modes that describe text generation; images, embeddings, audio and the rest are never endpoints here. */
    private static final Set<String> TEXT_MODES = Set.of("chat", "responses", "completion");

    /**
     * Ranks candidates at one host: better tier, then fewer serving/quantisation words (Llama-3.3-70B-Instruct before
     * its -Turbo), then Fireworks' full {@code accounts/…} path, then the shorter name, then alphabetical.
     */
    private static final Comparator<Candidate> BEST = Comparator.comparingInt(Candidate::tier)
            .thenComparingInt(candidate -> candidate.entry().openWeightName().noise())
            .thenComparing(candidate -> !candidate.entry().upstreamModel().startsWith("accounts/"))
            .thenComparingInt(candidate -> candidate.entry().upstreamModel().length())
            .thenComparing(candidate -> candidate.entry().upstreamModel());

    private record Candidate(LiteLlmEntry entry, int tier) {}

    private final Map<String, List<LiteLlmEntry>> byProvider;
    private final Map<String, Set<String>> strictNamesByProvider;

    private LiteLlmIndex(Map<String, List<LiteLlmEntry>> byProvider) {
        this.byProvider = byProvider;
        Map<String, Set<String>> strict = new LinkedHashMap<>();
        byProvider.forEach((provider, entries) -> strict.put(
                provider,
                Set.copyOf(entries.stream()
                        .map(entry -> entry.openWeightName().strict())
                        .toList())));
        this.strictNamesByProvider = strict;
    }

    /** Reads LiteLLM's {@code model_prices_and_context_window.json} object. */
    static LiteLlmIndex of(JsonNode litellm) {
        Map<String, List<LiteLlmEntry>> byProvider = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : litellm.properties()) {
            entry(property.getKey(), property.getValue())
                    .ifPresent(entry -> byProvider
                            .computeIfAbsent(entry.providerSlug(), _ -> new ArrayList<>())
                            .add(entry));
        }
        Map<String, List<LiteLlmEntry>> frozen = new LinkedHashMap<>();
        byProvider.forEach((provider, entries) -> frozen.put(provider, List.copyOf(entries)));
        return new LiteLlmIndex(frozen);
    }

    /**
     * One entry, or empty when it is not a chat model of a known provider, or when it could mislead matching: keys
     * with {@code :} or {@code @} (fine-tunes, cloud revisions), moving {@code -latest} aliases, zero-priced
     * {@code -Free} promotions, and bare keys of hosts whose bare keys are pricing tiers.
     */
    static Optional<LiteLlmEntry> entry(String key, JsonNode value) {
        if (!value.isObject() || key.contains(":") || key.contains("@")) {
            return Optional.empty();
        }
        String litellmProvider = value.path("litellm_provider").asString("");
        Optional<ProviderTable.Known> known = ProviderTable.byLitellmProvider(litellmProvider);
        String mode = value.path("mode").asString("chat");
        if (known.isEmpty() || !TEXT_MODES.contains(mode)) {
            return Optional.empty();
        }
        String upstream;
        if (key.startsWith(litellmProvider + "/")) {
            upstream = key.substring(litellmProvider.length() + 1);
        } else if (known.get().bareKeys()) {
            upstream = key;
        } else {
            return Optional.empty();
        }
        // Serving suffixes are only noise at hosts: at a model's maker, glm-5-turbo or kimi-k2-turbo is its own model.
        boolean host = !ProviderTable.isMaker(known.get().slug());
        ModelNames.Normalized openWeight = ModelNames.normalize(upstream, host);
        List<String> words = List.of(openWeight.strict().split("-"));
        if (words.contains("latest") || words.contains("free")) {
            return Optional.empty();
        }
        Set<String> flags = new TreeSet<>();
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            if (property.getKey().startsWith("supports_") && property.getValue().asBoolean(false)) {
                flags.add(property.getKey());
            }
        }
        return Optional.of(new LiteLlmEntry(
                key,
                known.get(),
                upstream,
                mode,
                pricing(value),
                count(value, "max_input_tokens"),
                count(value, "max_tokens"),
                count(value, "max_output_tokens"),
                flags,
                openWeight,
                ModelNames.normalize(upstream, false)));
    }

    /** Every indexed entry of one provider. */
    List<LiteLlmEntry> entries(String providerSlug) {
        return byProvider.getOrDefault(providerSlug, List.of());
    }

    Collection<String> providers() {
        return byProvider.keySet();
    }

    /**
     * The best priced chat entry at each host for an open-weight model, matched by its OpenRouter slug or Hugging
     * Face name. Tier 0: equal strict names. Tier 1: equal once {@code instruct} is ignored. Base models (the same
     * host also lists the name with {@code -instruct}) are never candidates.
     *
     * <p>A maker (some author's first party) is a candidate only for its own author's models: Perplexity's old
     * Llama 3.1 hosting is not a reason to route Llama there.
     *
     * @param names the OpenRouter id, canonical slug and, when known, the Hugging Face id
     * @param maker the model author's first-party provider slug, if any
     * @param plausible rejects entries whose prices are not believable (unit errors in LiteLLM)
     * @return provider slug → entry, in {@link ProviderTable} order
     */
    Map<String, LiteLlmEntry> openWeightMatches(
            List<String> names, Optional<String> maker, Predicate<LiteLlmEntry> plausible) {
        Set<String> strict = new HashSet<>();
        Set<String> loose = new HashSet<>();
        for (String name : names) {
            ModelNames.Normalized normalized = ModelNames.normalize(name, true);
            strict.add(normalized.strict());
            loose.add(normalized.loose());
        }
        Map<String, LiteLlmEntry> matches = new LinkedHashMap<>();
        for (ProviderTable.Known known : ProviderTable.all()) {
            if (ProviderTable.isMaker(known.slug()) && !maker.equals(Optional.of(known.slug()))) {
                continue;
            }
            Set<String> siblings = strictNamesByProvider.getOrDefault(known.slug(), Set.of());
            entries(known.slug()).stream()
                    .filter(entry -> entry.mode().equals("chat") && entry.priced())
                    // A host listing both X and X-Instruct means X is the pretrained base: never a chat endpoint.
                    .filter(entry -> !siblings.contains(entry.openWeightName().strict() + "-instruct"))
                    .map(entry -> {
                        ModelNames.Normalized name = entry.openWeightName();
                        if (strict.contains(name.strict())) {
                            return new Candidate(entry, 0);
                        }
                        return loose.contains(name.loose()) ? new Candidate(entry, 1) : null;
                    })
                    .filter(java.util.Objects::nonNull)
                    .filter(candidate -> plausible.test(candidate.entry()))
                    .min(BEST)
                    .ifPresent(candidate -> matches.put(known.slug(), candidate.entry()));
        }
        return matches;
    }

    /**
     * The entry naming a proprietary model at its maker: equal names first ({@code claude-opus-4.7} =
     * {@code claude-opus-4-7}), then equal once LiteLLM's snapshot date is dropped ({@code claude-3-haiku} →
     * {@code claude-3-haiku-20240307}, the newest snapshot winning). Serving suffixes are kept: {@code gpt-4-turbo}
     * is not {@code gpt-4}.
     */
    Optional<LiteLlmEntry> firstPartyMatch(String providerSlug, String openRouterSlug) {
        String wanted = ModelNames.normalize(openRouterSlug, false).strict();
        List<LiteLlmEntry> entries = entries(providerSlug);
        Optional<LiteLlmEntry> exact = entries.stream()
                .filter(entry -> entry.firstPartyName().strict().equals(wanted))
                .min(Comparator.comparingInt(
                                (LiteLlmEntry entry) -> entry.upstreamModel().length())
                        .thenComparing(LiteLlmEntry::upstreamModel));
        if (exact.isPresent()) {
            return exact;
        }
        return entries.stream()
                .filter(entry -> wanted.equals(
                        ModelNames.withoutSnapshotDate(entry.firstPartyName().strict())))
                .max(Comparator.comparing(LiteLlmEntry::upstreamModel));
    }

    private static Pricing pricing(JsonNode value) {
        JsonNode input = value.path("input_cost_per_token");
        JsonNode output = value.path("output_cost_per_token");
        if (!input.isNumber() || !output.isNumber()) {
            return null;
        }
        return LiteLlmEntry.pricing(
                input.decimalValue(),
                output.decimalValue(),
                decimal(value, "input_cost_per_image"),
                decimal(value, "cache_read_input_token_cost"),
                decimal(value, "cache_creation_input_token_cost"),
                decimal(value, "output_cost_per_reasoning_token"));
    }

    private static BigDecimal decimal(JsonNode value, String field) {
        JsonNode node = value.path(field);
        return node.isNumber() ? node.decimalValue() : BigDecimal.ZERO;
    }

    private static Long count(JsonNode value, String field) {
        JsonNode node = value.path(field);
        return node.isNumber() ? Long.valueOf(node.asLong()) : null;
    }
}
