package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Model;

/**
 * One model of the request ({@code model}, then each of {@code models}) with what its variant suffix asks for.
 *
 * @param requested the id as the client wrote it, e.g. {@code openai/gpt-oss-20b:nitro}
 * @param freeOnly {@code :free} on a model without its own {@code :free} id: only free endpoints
 * @param variantSort {@code :nitro} (throughput) or {@code :floor} (price); null for none. An explicit
 *     {@code provider.sort} wins
 */
public record RouteTarget(String requested, Model model, boolean freeOnly, RoutingPreferences.By variantSort) {
    public RouteTarget {
        requireNonNull(requested, "requested is null");
        requireNonNull(model, "model is null");
    }

    public static RouteTarget of(Model model) {
        return new RouteTarget(model.id(), model, false, null);
    }
}
