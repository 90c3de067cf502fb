package io.switchboard.accounting;

import tools.jackson.databind.JsonNode;

/**
 * Token counts of one generation as the provider reported them. {@code completionTokens} includes reasoning tokens,
 * {@code promptTokens} includes cached and cache-write tokens, as in the OpenAI usage object.
 */
public record TokenUsage(
        long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens, long reasoningTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage {
        if (promptTokens < 0
                || completionTokens < 0
                || cachedTokens < 0
                || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Reads an OpenAI-shaped {@code usage} object; missing fields count as zero. */
    public static TokenUsage fromOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return ZERO;
        }
        return new TokenUsage(
                nonNegative(usage.path("prompt_tokens").asLong(0)),
                nonNegative(usage.path("completion_tokens").asLong(0)),
                nonNegative(usage.path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asLong(0)),
                nonNegative(usage.path("prompt_tokens_details")
                        .path("cache_write_tokens")
                        .asLong(0)),
                nonNegative(usage.path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .asLong(0)));
    }

    private static long nonNegative(long value) {
        return Math.max(0, value);
    }
}
