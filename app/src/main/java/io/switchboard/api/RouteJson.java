package io.switchboard.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.json.Json;
import io.switchboard.routing.AutoRouter;
import io.switchboard.routing.RoutePlan;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The route a generation took, stored with it ({@code route_json}) and shown by {@code GET /generation}: the
 * candidates in order with the reason for each position, the routing decisions, every attempt, the endpoint that
 * served (if any) and why, and the auto router's choice.
 */
final class RouteJson {
    private RouteJson() {}

    /** The endpoint that served the request. */
    record Selected(String model, String provider, String providerSlug, String endpoint) {}

    static String render(RouteResolver.Resolved route, List<Attempt> attempts, Selected selected) {
        return render(route, attempts, selected, Map.of());
    }

    /**
     * @param droppedParameters per endpoint id, the request parameters it does not support, dropped before sending;
     *     listed as {@code dropped_parameters} on the attempts at that endpoint
     */
    static String render(
            RouteResolver.Resolved route,
            List<Attempt> attempts,
            Selected selected,
            Map<String, List<String>> droppedParameters) {
        ObjectNode root = Json.object();
        RoutePlan plan = route.plan();
        root.put("strategy", plan.strategy());
        root.put("considered", plan.considered());
        ArrayNode candidates = root.putArray("candidates");
        String selectedReason = null;
        for (RoutePlan.Route candidate : plan.routes()) {
            ObjectNode node = candidates.addObject();
            node.put("model", candidate.model().id());
            node.put("provider", candidate.endpoint().providerSlug());
            node.put("tag", candidate.endpoint().tag());
            node.put("endpoint", candidate.endpoint().id());
            node.put("reason", candidate.reason());
            if (selected != null && candidate.endpoint().id().equals(selected.endpoint())) {
                selectedReason = candidate.reason();
            }
        }
        ArrayNode decisions = root.putArray("decisions");
        plan.decisions().forEach(decisions::add);
        ArrayNode attemptNodes = root.putArray("attempts");
        for (Attempt attempt : attempts) {
            ObjectNode node = attemptNodes.addObject();
            node.put("provider", attempt.provider());
            node.put("endpoint", attempt.endpoint());
            node.put("status", attempt.status());
            node.put("latency_ms", attempt.latencyMs());
            if (attempt.byok()) {
                node.put("is_byok", true);
            }
            if (attempt.error() != null) {
                node.put("error", attempt.error());
            }
            List<String> dropped = droppedParameters.getOrDefault(attempt.endpoint(), List.of());
            if (!dropped.isEmpty()) {
                dropped.forEach(node.putArray("dropped_parameters")::add);
            }
        }
        if (selected == null) {
            root.putNull("selected");
            root.put("reason", attempts.isEmpty() ? "no attempt was made" : "every attempt failed");
        } else {
            ObjectNode node = root.putObject("selected");
            node.put("model", selected.model());
            node.put("provider", selected.providerSlug());
            node.put("provider_name", selected.provider());
            node.put("endpoint", selected.endpoint());
            long failedBefore = attempts.stream()
                    .filter(attempt -> !attempt.endpoint().equals(selected.endpoint()))
                    .count();
            String reason = selectedReason == null ? "fallback" : selectedReason;
            root.put("reason", failedBefore == 0 ? reason : reason + " after " + failedBefore + " failed attempt(s)");
        }
        AutoRouter.Choice auto = route.auto();
        if (auto != null) {
            root.put("router", route.autoAlias());
            ObjectNode node = root.putObject("auto_router");
            node.put("model", auto.model().id());
            node.put("difficulty", auto.assessment().difficulty());
            node.put("tier", auto.assessment().tier());
            ArrayNode signals = node.putArray("signals");
            auto.assessment().signals().forEach(signals::add);
            if (auto.effort() == null) {
                node.putNull("reasoning_effort");
            } else {
                node.put("reasoning_effort", auto.effort());
            }
            ArrayNode eligible = node.putArray("eligible");
            auto.eligible().forEach(eligible::add);
            node.put("reason", auto.reason());
        }
        return new String(Json.MAPPER.writeValueAsBytes(root), UTF_8);
    }

    /** The attempts ({@code provider_responses}) of a stored route, old (a bare array) or new. */
    static JsonNode attempts(JsonNode route) {
        if (route == null || route.isArray()) {
            return route;
        }
        return route.get("attempts");
    }
}
