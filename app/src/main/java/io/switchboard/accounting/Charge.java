package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What one generation costs the user.
 *
 * @param billed deducted from the user's credits: the normal cost, or the BYOK fee
 * @param upstream for BYOK, what the provider charged the user's own key ({@code cost_details.upstream_inference_cost});
 *     null otherwise
 */
public record Charge(BigDecimal billed, BigDecimal upstream, boolean byok) {
    public static final Charge ZERO = new Charge(BigDecimal.ZERO, null, false);

    public Charge {
        requireNonNull(billed, "billed is null");
        if (byok) {
            requireNonNull(upstream, "a BYOK charge needs the upstream cost");
        }
    }

    /** The BYOK usage this charge adds (zero when not BYOK). */
    public BigDecimal byokUsage() {
        return byok ? upstream : BigDecimal.ZERO;
    }
}
