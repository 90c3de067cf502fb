package io.switchboard.accounting;

import io.switchboard.keys.KeyLimits;
import java.math.BigDecimal;

/**
 * A request whose worst case the user's credits or the key's limit cannot cover (402). The message follows
 * OpenRouter's: "This request requires more credits, or fewer max_tokens. You requested up to N tokens, but can only
 * afford M."
 */
public final class InsufficientFundsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean credits;
    private final long requestedTokens;
    private final long affordableTokens;

    private InsufficientFundsException(String message, boolean credits, long requestedTokens, long affordableTokens) {
        super(message);
        this.credits = credits;
        this.requestedTokens = requestedTokens;
        this.affordableTokens = affordableTokens;
    }

    static InsufficientFundsException credits(Quote quote, BigDecimal available, BigDecimal balance) {
        if (balance.signum() < 0) {
            return new InsufficientFundsException(
                    "Insufficient credits: the account balance is negative ($" + balance.toPlainString()
                            + "), which blocks every model, free ones included. Add credits to continue.",
                    true,
                    quote.requestedTokens(),
                    0);
        }
        long affordable = quote.affordable(available.max(BigDecimal.ZERO), false, false);
        return new InsufficientFundsException(
                "This request requires more credits, or fewer max_tokens. You requested up to "
                        + quote.requestedTokens() + " tokens, but can only afford " + affordable
                        + ". To increase, add credits to the account (balance $" + balance.toPlainString()
                        + ", of which $"
                        + balance.subtract(available.max(BigDecimal.ZERO))
                                .max(BigDecimal.ZERO)
                                .toPlainString()
                        + " is reserved by requests in flight).",
                true,
                quote.requestedTokens(),
                affordable);
    }

    static InsufficientFundsException keyLimit(Quote quote, BigDecimal keyAvailable, KeyLimits limits) {
        long affordable = quote.affordable(keyAvailable, true, limits.includeByok());
        String window = limits.reset() == null ? "total" : limits.reset().wireName();
        return new InsufficientFundsException(
                "This request requires more credits, or fewer max_tokens. You requested up to "
                        + quote.requestedTokens() + " tokens, but can only afford " + affordable
                        + " within this key's " + window + " limit of $"
                        + limits.limit().toPlainString() + " ($"
                        + keyAvailable.toPlainString() + " left). To increase, raise the key's limit"
                        + " (PATCH /api/v1/keys/{hash}) or create a key with a higher limit.",
                false,
                quote.requestedTokens(),
                affordable);
    }

    /** True when the account's credits are short, false when the key's limit is. */
    public boolean credits() {
        return credits;
    }

    public long requestedTokens() {
        return requestedTokens;
    }

    public long affordableTokens() {
        return affordableTokens;
    }
}
