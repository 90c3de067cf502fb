package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import java.util.List;

/**
 * The endpoints to try for one request, in order, and why.
 *
 * @param routes the ordered candidates; never empty
 * @param decisions one sentence per routing decision (filters that removed endpoints, demotions, the pick)
 * @param strategy how the order was made: {@code price-weighted}, {@code sticky}, {@code order}, {@code sort:price},
 *     {@code sort:throughput}, {@code sort:latency}, {@code sort:exacto}
 * @param considered endpoints the listed models have before any filter
 */
public record RoutePlan(List<Route> routes, List<String> decisions, String strategy, int considered) {
    public RoutePlan {
        routes = List.copyOf(routes);
        decisions = List.copyOf(decisions);
        requireNonNull(strategy, "strategy is null");
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one route");
        }
    }

    /** The ordered endpoints alone. */
    public List<Endpoint> endpoints() {
        return routes.stream().map(Route::endpoint).toList();
    }

    /**
     * One candidate.
     *
     * @param reason why it is at this position, e.g. {@code price-weighted pick (p=0.73)} or {@code fallback}
     */
    public record Route(Model model, Endpoint endpoint, String reason) {
        public Route {
            requireNonNull(model, "model is null");
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
