package io.switchboard.providers;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Provider;

/**
 * Where one attempt goes.
 *
 * @param apiKey the key sent to the provider: the shared one, or the user's own when {@code byok}
 */
public record UpstreamTarget(Provider provider, Endpoint endpoint, String apiKey, boolean byok) {
    public UpstreamTarget {
        requireNonNull(provider, "provider is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(apiKey, "apiKey is null");
    }
}
