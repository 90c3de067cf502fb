package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.routing.RoutingPreferences;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat completion request: the typed fields the gateway acts on, plus the whole body for translation.
 *
 * @param models the model first, then the {@code models} fallback list, without duplicates
 * @param body the request as sent (with {@code prompt} turned into {@code messages}); unknown fields are kept
 */
record ChatRequest(List<String> models, boolean stream, Long maxTokens, RoutingPreferences routing, ObjectNode body) {
    ChatRequest {
        models = List.copyOf(models);
        requireNonNull(routing, "routing is null");
        requireNonNull(body, "body is null");
    }
}
