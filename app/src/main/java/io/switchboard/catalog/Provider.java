package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An upstream provider.
 *
 * @param slug routing slug used in {@code provider.order/only/ignore} (e.g. {@code together})
 * @param name display name returned as {@code provider} in responses (e.g. {@code Together})
 * @param baseUrl base URL the adapter appends its paths to (e.g. {@code https://api.together.xyz/v1})
 * @param apiKeyEnv environment variable holding the shared key (e.g. {@code TOGETHER_API_KEY})
 * @param unsupportedParameters request parameters this host rejects; the adapter drops them
 */
public record Provider(
        String slug,
        String name,
        WireFormat wireFormat,
        String baseUrl,
        String apiKeyEnv,
        DataPolicy dataPolicy,
        List<String> unsupportedParameters) {
    public Provider {
        requireNonNull(slug, "slug is null");
        requireNonNull(name, "name is null");
        requireNonNull(wireFormat, "wireFormat is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(apiKeyEnv, "apiKeyEnv is null");
        requireNonNull(dataPolicy, "dataPolicy is null");
        unsupportedParameters = List.copyOf(unsupportedParameters);
    }

    public Provider withBaseUrl(String newBaseUrl) {
        return new Provider(slug, name, wireFormat, newBaseUrl, apiKeyEnv, dataPolicy, unsupportedParameters);
    }
}
