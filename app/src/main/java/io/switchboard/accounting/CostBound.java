package io.switchboard.accounting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The worst case of one request at one endpoint: {@code fixed} (prompt bound, request and image prices) plus {@code
 * perCompletionToken} for each of up to {@code maxCompletionTokens}. For BYOK, credits are charged only the fee.
 */
public record CostBound(BigDecimal fixed, BigDecimal perCompletionToken, long maxCompletionTokens, boolean byok) {
    /** The most the provider can charge for this request. */
    public BigDecimal worst() {
        return fixed.add(perCompletionToken.multiply(BigDecimal.valueOf(maxCompletionTokens)));
    }

    /** The most it can take from the user's credits. */
    public BigDecimal credits() {
        return byok ? CostCalculator.byokFee(worst()) : worst();
    }

    /** The most it can add to a key's limit usage. */
    public BigDecimal limitUsage(boolean includeByok) {
        return byok && includeByok ? credits().add(worst()) : credits();
    }

    /** How many completion tokens {@code available} USD pays for here, at most {@code maxCompletionTokens}. */
    long affordable(BigDecimal available, boolean forLimit, boolean includeByok) {
        BigDecimal scale = BigDecimal.ONE;
        if (byok) {
            scale = forLimit && includeByok
                    ? BigDecimal.ONE.add(CostCalculator.BYOK_FEE_RATE)
                    : CostCalculator.BYOK_FEE_RATE;
        }
        BigDecimal left = available.subtract(fixed.multiply(scale));
        if (left.signum() <= 0) {
            return 0;
        }
        BigDecimal per = perCompletionToken.multiply(scale);
        if (per.signum() == 0) {
            return maxCompletionTokens;
        }
        return Math.min(
                maxCompletionTokens, left.divide(per, 0, RoundingMode.FLOOR).longValue());
    }
}
