package io.switchboard.config;

import java.util.List;

/**
 * A provider override or addition. All fields optional for overrides; {@code name}, {@code wireFormat} and {@code
 * baseUrl} are required for a new provider.
 *
 * @param wireFormat {@code openai}, {@code anthropic} or {@code gemini}
 * @param apiKey the key itself (prefer {@code apiKeyEnv} so secrets stay out of files)
 * @param firstByteTimeoutMs overrides {@code upstream.first_byte_timeout_ms} for this provider; null keeps it
 * @param idleTimeoutMs overrides {@code upstream.idle_timeout_ms} for this provider; null keeps it
 * @param totalTimeoutMs overrides {@code upstream.total_timeout_ms} for this provider; null keeps it
 * @param maxConcurrent overrides {@code upstream.max_concurrent_per_provider} for this provider; null keeps it
 */
public record ProviderConfig(
        String name,
        String wireFormat,
        String baseUrl,
        String apiKey,
        String apiKeyEnv,
        List<String> unsupportedParameters,
        Long firstByteTimeoutMs,
        Long idleTimeoutMs,
        Long totalTimeoutMs,
        Integer maxConcurrent) {
    public ProviderConfig {
        unsupportedParameters = unsupportedParameters == null ? List.of() : List.copyOf(unsupportedParameters);
        positive(firstByteTimeoutMs, "first_byte_timeout_ms");
        positive(idleTimeoutMs, "idle_timeout_ms");
        positive(totalTimeoutMs, "total_timeout_ms");
        positive(maxConcurrent == null ? null : maxConcurrent.longValue(), "max_concurrent");
    }

    /** A provider without its own timeouts or concurrency limit. */
    public ProviderConfig(
            String name,
            String wireFormat,
            String baseUrl,
            String apiKey,
            String apiKeyEnv,
            List<String> unsupportedParameters) {
        this(name, wireFormat, baseUrl, apiKey, apiKeyEnv, unsupportedParameters, null, null, null, null);
    }

    private static void positive(Long value, String field) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("providers.<slug>." + field + " must be positive: " + value);
        }
    }
}
