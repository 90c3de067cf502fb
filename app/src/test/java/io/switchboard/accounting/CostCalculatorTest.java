package io.switchboard.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Pricing;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {
    // openai/gpt-5 as OpenRouter prices it: $1.25/M prompt, $10/M completion, $0.125/M cache reads.
    private static final Pricing GPT5 = new Pricing(
            new BigDecimal("0.00000125"),
            new BigDecimal("0.00001"),
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            new BigDecimal("0.000000125"),
            BigDecimal.ZERO,
            BigDecimal.ZERO);

    @Test
    void promptAndCompletionTokens() {
        // 1000 × 0.00000125 + 500 × 0.00001 = 0.00125 + 0.005
        assertThat(CostCalculator.cost(GPT5, new TokenUsage(1000, 500, 0, 0, 0), false))
                .isEqualByComparingTo("0.00625");
    }

    @Test
    void cachedReadsAreBilledAtTheCachePrice() {
        // 200 uncached × 0.00000125 + 800 cached × 0.000000125 = 0.00025 + 0.0001
        assertThat(CostCalculator.cost(GPT5, new TokenUsage(1000, 0, 800, 0, 0), false))
                .isEqualByComparingTo("0.00035");
    }

    @Test
    void cacheWritesAndRequestPrice() {
        Pricing anthropic = new Pricing(
                new BigDecimal("0.000003"),
                new BigDecimal("0.000015"),
                new BigDecimal("0.001"),
                BigDecimal.ZERO,
                new BigDecimal("0.0000003"),
                new BigDecimal("0.00000375"),
                BigDecimal.ZERO);
        // 100 × 0.000003 + 300 × 0.0000003 + 600 × 0.00000375 + 10 × 0.000015 + 0.001
        // = 0.0003 + 0.00009 + 0.00225 + 0.00015 + 0.001
        assertThat(CostCalculator.cost(anthropic, new TokenUsage(1000, 10, 300, 600, 0), false))
                .isEqualByComparingTo("0.00379");
    }

    @Test
    void reasoningTokensAreBilledAsCompletion() {
        TokenUsage usage = new TokenUsage(0, 1000, 0, 0, 900);
        assertThat(CostCalculator.cost(GPT5, usage, false)).isEqualByComparingTo("0.01");
    }

    @Test
    void failedGenerationWithoutOutputIsFree() {
        assertThat(CostCalculator.cost(GPT5, new TokenUsage(1000, 0, 0, 0, 0), true))
                .isZero();
        assertThat(CostCalculator.cost(GPT5, new TokenUsage(1000, 10, 0, 0, 0), true))
                .isEqualByComparingTo("0.00135");
    }

    @Test
    void exactForManySmallCosts() {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 10_000; i++) {
            sum = sum.add(CostCalculator.cost(GPT5, new TokenUsage(1, 0, 0, 0, 0), false));
        }
        assertThat(sum).isEqualByComparingTo("0.0125");
    }

    @Test
    void internalReasoningPriceBillsReasoningTokensApart() {
        Pricing thinking = new Pricing(
                new BigDecimal("0.000001"),
                new BigDecimal("0.000004"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                new BigDecimal("0.000002"));
        // 100 × 0.000001 + (1000 − 600) × 0.000004 + 600 × 0.000002 = 0.0001 + 0.0016 + 0.0012
        assertThat(CostCalculator.cost(thinking, new TokenUsage(100, 1000, 0, 0, 600), false))
                .isEqualByComparingTo("0.0029");
    }

    @Test
    void perImageAndPerRequestPrices() {
        Pricing vision = new Pricing(
                new BigDecimal("0.0000025"),
                new BigDecimal("0.00001"),
                new BigDecimal("0.0005"),
                new BigDecimal("0.001445"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO);
        // 200 × 0.0000025 + 50 × 0.00001 + 3 × 0.001445 + 0.0005 = 0.0005 + 0.0005 + 0.004335 + 0.0005
        assertThat(CostCalculator.cost(PriceSchedule.of(vision), new TokenUsage(200, 50, 0, 0, 0), 3, false))
                .isEqualByComparingTo("0.005835");
    }

    @Test
    void promptSizeOverridesBillTheWholeRequestAtTheTier() {
        // x-ai/grok-4.6: $2/M in, $6/M out, $0.5/M cached; from 200,000 prompt tokens $4/M, $12/M, $1/M.
        Pricing base = new Pricing(
                new BigDecimal("0.000002"),
                new BigDecimal("0.000006"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                new BigDecimal("0.0000005"),
                BigDecimal.ZERO,
                BigDecimal.ZERO);
        Pricing above = new Pricing(
                new BigDecimal("0.000004"),
                new BigDecimal("0.000012"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                new BigDecimal("0.000001"),
                BigDecimal.ZERO,
                BigDecimal.ZERO);
        PriceSchedule grok = new PriceSchedule(base, java.util.List.of(new PriceSchedule.Tier(200_000, above)));
        // Below: 199,999 × 0.000002 + 1000 × 0.000006 = 0.399998 + 0.006
        assertThat(CostCalculator.cost(grok, new TokenUsage(199_999, 1000, 0, 0, 0), 0, false))
                .isEqualByComparingTo("0.405998");
        // At the tier: (200,000 − 100,000) × 0.000004 + 100,000 × 0.000001 + 1000 × 0.000012 = 0.4 + 0.1 + 0.012
        assertThat(CostCalculator.cost(grok, new TokenUsage(200_000, 1000, 100_000, 0, 0), 0, false))
                .isEqualByComparingTo("0.512");
    }

    @Test
    void overridesComeFromTheBundledCatalogForTheModelsOwnPriceSheet() {
        var catalog = io.switchboard.catalog.CatalogLoader.loadBundled();
        var model = catalog.model("x-ai/grok-4.6").orElseThrow();
        var endpoint = catalog.endpoints(model.id()).getFirst();
        PriceSchedule schedule = PriceSchedule.forEndpoint(model, endpoint);
        assertThat(schedule.tiers()).hasSize(1);
        assertThat(schedule.forPrompt(200_000).prompt()).isEqualByComparingTo("0.000004");
        assertThat(schedule.forPrompt(199_999).prompt()).isEqualByComparingTo("0.000002");
    }

    @Test
    void byokBillsFivePercentAndReportsTheUpstreamCost() {
        BigDecimal cost = CostCalculator.cost(GPT5, new TokenUsage(1000, 500, 0, 0, 0), false); // 0.00625
        Charge charge = CostCalculator.charge(cost, true);
        assertThat(charge.billed()).isEqualByComparingTo("0.0003125");
        assertThat(charge.upstream()).isEqualByComparingTo("0.00625");
        assertThat(charge.byok()).isTrue();
        assertThat(CostCalculator.charge(cost, false).billed()).isEqualByComparingTo("0.00625");
    }

    @Test
    void worstCaseBoundCoversPromptBoundAndMaxTokensAtTheDearestPrices() {
        // 1000 prompt tokens at max(prompt, cache write) + 2000 at completion + request price.
        Pricing anthropic = new Pricing(
                new BigDecimal("0.000003"),
                new BigDecimal("0.000015"),
                new BigDecimal("0.001"),
                BigDecimal.ZERO,
                new BigDecimal("0.0000003"),
                new BigDecimal("0.00000375"),
                BigDecimal.ZERO);
        CostBound bound = CostCalculator.bound(PriceSchedule.of(anthropic), 1000, 2000, 0, false);
        // 1000 × 0.00000375 + 0.001 + 2000 × 0.000015 = 0.00375 + 0.001 + 0.03
        assertThat(bound.worst()).isEqualByComparingTo("0.03475");
        assertThat(CostCalculator.bound(PriceSchedule.of(anthropic), 1000, 2000, 0, true)
                        .credits())
                .isEqualByComparingTo("0.0017375");
        // Any exact usage within the bound costs at most the bound.
        assertThat(CostCalculator.cost(anthropic, new TokenUsage(1000, 2000, 0, 1000, 0), false))
                .isLessThanOrEqualTo(bound.worst());
    }
}
