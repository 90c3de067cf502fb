package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row per inference request, whatever its outcome: what {@code GET /generation} returns and what usage sums.
 *
 * <p>Nullable: {@code providerSlug}, {@code providerName}, {@code upstreamId}, {@code finishReason}, {@code
 * nativeFinishReason}, {@code latencyMs} (time to first token), {@code appReferer}, {@code appTitle}, {@code
 * errorMessage}, {@code routeJson}, {@code upstreamCost} (set for BYOK generations only: what the provider charged the
 * user's own key, while {@code cost} is Switchboard's fee).
 */
public record GenerationRecord(
        String id,
        String userId,
        String keyHash,
        String model,
        String providerSlug,
        String providerName,
        String upstreamId,
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        long reasoningTokens,
        BigDecimal cost,
        boolean byok,
        boolean streamed,
        boolean cancelled,
        boolean simulated,
        String finishReason,
        String nativeFinishReason,
        Long latencyMs,
        long generationTimeMs,
        int status,
        String errorMessage,
        String appReferer,
        String appTitle,
        String routeJson,
        Instant createdAt,
        BigDecimal upstreamCost) {
    public GenerationRecord {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(keyHash, "keyHash is null");
        requireNonNull(model, "model is null");
        requireNonNull(cost, "cost is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** A generation without BYOK upstream cost. */
    public GenerationRecord(
            String id,
            String userId,
            String keyHash,
            String model,
            String providerSlug,
            String providerName,
            String upstreamId,
            long promptTokens,
            long completionTokens,
            long cachedTokens,
            long reasoningTokens,
            BigDecimal cost,
            boolean byok,
            boolean streamed,
            boolean cancelled,
            boolean simulated,
            String finishReason,
            String nativeFinishReason,
            Long latencyMs,
            long generationTimeMs,
            int status,
            String errorMessage,
            String appReferer,
            String appTitle,
            String routeJson,
            Instant createdAt) {
        this(
                id,
                userId,
                keyHash,
                model,
                providerSlug,
                providerName,
                upstreamId,
                promptTokens,
                completionTokens,
                cachedTokens,
                reasoningTokens,
                cost,
                byok,
                streamed,
                cancelled,
                simulated,
                finishReason,
                nativeFinishReason,
                latencyMs,
                generationTimeMs,
                status,
                errorMessage,
                appReferer,
                appTitle,
                routeJson,
                createdAt,
                null);
    }
}
