package io.switchboard.accounting;

import io.switchboard.catalog.Pricing;
import java.math.BigDecimal;

/**
 * The exact USD cost of one generation from the endpoint's prices and the provider-reported usage.
 *
 * <p>Cached reads are billed at the cache-read price and cache writes at the cache-write price, when the endpoint has
 * them; otherwise at the prompt price. Reasoning tokens are part of the completion tokens and billed as output, as
 * OpenRouter does. A generation that produced nothing and ended in error costs nothing (zero-completion insurance).
 */
public final class CostCalculator {
    private CostCalculator() {}

    public static BigDecimal cost(Pricing pricing, TokenUsage usage, boolean failed) {
        if (failed && usage.completionTokens() == 0) {
            return BigDecimal.ZERO;
        }
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        long cacheWrites = Math.min(usage.cacheWriteTokens(), usage.promptTokens() - cached);
        long uncachedPrompt = usage.promptTokens() - cached - cacheWrites;
        BigDecimal promptPrice = known(pricing.prompt());
        BigDecimal cacheReadPrice = pricing.inputCacheRead().signum() > 0 ? pricing.inputCacheRead() : promptPrice;
        BigDecimal cacheWritePrice = pricing.inputCacheWrite().signum() > 0 ? pricing.inputCacheWrite() : promptPrice;
        BigDecimal total = promptPrice
                .multiply(BigDecimal.valueOf(uncachedPrompt))
                .add(cacheReadPrice.multiply(BigDecimal.valueOf(cached)))
                .add(cacheWritePrice.multiply(BigDecimal.valueOf(cacheWrites)))
                .add(known(pricing.completion()).multiply(BigDecimal.valueOf(usage.completionTokens())))
                .add(known(pricing.request()));
        return total.stripTrailingZeros();
    }

    /** OpenRouter publishes "-1" for router pseudo-models whose price depends on the model chosen; never bill that. */
    private static BigDecimal known(BigDecimal price) {
        return price.signum() < 0 ? BigDecimal.ZERO : price;
    }
}
