package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One LiteLLM price entry for a provider the importer knows.
 *
 * @param key the LiteLLM key, e.g. {@code together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo}
 * @param upstreamModel the key minus its provider prefix: the name the provider's own API expects
 * @param pricing null when LiteLLM gives no per-token prices (the entry can still confirm a first-party name)
 * @param flags the {@code supports_*} capabilities LiteLLM sets to true
 * @param openWeightName the name normalised with serving suffixes dropped
 * @param firstPartyName the name normalised keeping every word
 */
record LiteLlmEntry(
        String key,
        ProviderTable.Known provider,
        String upstreamModel,
        String mode,
        Pricing pricing,
        Long maxInputTokens,
        Long maxTokens,
        Long maxOutputTokens,
        Set<String> flags,
        ModelNames.Normalized openWeightName,
        ModelNames.Normalized firstPartyName) {
    LiteLlmEntry {
        requireNonNull(key, "key is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(upstreamModel, "upstreamModel is null");
        requireNonNull(mode, "mode is null");
        flags = Set.copyOf(flags);
        requireNonNull(openWeightName, "openWeightName is null");
        requireNonNull(firstPartyName, "firstPartyName is null");
    }

    String providerSlug() {
        return provider.slug();
    }

    /** Usable as a price source: LiteLLM gives both token prices and they are not a zero placeholder. */
    boolean priced() {
        return pricing != null
                && (pricing.prompt().signum() > 0 || pricing.completion().signum() > 0);
    }

    /** The context window: {@code max_input_tokens}, else {@code max_tokens} when it is not the output cap. */
    long contextLength(long fallback) {
        if (maxInputTokens != null) {
            return maxInputTokens;
        }
        if (maxTokens != null && maxOutputTokens == null) {
            return maxTokens;
        }
        return fallback;
    }

    /**
     * Parameters this host accepts for the model, from LiteLLM's capability flags: the sampling basics every
     * OpenAI-compatible host takes, plus tools, structured outputs and reasoning when flagged.
     */
    List<String> supportedParameters() {
        List<String> parameters = new ArrayList<>(
                List.of("max_tokens", "temperature", "top_p", "stop", "seed", "frequency_penalty", "presence_penalty"));
        if (flags.contains("supports_function_calling")) {
            parameters.add("tools");
            parameters.add("tool_choice");
            if (flags.contains("supports_parallel_function_calling")) {
                parameters.add("parallel_tool_calls");
            }
        }
        if (flags.contains("supports_response_schema")) {
            parameters.add("response_format");
            parameters.add("structured_outputs");
        }
        if (flags.contains("supports_reasoning")) {
            parameters.add("reasoning");
            parameters.add("include_reasoning");
        }
        return List.copyOf(parameters);
    }

    static Pricing pricing(
            BigDecimal prompt,
            BigDecimal completion,
            BigDecimal image,
            BigDecimal cacheRead,
            BigDecimal cacheWrite,
            BigDecimal reasoning) {
        return new Pricing(prompt, completion, BigDecimal.ZERO, image, cacheRead, cacheWrite, reasoning);
    }
}
