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
}
