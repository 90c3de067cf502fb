package io.switchboard.web;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The model list's search, filters and order, from the GET form's query parameters. Blank values mean "any"; a value
 * the catalog does not know is a 400 page naming it, so a mistyped link never silently shows the wrong list.
 *
 * @param maxPrice dollars per million input tokens
 */
public record ModelQuery(
        String q,
        String input,
        String output,
        Long minContext,
        BigDecimal maxPrice,
        String provider,
        String parameter,
        Sort sort) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public enum Sort {
        NEWEST("newest", "Newest"),
        PRICE("price", "Price: low to high"),
        CONTEXT("context", "Context: high to low"),
        NAME("name", "Name");

        private final String value;
        private final String label;

        Sort(String value, String label) {
            this.value = value;
            this.label = label;
        }

        public String value() {
            return value;
        }

        public String label() {
            return label;
        }
    }

    static ModelQuery parse(Function<String, String> query, ModelFacets facets) throws PageException {
        String q = blankToNull(query.apply("q"));
        String input = choice(query.apply("input"), facets.inputModalities(), "input modality");
        String output = choice(query.apply("output"), facets.outputModalities(), "output modality");
        String provider = choice(
                query.apply("provider"),
                facets.providers().stream().map(ModelFacets.Option::value).toList(),
                "provider");
        String parameter = choice(query.apply("parameter"), facets.parameters(), "supported parameter");
        Long minContext = null;
        String context = blankToNull(query.apply("min_context"));
        if (context != null) {
            try {
                minContext = Long.parseLong(context);
            } catch (NumberFormatException e) {
                minContext = -1L;
            }
            if (minContext < 0) {
                throw PageException.badRequest("The minimum context length \"" + context
                        + "\" is not a whole number of tokens, such as 128000.");
            }
        }
        BigDecimal maxPrice = null;
        String price = blankToNull(query.apply("max_price"));
        if (price != null) {
            try {
                maxPrice = new BigDecimal(price);
            } catch (NumberFormatException e) {
                maxPrice = BigDecimal.ONE.negate();
            }
            if (maxPrice.signum() < 0) {
                throw PageException.badRequest("The maximum price \"" + price
                        + "\" is not an amount of dollars per million input tokens, such as 0.5.");
            }
        }
        Sort sort = Sort.NEWEST;
        String order = blankToNull(query.apply("sort"));
        if (order != null) {
            sort = Arrays.stream(Sort.values())
                    .filter(candidate -> candidate.value.equals(order))
                    .findFirst()
                    .orElseThrow(() -> PageException.badRequest(
                            "The order \"" + order + "\" is not one of newest, price, context or name."));
        }
        return new ModelQuery(q, input, output, minContext, maxPrice, provider, parameter, sort);
    }

    public boolean filtered() {
        return q != null
                || input != null
                || output != null
                || minContext != null
                || maxPrice != null
                || provider != null
                || parameter != null;
    }

    public List<Model> apply(Catalog catalog) {
        List<String> words = q == null
                ? List.of()
                : Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+"))
                        .filter(word -> !word.isEmpty())
                        .toList();
        return catalog.models().stream()
                .filter(model -> words.stream().allMatch(word -> matches(model, word)))
                .filter(model -> input == null || model.inputModalities().contains(input))
                .filter(model -> output == null || model.outputModalities().contains(output))
                .filter(model -> minContext == null || model.contextLength() >= minContext)
                .filter(model -> maxPrice == null || withinPrice(model))
                .filter(model -> provider == null
                        || catalog.endpoints(model.id()).stream()
                                .anyMatch(endpoint -> endpoint.providerSlug().equals(provider)))
                .filter(model ->
                        parameter == null || model.supportedParameters().contains(parameter))
                .sorted(comparator())
                .toList();
    }

    private static boolean matches(Model model, String word) {
        return model.name().toLowerCase(Locale.ROOT).contains(word)
                || model.id().toLowerCase(Locale.ROOT).contains(word)
                || model.description().toLowerCase(Locale.ROOT).contains(word);
    }

    private boolean withinPrice(Model model) {
        BigDecimal prompt = model.pricing().prompt();
        // A negative price marks a router whose price is the routed model's: unknown, so not within any cap.
        return prompt.signum() >= 0 && prompt.multiply(MILLION).compareTo(maxPrice) <= 0;
    }

    private Comparator<Model> comparator() {
        Comparator<Model> byName = Comparator.comparing(model -> model.name().toLowerCase(Locale.ROOT));
        return switch (sort) {
            case NEWEST -> Comparator.comparingLong(Model::created).reversed().thenComparing(byName);
            case PRICE ->
                Comparator.comparing((Model model) -> model.pricing().prompt().signum() < 0)
                        .thenComparing(model -> model.pricing().prompt())
                        .thenComparing(model -> model.pricing().completion())
                        .thenComparing(byName);
            case CONTEXT ->
                Comparator.comparingLong(Model::contextLength).reversed().thenComparing(byName);
            case NAME -> byName;
        };
    }

    private static String choice(String value, List<String> allowed, String what) throws PageException {
        String chosen = blankToNull(value);
        if (chosen == null || allowed.contains(chosen)) {
            return chosen;
        }
        throw PageException.badRequest(
                "There is no " + what + " \"" + chosen + "\". Choose one of: " + String.join(", ", allowed) + ".");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
