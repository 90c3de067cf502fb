package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import io.switchboard.routing.AutoRouter;
import io.switchboard.routing.NoRouteException;
import io.switchboard.routing.RoutePlan;
import io.switchboard.routing.RouteRequest;
import io.switchboard.routing.RouteTarget;
import io.switchboard.routing.Router;
import io.switchboard.routing.RoutingPreferences;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves the request's model names into routing targets (variant suffixes {@code :free}, {@code :nitro},
 * {@code :floor}, {@code :exacto}; the auto router) and asks the {@link Router} for the plan. Unknown model: 400;
 * nothing left: 404 naming the filter.
 */
final class RouteResolver {
    private final Router router;
    private final AutoRouter autoRouter;

    RouteResolver(Router router, AutoRouter autoRouter) {
        this.router = requireNonNull(router, "router is null");
        this.autoRouter = requireNonNull(autoRouter, "autoRouter is null");
    }

    /**
     * The routing outcome of one request.
     *
     * @param auto the auto router's choice, null when the request did not ask for it
     * @param autoAlias the model id the client used for the auto router ({@code openrouter/auto}), null without it
     */
    record Resolved(RoutePlan plan, RouteRequest request, AutoRouter.Choice auto, String autoAlias) {}

    Router router() {
        return router;
    }

    Resolved resolve(Catalog snapshot, ChatRequest request, String keyHash, String sessionHeader) throws ApiException {
        RouteRequest routeRequest = RouteRequests.of(request, keyHash, sessionHeader);
        List<RouteTarget> targets = new ArrayList<>();
        AutoRouter.Choice auto = null;
        String autoAlias = null;
        String lastFailure = null;
        for (String requested : request.models()) {
            if (AutoRouter.isAuto(requested)) {
                try {
                    RouteRequests.AutoRouterPlugin plugin = RouteRequests.autoRouterPlugin(request.body());
                    AutoRouter.Choice choice = autoRouter.choose(
                            routeRequest,
                            plugin == null ? List.of() : plugin.allowedModels(),
                            plugin == null ? List.of() : plugin.excludedModels());
                    if (auto == null) {
                        auto = choice;
                        autoAlias = requested;
                        applyEffort(request.body(), choice, targets.isEmpty());
                    }
                    targets.add(new RouteTarget(requested, choice.model(), false, null));
                } catch (NoRouteException e) {
                    lastFailure = e.getMessage();
                }
                continue;
            }
            RouteTarget target = target(snapshot, requested);
            if (target == null) {
                if (request.models().size() == 1) {
                    throw ApiException.badRequest(
                            requested + " is not a valid model ID. GET /api/v1/models lists them.");
                }
                lastFailure = requested + " is not a valid model ID.";
                continue;
            }
            targets.add(target);
        }
        if (targets.isEmpty()) {
            throw new ApiException(404, lastFailure == null ? "No endpoints found." : lastFailure);
        }
        try {
            RoutePlan plan = router.plan(routeRequest, targets, request.routing());
            return new Resolved(plan, routeRequest, auto, autoAlias);
        } catch (NoRouteException e) {
            String message = lastFailure == null ? e.getMessage() : e.getMessage() + " " + lastFailure;
            throw new ApiException(404, message);
        }
    }

    /**
     * A catalog model by exact id first (the catalog has real {@code :free} and {@code :batch} ids); otherwise the
     * longest known prefix before {@code :} suffixes, which become variants. Null when the model is unknown.
     */
    static RouteTarget target(Catalog snapshot, String requested) {
        Model exact = snapshot.model(requested).orElse(null);
        if (exact != null) {
            return new RouteTarget(requested, exact, false, null);
        }
        String[] parts = requested.split(":", -1);
        for (int known = parts.length - 1; known >= 1; known--) {
            String id = String.join(":", java.util.Arrays.copyOfRange(parts, 0, known));
            Model model = snapshot.model(id).orElse(null);
            if (model == null) {
                continue;
            }
            boolean freeOnly = false;
            RoutingPreferences.By sort = null;
            for (int i = known; i < parts.length; i++) {
                switch (parts[i]) {
                    case "free" -> {
                        Model free = snapshot.model(model.id() + ":free").orElse(null);
                        if (free != null) {
                            model = free;
                        } else {
                            freeOnly = true;
                        }
                    }
                    case "nitro" -> sort = RoutingPreferences.By.THROUGHPUT;
                    case "floor" -> sort = RoutingPreferences.By.PRICE;
                    case "exacto" -> sort = RoutingPreferences.By.EXACTO;
                    default -> {
                        // :online, :extended, :thinking and the like change nothing about the provider order
                    }
                }
            }
            return new RouteTarget(requested, model, freeOnly, sort);
        }
        return null;
    }

    /** Sets {@code reasoning.effort} from the auto router's intent signal when the client did not set one. */
    private static void applyEffort(ObjectNode body, AutoRouter.Choice choice, boolean primary) {
        if (!primary || choice.effort() == null) {
            return;
        }
        JsonNode reasoning = body.get("reasoning");
        if (reasoning == null || reasoning.isNull()) {
            body.putObject("reasoning").put("effort", choice.effort());
        }
    }
}
