package io.switchboard.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * USD amounts are stored as integer pico-dollars (1e-12 USD) in BIGINT columns: exact on SQLite and PostgreSQL alike,
 * summable in SQL, and fine-grained enough for any per-token price OpenRouter publishes (at most ~11 decimals) times an
 * integer token count. A single stored value is limited to about ±9.2 million USD.
 */
final class Money {
    static final int SCALE = 12;

    private Money() {}

    /**
     * Digits beyond the 12th decimal are rounded half-even rather than rejected: a rejected generation row could never be
     * written (the recorder retries forever), while the rounding error is below a trillionth of a dollar.
     *
     * @throws ArithmeticException if the amount does not fit a BIGINT (more than about 9.2 million USD)
     */
    static long toPico(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    static Long toPicoOrNull(BigDecimal usd) {
        return usd == null ? null : toPico(usd);
    }

    static BigDecimal fromPico(long pico) {
        return canonical(BigDecimal.valueOf(pico, SCALE));
    }

    static BigDecimal fromPico(BigInteger pico) {
        return canonical(new BigDecimal(pico, SCALE));
    }

    /** Without trailing zeros but never in exponent form (so 100 stays "100", not "1E+2"), as users wrote it. */
    private static BigDecimal canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
