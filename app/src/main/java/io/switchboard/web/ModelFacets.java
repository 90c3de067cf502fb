package io.switchboard.web;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Provider;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The values the model list's filters offer, from one catalog snapshot; most common first. */
public record ModelFacets(
        List<String> inputModalities, List<String> outputModalities, List<Option> providers, List<String> parameters) {
    public record Option(String value, String label) {}

    static ModelFacets of(Catalog catalog) {
        List<Model> models = catalog.models();
        List<Option> providers = catalog.providers().stream()
                .filter(provider -> catalog.allEndpoints().stream()
                        .anyMatch(endpoint -> endpoint.providerSlug().equals(provider.slug())))
                .sorted(Comparator.comparing(Provider::name, String.CASE_INSENSITIVE_ORDER))
                .map(provider -> new Option(provider.slug(), provider.name()))
                .toList();
        return new ModelFacets(
                byFrequency(models, Model::inputModalities),
                byFrequency(models, Model::outputModalities),
                providers,
                byFrequency(models, Model::supportedParameters));
    }

    private static List<String> byFrequency(List<Model> models, Function<Model, List<String>> values) {
        Map<String, Long> counts = models.stream()
                .flatMap(model -> values.apply(model).stream())
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
