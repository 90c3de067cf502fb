package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * Prices in USD per single unit (token, request or image), exactly as OpenRouter publishes them. Never {@code double}.
 */
public record Pricing(
        BigDecimal prompt,
        BigDecimal completion,
        BigDecimal request,
        BigDecimal image,
        BigDecimal inputCacheRead,
        BigDecimal inputCacheWrite,
        BigDecimal internalReasoning) {
    public static final Pricing FREE = new Pricing(
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO);

    public Pricing {
        requireNonNull(prompt, "prompt is null");
        requireNonNull(completion, "completion is null");
        requireNonNull(request, "request is null");
        requireNonNull(image, "image is null");
        requireNonNull(inputCacheRead, "inputCacheRead is null");
        requireNonNull(inputCacheWrite, "inputCacheWrite is null");
        requireNonNull(internalReasoning, "internalReasoning is null");
    }

    public static Pricing of(BigDecimal prompt, BigDecimal completion) {
        return new Pricing(
                prompt,
                completion,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    public boolean isFree() {
        return prompt.signum() == 0 && completion.signum() == 0 && request.signum() == 0;
    }
}
