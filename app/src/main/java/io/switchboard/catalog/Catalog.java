package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of every model, provider and endpoint. Lookups are O(1); swap the whole snapshot to change it. */
public final class Catalog {
    private final Map<String, Provider> providers;
    private final Map<String, Model> models;
    private final Map<String, List<Endpoint>> endpointsByModel;

    public Catalog(List<Provider> providers, List<Model> models, List<Endpoint> endpoints) {
        requireNonNull(providers, "providers is null");
        requireNonNull(models, "models is null");
        requireNonNull(endpoints, "endpoints is null");
        Map<String, Provider> providerMap = new LinkedHashMap<>();
        for (Provider provider : providers) {
            providerMap.put(provider.slug(), provider);
        }
        Map<String, Model> modelMap = new LinkedHashMap<>();
        for (Model model : models) {
            modelMap.put(model.id(), model);
        }
        Map<String, List<Endpoint>> byModel = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            if (!modelMap.containsKey(endpoint.modelId())) {
                throw new IllegalArgumentException("endpoint for unknown model: " + endpoint.modelId());
            }
            if (!providerMap.containsKey(endpoint.providerSlug())) {
                throw new IllegalArgumentException("endpoint for unknown provider: " + endpoint.providerSlug());
            }
            byModel.computeIfAbsent(endpoint.modelId(), _ -> new ArrayList<>()).add(endpoint);
        }
        Map<String, List<Endpoint>> frozen = new LinkedHashMap<>();
        byModel.forEach((model, list) -> frozen.put(model, List.copyOf(list)));
        this.providers = Map.copyOf(providerMap);
        this.models = java.util.Collections.unmodifiableMap(modelMap);
        this.endpointsByModel = Map.copyOf(frozen);
    }

    public Optional<Model> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public List<Model> models() {
        return List.copyOf(models.values());
    }

    public List<Endpoint> endpoints(String modelId) {
        return endpointsByModel.getOrDefault(modelId, List.of());
    }

    public List<Endpoint> allEndpoints() {
        return endpointsByModel.values().stream().flatMap(List::stream).toList();
    }

    public Optional<Provider> provider(String slug) {
        return Optional.ofNullable(providers.get(slug));
    }

    public List<Provider> providers() {
        return providers.values().stream()
                .sorted(java.util.Comparator.comparing(Provider::slug))
                .toList();
    }

    /** A copy in which every provider's base URL is replaced, e.g. to point all of them at the simulator. */
    public Catalog withAllBaseUrls(java.util.function.Function<Provider, String> baseUrl) {
        List<Provider> rewritten = providers.values().stream()
                .map(provider -> provider.withBaseUrl(baseUrl.apply(provider)))
                .toList();
        return new Catalog(rewritten, List.copyOf(models.values()), allEndpoints());
    }
}
