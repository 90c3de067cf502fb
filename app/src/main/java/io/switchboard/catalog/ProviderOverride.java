package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A config change to a provider the catalog already has.
 *
 * @param slug the provider to change
 * @param baseUrl the new base URL, or null to keep the catalog's (e.g. point {@code openai} at a proxy)
 * @param apiKeyEnv the new key variable, or null to keep the catalog's
 */
public record ProviderOverride(String slug, String baseUrl, String apiKeyEnv) {
    public ProviderOverride {
        requireNonNull(slug, "slug is null");
    }

    Provider applyTo(Provider provider) {
        return new Provider(
                provider.slug(),
                provider.name(),
                provider.wireFormat(),
                baseUrl == null ? provider.baseUrl() : baseUrl,
                apiKeyEnv == null ? provider.apiKeyEnv() : apiKeyEnv,
                provider.dataPolicy(),
                provider.unsupportedParameters());
    }
}
