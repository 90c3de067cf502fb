package io.switchboard.web;

import static java.util.Objects.requireNonNull;

/**
 * What the shared layout needs besides the page body: the title, which navigation entry is current, and the visitor.
 *
 * @param section the navigation entry to highlight: "models", "rankings", "keys", "integrations", "credits",
 *     "activity", "admin" or "" for none
 */
public record Chrome(String title, String description, String section, Visitor visitor) {
    public Chrome {
        requireNonNull(title, "title is null");
        requireNonNull(description, "description is null");
        requireNonNull(section, "section is null");
        requireNonNull(visitor, "visitor is null");
    }

    public Chrome(String title, String section, Visitor visitor) {
        this(
                title,
                "Switchboard: one OpenAI-compatible API to hundreds of models, on your own machines.",
                section,
                visitor);
    }
}
