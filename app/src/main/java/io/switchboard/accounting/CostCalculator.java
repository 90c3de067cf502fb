package io.switchboard.accounting;

import io.switchboard.catalog.Pricing;
import java.math.BigDecimal;

/**
 * The exact USD cost of one generation from the endpoint's prices and the provider-reported usage.
 *
 * <ul>
 *   <li>Uncached prompt tokens at the prompt price; cached reads at the cache-read price and cache writes at the
 *       cache-write price, when the endpoint has them (otherwise at the prompt price).
 *   <li>Completion tokens at the completion price. Reasoning tokens are part of the completion tokens: billed as
 *       output, as OpenRouter does, or at the {@code internal_reasoning} price when the endpoint has one.
 *   <li>The per-request price once, and the per-image price for each input image.
 *   <li>Prompt-size overrides ({@link PriceSchedule}): the whole request at the tier its prompt falls into.
 *   <li>A generation that produced nothing and ended in error costs nothing (zero-completion insurance).
 * </ul>
 */
public final class CostCalculator {
    /** What Switchboard bills for a generation served with the user's own provider key: 5% of its normal cost. */
    public static final BigDecimal BYOK_FEE_RATE = new BigDecimal("0.05");

    private CostCalculator() {}

    public static BigDecimal cost(Pricing pricing, TokenUsage usage, boolean failed) {
        return cost(PriceSchedule.of(pricing), usage, 0, failed);
    }

    public static BigDecimal cost(PriceSchedule schedule, TokenUsage usage, int inputImages, boolean failed) {
        if (failed && usage.completionTokens() == 0) {
            return BigDecimal.ZERO;
        }
        Pricing pricing = schedule.forPrompt(usage.promptTokens());
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        long cacheWrites = Math.min(usage.cacheWriteTokens(), usage.promptTokens() - cached);
        long uncachedPrompt = usage.promptTokens() - cached - cacheWrites;
        BigDecimal promptPrice = known(pricing.prompt());
        BigDecimal cacheReadPrice = pricing.inputCacheRead().signum() > 0 ? pricing.inputCacheRead() : promptPrice;
        BigDecimal cacheWritePrice = pricing.inputCacheWrite().signum() > 0 ? pricing.inputCacheWrite() : promptPrice;
        BigDecimal completionPrice = known(pricing.completion());
        long reasoning = 0;
        BigDecimal reasoningPrice = completionPrice;
        if (pricing.internalReasoning().signum() > 0) {
            reasoning = Math.min(usage.reasoningTokens(), usage.completionTokens());
            reasoningPrice = pricing.internalReasoning();
        }
        BigDecimal total = promptPrice
                .multiply(BigDecimal.valueOf(uncachedPrompt))
                .add(cacheReadPrice.multiply(BigDecimal.valueOf(cached)))
                .add(cacheWritePrice.multiply(BigDecimal.valueOf(cacheWrites)))
                .add(completionPrice.multiply(BigDecimal.valueOf(usage.completionTokens() - reasoning)))
                .add(reasoningPrice.multiply(BigDecimal.valueOf(reasoning)))
                .add(known(pricing.image()).multiply(BigDecimal.valueOf(Math.max(0, inputImages))))
                .add(known(pricing.request()));
        return canonical(total);
    }

    /** Switchboard's fee for a BYOK generation whose normal cost is {@code cost}. */
    public static BigDecimal byokFee(BigDecimal cost) {
        return canonical(cost.multiply(BYOK_FEE_RATE));
    }

    /** What one generation is billed: the normal cost, or for BYOK the fee, with what the user's own key paid. */
    public static Charge charge(BigDecimal cost, boolean byok) {
        return byok ? new Charge(byokFee(cost), cost, true) : new Charge(cost, null, false);
    }

    /**
     * The most a request can cost at one endpoint: {@code promptBound} prompt tokens all at the dearest input price
     * (cache writes may cost more than plain input), {@code maxCompletionTokens} at the dearest output price, the
     * request and image prices, under every prompt-size tier the prompt could fall into.
     */
    public static CostBound bound(
            PriceSchedule schedule, long promptBound, long maxCompletionTokens, int inputImages, boolean byok) {
        BigDecimal fixed = BigDecimal.ZERO;
        BigDecimal perToken = BigDecimal.ZERO;
        for (Pricing pricing : schedule.upTo(promptBound)) {
            BigDecimal input = known(pricing.prompt()).max(known(pricing.inputCacheWrite()));
            BigDecimal output = known(pricing.completion()).max(known(pricing.internalReasoning()));
            BigDecimal sheetFixed = input.multiply(BigDecimal.valueOf(promptBound))
                    .add(known(pricing.request()))
                    .add(known(pricing.image()).multiply(BigDecimal.valueOf(Math.max(0, inputImages))));
            fixed = fixed.max(sheetFixed);
            perToken = perToken.max(output);
        }
        return new CostBound(canonical(fixed), perToken, maxCompletionTokens, byok);
    }

    /** OpenRouter publishes "-1" for router pseudo-models whose price depends on the model chosen; never bill that. */
    private static BigDecimal known(BigDecimal price) {
        return price.signum() < 0 ? BigDecimal.ZERO : price;
    }

    static BigDecimal canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
