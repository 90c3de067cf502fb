package io.switchboard.accounting;

import java.math.BigDecimal;
import java.util.List;

/**
 * The worst case of a request over every endpoint it may be served by (it is reserved before routing, so any of them
 * may end up serving it).
 *
 * @param requestedTokens the completion tokens asked for ({@code max_tokens}, or the endpoints' max output)
 */
public record Quote(List<CostBound> bounds, long requestedTokens) {
    public static final Quote FREE = new Quote(List.of(), 0);

    public Quote {
        bounds = List.copyOf(bounds);
    }

    public static Quote of(List<CostBound> bounds) {
        long requested =
                bounds.stream().mapToLong(CostBound::maxCompletionTokens).max().orElse(0);
        return new Quote(bounds, requested);
    }

    /** The most the request can take from the user's credits. */
    public BigDecimal credits() {
        return bounds.stream().map(CostBound::credits).reduce(BigDecimal.ZERO, BigDecimal::max);
    }

    /** The most the request can add to a key's limit usage. */
    public BigDecimal limitUsage(boolean includeByok) {
        return bounds.stream().map(bound -> bound.limitUsage(includeByok)).reduce(BigDecimal.ZERO, BigDecimal::max);
    }

    /** The completion tokens {@code available} USD pays for on every endpoint. */
    public long affordable(BigDecimal available, boolean forLimit, boolean includeByok) {
        return bounds.stream()
                .mapToLong(bound -> bound.affordable(available, forLimit, includeByok))
                .min()
                .orElse(requestedTokens);
    }
}
