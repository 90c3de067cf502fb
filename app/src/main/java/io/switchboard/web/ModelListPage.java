package io.switchboard.web;

import java.util.List;

/** The parameter of {@code models.jte}. */
public record ModelListPage(Chrome chrome, ModelQuery query, ModelFacets facets, List<ModelRow> rows, int total) {
    static final List<ModelFacets.Option> CONTEXTS = List.of(
            new ModelFacets.Option("8000", "8K or more"),
            new ModelFacets.Option("32000", "32K or more"),
            new ModelFacets.Option("128000", "128K or more"),
            new ModelFacets.Option("200000", "200K or more"),
            new ModelFacets.Option("1000000", "1M or more"));
    static final List<ModelFacets.Option> PRICES = List.of(
            new ModelFacets.Option("0", "Free"),
            new ModelFacets.Option("0.1", "Up to $0.10/M"),
            new ModelFacets.Option("0.5", "Up to $0.50/M"),
            new ModelFacets.Option("1", "Up to $1/M"),
            new ModelFacets.Option("5", "Up to $5/M"),
            new ModelFacets.Option("10", "Up to $10/M"));

    public String minContextValue() {
        return query.minContext() == null ? "" : Long.toString(query.minContext());
    }

    public String maxPriceValue() {
        return query.maxPrice() == null
                ? ""
                : query.maxPrice().stripTrailingZeros().toPlainString();
    }

    /** The preset choices plus the current value when a link asked for another one, so the select shows it. */
    public List<ModelFacets.Option> contextOptions() {
        return withCurrent(
                CONTEXTS,
                minContextValue(),
                Formats.tokens(query.minContext() == null ? 0 : query.minContext()) + " or more");
    }

    public List<ModelFacets.Option> priceOptions() {
        return withCurrent(PRICES, maxPriceValue(), "Up to $" + maxPriceValue() + "/M");
    }

    public String resultCount() {
        return rows.size() == total
                ? Formats.count(total) + " models"
                : rows.size() + (rows.size() == 1 ? " model" : " models") + " of " + total;
    }

    private static List<ModelFacets.Option> withCurrent(
            List<ModelFacets.Option> presets, String current, String label) {
        if (current.isEmpty()
                || presets.stream().anyMatch(option -> option.value().equals(current))) {
            return presets;
        }
        return java.util.stream.Stream.concat(
                        presets.stream(), java.util.stream.Stream.of(new ModelFacets.Option(current, label)))
                .toList();
    }
}
