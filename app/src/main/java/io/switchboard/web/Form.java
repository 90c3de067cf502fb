package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a person typed into a form and what was wrong with it, so a page shown again after an error keeps the values
 * and puts each message next to its field.
 */
public record Form(Map<String, String> values, Map<String, String> errors) {
    public Form {
        values = Map.copyOf(requireNonNull(values, "values is null"));
        errors = Map.copyOf(requireNonNull(errors, "errors is null"));
    }

    public static Form empty() {
        return new Form(Map.of(), Map.of());
    }

    public static Form of(Map<String, String> values) {
        return new Form(values, Map.of());
    }

    /** The value typed into a field, or "" (templates render it as the input's value). */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The message for a field, or null when it was fine. */
    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public Form withError(String field, String message) {
        Map<String, String> more = new LinkedHashMap<>(errors);
        more.putIfAbsent(field, message);
        return new Form(values, more);
    }
}
