package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model as {@code GET /models} lists it.
 *
 * @param source the model's full OpenRouter entry, served as-is by {@code /models} so every real field survives
 * @param requiresByok true when only a user's own provider key may call it
 */
public record Model(
        String id,
        String canonicalSlug,
        String name,
        long created,
        String description,
        long contextLength,
        List<String> inputModalities,
        List<String> outputModalities,
        Pricing pricing,
        List<String> supportedParameters,
        boolean requiresByok,
        ObjectNode source) {
    public Model {
        requireNonNull(id, "id is null");
        requireNonNull(canonicalSlug, "canonicalSlug is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        requireNonNull(pricing, "pricing is null");
        supportedParameters = List.copyOf(supportedParameters);
        requireNonNull(source, "source is null");
    }

    /** The author part of {@code author/slug}. */
    public String author() {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }
}
