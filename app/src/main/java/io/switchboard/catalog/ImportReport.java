package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import produced and how well the two sources matched; printed by {@code catalog import}.
 *
 * @param endpointsByOrigin endpoint count per rule: {@code first-party}, {@code litellm}, {@code free},
 *     {@code variant}, {@code alias}, {@code fallback}
 * @param endpointsByProvider endpoint count per provider slug
 * @param litellmByProvider LiteLLM chat entries per provider that became (part of) an endpoint vs not
 * @param derivedUpstreamModels first-party endpoints whose upstream name LiteLLM did not confirm (model ids)
 * @param fallbackModels models routed only to the OpenRouter-compatible fallback (model ids)
 * @param rejectedLitellmPrices LiteLLM keys that matched but whose prices failed the plausibility check
 */
public record ImportReport(
        int models,
        int providers,
        int endpoints,
        int modelsWithMultipleEndpoints,
        Map<String, Integer> endpointsByOrigin,
        Map<String, Integer> endpointsByProvider,
        Map<String, LiteLlmMatch> litellmByProvider,
        List<String> derivedUpstreamModels,
        List<String> fallbackModels,
        List<String> rejectedLitellmPrices) {

    /** LiteLLM entries of one provider: used by at least one endpoint, or not. */
    public record LiteLlmMatch(int matched, int unmatched) {}

    public ImportReport {
        endpointsByOrigin = sorted(endpointsByOrigin);
        endpointsByProvider = sorted(endpointsByProvider);
        litellmByProvider = sorted(litellmByProvider);
        derivedUpstreamModels = List.copyOf(derivedUpstreamModels);
        fallbackModels = List.copyOf(fallbackModels);
        rejectedLitellmPrices = List.copyOf(rejectedLitellmPrices);
    }

    /** A human-readable summary, one fact per line. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("models: ").append(models).append('\n');
        text.append("providers: ").append(providers).append('\n');
        text.append("endpoints: ").append(endpoints).append('\n');
        text.append("models with >1 endpoint: ")
                .append(modelsWithMultipleEndpoints)
                .append('\n');
        text.append("endpoints by rule: ").append(endpointsByOrigin).append('\n');
        text.append("endpoints by provider: ").append(endpointsByProvider).append('\n');
        text.append("LiteLLM entries matched/unmatched by provider:\n");
        litellmByProvider.forEach((provider, match) -> text.append("  ")
                .append(provider)
                .append(": ")
                .append(match.matched())
                .append('/')
                .append(match.unmatched())
                .append('\n'));
        text.append("first-party upstream names derived from the slug (")
                .append(derivedUpstreamModels.size())
                .append("): ")
                .append(derivedUpstreamModels)
                .append('\n');
        text.append("models served only by the fallback (")
                .append(fallbackModels.size())
                .append("): ")
                .append(fallbackModels)
                .append('\n');
        text.append("LiteLLM prices rejected as implausible (")
                .append(rejectedLitellmPrices.size())
                .append("): ")
                .append(rejectedLitellmPrices)
                .append('\n');
        return text.toString();
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        requireNonNull(map, "map is null");
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
