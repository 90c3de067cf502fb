package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint's prices, with OpenRouter's overrides by prompt size: above {@code min_prompt_tokens} prompt tokens the
 * whole request is billed at the override's prices (e.g. Gemini and Grok above 200k). An override names only the
 * prices it changes; the others stay the base prices.
 */
public record PriceSchedule(Pricing base, List<Tier> tiers) {
    /** Prices from {@code minPromptTokens} prompt tokens on. */
    public record Tier(long minPromptTokens, Pricing pricing) {
        public Tier {
            requireNonNull(pricing, "pricing is null");
        }
    }

    public PriceSchedule {
        requireNonNull(base, "base is null");
        tiers = tiers.stream()
                .sorted(Comparator.comparingLong(Tier::minPromptTokens))
                .toList();
    }

    public static PriceSchedule of(Pricing pricing) {
        return new PriceSchedule(pricing, List.of());
    }

    /**
     * The schedule of one endpoint. OpenRouter publishes prompt-size overrides on the model's price sheet; they apply
     * to the endpoints billed at that sheet's base prices (the same prompt and completion price), not to other
     * providers' own prices.
     */
    public static PriceSchedule forEndpoint(Model model, Endpoint endpoint) {
        Pricing base = endpoint.pricing();
        JsonNode overrides = model.source().path("pricing").path("overrides");
        if (!overrides.isArray()
                || overrides.isEmpty()
                || base.prompt().compareTo(model.pricing().prompt()) != 0
                || base.completion().compareTo(model.pricing().completion()) != 0) {
            return of(base);
        }
        List<Tier> tiers = new ArrayList<>();
        for (JsonNode override : overrides) {
            JsonNode min = override.path("min_prompt_tokens");
            if (!min.canConvertToLong() || override.has("utc_start")) {
                continue; // only prompt-size overrides; time-of-day discounts are not modelled
            }
            tiers.add(new Tier(
                    min.asLong(),
                    new Pricing(
                            price(override, "prompt", base.prompt()),
                            price(override, "completion", base.completion()),
                            price(override, "request", base.request()),
                            price(override, "image", base.image()),
                            price(override, "input_cache_read", base.inputCacheRead()),
                            price(override, "input_cache_write", base.inputCacheWrite()),
                            price(override, "internal_reasoning", base.internalReasoning()))));
        }
        return new PriceSchedule(base, tiers);
    }

    /** The prices that apply to a request with this many prompt tokens (cached ones included). */
    public Pricing forPrompt(long promptTokens) {
        Pricing applicable = base;
        for (Tier tier : tiers) {
            if (promptTokens >= tier.minPromptTokens()) {
                applicable = tier.pricing();
            }
        }
        return applicable;
    }

    /** Every price sheet that may apply to a request of at most {@code promptTokens} prompt tokens. */
    List<Pricing> upTo(long promptTokens) {
        List<Pricing> sheets = new ArrayList<>();
        sheets.add(base);
        for (Tier tier : tiers) {
            if (promptTokens >= tier.minPromptTokens()) {
                sheets.add(tier.pricing());
            }
        }
        return sheets;
    }

    private static BigDecimal price(JsonNode node, String field, BigDecimal fallback) {
        JsonNode value = node.path(field);
        if (value.isString()) {
            try {
                return new BigDecimal(value.asString());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return value.isNumber() ? value.decimalValue() : fallback;
    }
}
