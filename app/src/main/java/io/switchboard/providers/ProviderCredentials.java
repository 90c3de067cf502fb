package io.switchboard.providers;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Provider;
import java.util.Map;
import java.util.Optional;

/**
 * The shared provider keys: from configuration first, then from the provider's environment variable. In simulated
 * mode every provider gets a placeholder key, since the simulator accepts any.
 */
public final class ProviderCredentials {
    private final Map<String, String> configured;
    private final Map<String, String> environment;
    private final boolean simulated;

    public ProviderCredentials(Map<String, String> configured, Map<String, String> environment, boolean simulated) {
        this.configured = Map.copyOf(requireNonNull(configured, "configured is null"));
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.simulated = simulated;
    }

    /** True when every provider is the simulator, so its scripting headers may pass through. */
    public boolean simulated() {
        return simulated;
    }

    public Optional<String> keyFor(Provider provider) {
        String key = configured.get(provider.slug());
        if (key == null || key.isBlank()) {
            key = environment.get(provider.apiKeyEnv());
        }
        if ((key == null || key.isBlank()) && simulated) {
            key = "simulated-" + provider.slug();
        }
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key);
    }
}
