package io.switchboard.providers;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.ParameterSupport;
import io.switchboard.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops, before a request goes to an endpoint, the parameters the endpoint does not list as supported (OpenRouter's
 * behaviour without {@code provider.require_parameters}; see {@link ParameterSupport} for the vocabulary, the aliases
 * and why an empty list drops nothing). A parameter sent as {@code null} is not a parameter and is not reported.
 */
public final class ParameterFilter {
    private ParameterFilter() {}

    /**
     * The request as this endpoint gets it.
     *
     * @param request the client's request when nothing was dropped, else a shallow copy without the dropped fields
     *     (their values are shared with the original, which must not be mutated)
     * @param dropped the dropped field names in request order, empty when none
     */
    public record Filtered(ObjectNode request, List<String> dropped) {
        public Filtered {
            dropped = List.copyOf(dropped);
        }
    }

    public static Filtered apply(ObjectNode request, Endpoint endpoint) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            if (!entry.getValue().isNull()) {
                fields.add(entry.getKey());
            }
        }
        List<String> dropped = ParameterSupport.unsupported(endpoint, fields);
        if (dropped.isEmpty()) {
            return new Filtered(request, List.of());
        }
        ObjectNode copy = Json.object();
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            if (!dropped.contains(entry.getKey())) {
                copy.set(entry.getKey(), entry.getValue());
            }
        }
        return new Filtered(copy, dropped);
    }
}
