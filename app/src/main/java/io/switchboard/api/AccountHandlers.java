package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.GenerationLog;
import io.switchboard.accounting.GenerationRecord;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.Principal;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The caller's own data: {@code GET /key}, {@code /credits} and {@code /generation}. */
public final class AccountHandlers {
    private final AccountService accounts;
    private final GenerationLog generations;

    public AccountHandlers(AccountService accounts, GenerationLog generations) {
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.generations = requireNonNull(generations, "generations is null");
    }

    public void register(ApiRouter router, Authentication authentication) {
        router.add("GET", "/api/v1/key", authentication.require(this::key));
        router.add("GET", "/api/v1/auth/key", authentication.require(this::key));
        router.add("GET", "/api/v1/credits", authentication.require(this::credits));
        router.add("GET", "/api/v1/generation", authentication.require(this::generation));
    }

    private void key(Exchange exchange) {
        Principal principal = exchange.principal();
        accounts.ensureKnown(principal.user().id());
        ApiKey key = principal.key();
        BigDecimal usage = accounts.keyUsage(key.hash());
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("label", key.label());
        data.put("name", key.name());
        if (key.limit() == null) {
            data.putNull("limit");
            data.putNull("limit_remaining");
        } else {
            data.put("limit", key.limit());
            data.put("limit_remaining", key.limit().subtract(usage).max(BigDecimal.ZERO));
        }
        data.put("usage", usage);
        data.put("is_free_tier", accounts.credits(principal.user().id()).signum() == 0);
        data.put("is_provisioning_key", false);
        exchange.sendJson(200, root);
    }

    private void credits(Exchange exchange) {
        String userId = exchange.principal().user().id();
        accounts.ensureKnown(userId);
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("total_credits", accounts.credits(userId));
        data.put("total_usage", accounts.usage(userId));
        exchange.sendJson(200, root);
    }

    private void generation(Exchange exchange) throws ApiException {
        String id = exchange.query("id");
        if (id == null || id.isBlank()) {
            throw ApiException.badRequest("Query parameter 'id' is required, e.g. /api/v1/generation?id=gen-...");
        }
        GenerationRecord record = generations
                .find(id)
                .filter(found ->
                        found.userId().equals(exchange.principal().user().id()))
                .orElseThrow(() -> new ApiException(404, "Generation " + id + " was not found."));
        exchange.sendJson(200, render(record));
    }

    static ObjectNode render(GenerationRecord record) {
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("id", record.id());
        data.put("upstream_id", record.upstreamId());
        data.put("total_cost", record.cost());
        data.put("usage", record.cost());
        data.put("is_byok", record.byok());
        data.put("created_at", record.createdAt().atOffset(ZoneOffset.UTC).toString());
        data.put("model", record.model());
        data.put("provider_name", record.providerName());
        data.put("provider_slug", record.providerSlug());
        data.put("streamed", record.streamed());
        data.put("cancelled", record.cancelled());
        data.put("simulated", record.simulated());
        if (record.latencyMs() == null) {
            data.putNull("latency");
        } else {
            data.put("latency", record.latencyMs());
        }
        data.put("generation_time", record.generationTimeMs());
        data.put("finish_reason", record.finishReason());
        data.put("native_finish_reason", record.nativeFinishReason());
        data.put("tokens_prompt", record.promptTokens());
        data.put("tokens_completion", record.completionTokens());
        data.put("native_tokens_prompt", record.promptTokens());
        data.put("native_tokens_completion", record.completionTokens());
        data.put("native_tokens_reasoning", record.reasoningTokens());
        data.put("native_tokens_cached", record.cachedTokens());
        data.put("http_referer", record.appReferer());
        data.put("app_title", record.appTitle());
        data.put("status", record.status());
        data.put("error", record.errorMessage());
        data.put("api_type", "completions");
        JsonNode route = record.routeJson() == null ? null : Json.MAPPER.readTree(record.routeJson());
        JsonNode attempts = RouteJson.attempts(route);
        if (attempts != null) {
            data.set("provider_responses", attempts);
        }
        if (route != null && route.isObject()) {
            // OpenRouter's "router" is the router model used (openrouter/auto), null otherwise; "routing" is the route.
            data.set("router", route.path("router").isString() ? route.get("router") : data.nullNode());
            data.set("routing", route);
        }
        return root;
    }
}
