package io.switchboard.routing;

import java.util.List;

/**
 * The request's {@code provider} object, parsed.
 *
 * @param order provider slugs to try first, in this order
 * @param allowFallbacks false: only the {@code order}ed providers may serve
 * @param only allowlist of provider slugs (empty = all)
 * @param ignore denylist of provider slugs
 */
public record RoutingPreferences(List<String> order, boolean allowFallbacks, List<String> only, List<String> ignore) {
    public static final RoutingPreferences DEFAULT = new RoutingPreferences(List.of(), true, List.of(), List.of());

    public RoutingPreferences {
        order = List.copyOf(order);
        only = List.copyOf(only);
        ignore = List.copyOf(ignore);
    }
}
