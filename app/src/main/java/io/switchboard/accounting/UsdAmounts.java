package io.switchboard.accounting;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The one rule for USD amounts people type (key limits, credit grants), shared by the API, the web forms and the
 * command line: not negative, at most a million, at most 12 decimals (the stored pico-dollar precision).
 */
public final class UsdAmounts {
    public static final BigDecimal MAX = new BigDecimal("1000000");
    public static final int MAX_DECIMALS = 12;

    private UsdAmounts() {}

    /** What is wrong with the amount, phrased to follow its name ("'limit' must not be negative."), or empty. */
    public static Optional<String> problem(BigDecimal amount) {
        if (amount.signum() < 0) {
            return Optional.of("must not be negative");
        }
        if (amount.compareTo(MAX) > 0) {
            return Optional.of("must be at most 1000000 USD");
        }
        if (amount.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return Optional.of("has more than " + MAX_DECIMALS + " decimals");
        }
        return Optional.empty();
    }

    /** The same for an amount that must also be more than zero (a grant). */
    public static Optional<String> positiveProblem(BigDecimal amount) {
        if (amount.signum() <= 0) {
            return Optional.of("must be more than zero");
        }
        return problem(amount);
    }
}
