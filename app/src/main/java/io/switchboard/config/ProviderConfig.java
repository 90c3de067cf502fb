package io.switchboard.config;

import java.util.List;

/**
 * A provider override or addition. All fields optional for overrides; {@code name}, {@code wireFormat} and {@code
 * baseUrl} are required for a new provider.
 *
 * @param wireFormat {@code openai}, {@code anthropic} or {@code gemini}
 * @param apiKey the key itself (prefer {@code apiKeyEnv} so secrets stay out of files)
 */
public record ProviderConfig(
        String name,
        String wireFormat,
        String baseUrl,
        String apiKey,
        String apiKeyEnv,
        List<String> unsupportedParameters) {
    public ProviderConfig {
        unsupportedParameters = unsupportedParameters == null ? List.of() : List.copyOf(unsupportedParameters);
    }
}
