package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies config overrides to a catalog. Each method returns a new snapshot and leaves {@code base} untouched, so the
 * gateway can swap catalogs atomically. Unknown slugs in overrides fail loudly: a typo in config should not silently
 * leave the bundled setting in place.
 */
public final class CatalogMerge {
    private CatalogMerge() {}

    /**
     * Adds or replaces providers, models and endpoints.
     *
     * <ul>
     *   <li>A provider with an existing slug replaces it; others are added.
     *   <li>A model with an existing id replaces it (its endpoints stay unless replaced too); others are added.
     *   <li>An endpoint with an existing {@link Endpoint#id()} ({@code tag:model}) replaces it; others are added.
     * </ul>
     *
     * @throws IllegalArgumentException when an endpoint names a model or provider that exists in neither
     */
    public static Catalog withOverrides(
            Catalog base, List<Provider> providers, List<Model> extraModels, List<Endpoint> extraEndpoints) {
        requireNonNull(base, "base is null");
        requireNonNull(providers, "providers is null");
        requireNonNull(extraModels, "extraModels is null");
        requireNonNull(extraEndpoints, "extraEndpoints is null");
        Map<String, Provider> providerMap = new LinkedHashMap<>();
        base.providers().forEach(provider -> providerMap.put(provider.slug(), provider));
        providers.forEach(provider -> providerMap.put(provider.slug(), provider));
        Map<String, Model> modelMap = new LinkedHashMap<>();
        base.models().forEach(model -> modelMap.put(model.id(), model));
        extraModels.forEach(model -> modelMap.put(model.id(), model));
        Map<String, Endpoint> endpointMap = new LinkedHashMap<>();
        // Walk models in catalog order so endpoint order per model is stable.
        for (Model model : base.models()) {
            base.endpoints(model.id()).forEach(endpoint -> endpointMap.put(endpoint.id(), endpoint));
        }
        extraEndpoints.forEach(endpoint -> endpointMap.put(endpoint.id(), endpoint));
        return new Catalog(
                List.copyOf(providerMap.values()), List.copyOf(modelMap.values()), List.copyOf(endpointMap.values()));
    }

    /**
     * Changes base URLs and key variables of existing providers.
     *
     * @throws IllegalArgumentException when an override names a provider the catalog does not have
     */
    public static Catalog withProviderSettings(Catalog base, List<ProviderOverride> overrides) {
        requireNonNull(base, "base is null");
        requireNonNull(overrides, "overrides is null");
        List<Provider> changed = new ArrayList<>();
        for (ProviderOverride override : overrides) {
            Provider provider = base.provider(override.slug())
                    .orElseThrow(
                            () -> new IllegalArgumentException("override for unknown provider: " + override.slug()));
            changed.add(override.applyTo(provider));
        }
        return withOverrides(base, changed, List.of(), List.of());
    }
}
