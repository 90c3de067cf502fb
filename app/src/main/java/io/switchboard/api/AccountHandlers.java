package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.GenerationLog;
import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.Principal;
import io.switchboard.keys.User;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caller's own data: {@code GET /key}, {@code /credits}, {@code /activity} and {@code /generation} (any key);
 * granting credits ({@code POST /credits}, admin keys); and the public app rankings from the attribution rollup.
 */
public final class AccountHandlers {
    private static final int ACTIVITY_DAYS = 30;
    private static final Set<String> GRANT_FIELDS = Set.of("user", "amount", "reason");

    private final AccountService accounts;
    private final GenerationLog generations;
    private final GenerationStore store;
    private final KeyService keys;
    private final Clock clock;

    public AccountHandlers(AccountService accounts, GenerationLog generations) {
        this(accounts, generations, null, null, Clock.systemUTC());
    }

    /**
     * @param store for activity and rankings; null serves them empty
     * @param keys for granting credits by user name; null disables grants
     */
    public AccountHandlers(
            AccountService accounts, GenerationLog generations, GenerationStore store, KeyService keys, Clock clock) {
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.generations = requireNonNull(generations, "generations is null");
        this.store = store;
        this.keys = keys;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(ApiRouter router, Authentication authentication) {
        router.add("GET", "/api/v1/key", authentication.requireAny(this::key));
        router.add("GET", "/api/v1/auth/key", authentication.requireAny(this::key));
        router.add("GET", "/api/v1/credits", authentication.requireAny(this::credits));
        router.add("POST", "/api/v1/credits", authentication.requireManagement(this::grant));
        router.add("GET", "/api/v1/generation", authentication.requireAny(this::generation));
        router.add("GET", "/api/v1/activity", authentication.requireAny(this::activity));
        router.add("GET", "/api/v1/datasets/app-rankings", this::appRankings);
    }

    private void key(Exchange exchange) {
        Principal principal = exchange.principal();
        String userId = principal.user().id();
        accounts.ensureKnown(userId);
        ApiKey key = principal.key();
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("label", key.label());
        data.put("name", key.name());
        KeysHandlers.putUsd(data, "limit", key.limit());
        data.put(
                "limit_reset",
                key.limitReset() == null ? null : key.limitReset().wireName());
        KeysHandlers.putUsd(data, "limit_remaining", accounts.limitRemaining(userId, key.hash(), key.limits()));
        data.put("include_byok_in_limit", key.includeByokInLimit());
        KeysHandlers.putUsage(data, accounts.keyUsage(userId, key.hash()));
        data.put("is_free_tier", accounts.credits(userId).signum() == 0);
        data.put("is_management_key", key.isManagement());
        data.put("is_provisioning_key", key.isManagement());
        data.put("creator_user_id", userId);
        data.put("expires_at", key.expiresAt() == null ? null : KeysHandlers.iso(key.expiresAt()));
        ObjectNode rateLimit = data.putObject("rate_limit");
        rateLimit.put("requests", key.rateLimitPerMinute() == null ? -1 : key.rateLimitPerMinute());
        rateLimit.put("interval", "1m");
        rateLimit.put("note", key.rateLimitPerMinute() == null ? "no per-key limit" : "requests per minute");
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

    /** {@code POST /credits {"user": name or id, "amount": USD, "reason"?}}: admin keys only. */
    private void grant(Exchange exchange) throws Exception {
        if (exchange.principal().key().kind() != KeyKind.ADMIN || keys == null) {
            throw new ApiException(
                    403,
                    "Granting credits needs an admin key (bin/switchboard keys create --name OPERATOR --admin), or"
                            + " use 'bin/switchboard credits grant --user U --amount USD'.");
        }
        JsonBody body = JsonBody.read(exchange, GRANT_FIELDS, Set.of());
        String user = body.requiredString("user", 200);
        if (!body.has("amount")) {
            throw ApiException.badRequest("'amount' is required.");
        }
        BigDecimal amount = body.usdOrNull("amount");
        if (amount == null || amount.signum() <= 0) {
            throw ApiException.badRequest("'amount' must be a positive number (USD).");
        }
        String reason = body.has("reason") && !body.isNull("reason") ? body.string("reason", 500) : "granted by API";
        User found = keys.findUser(user)
                .or(() -> keys.findUserByName(user))
                .orElseThrow(() -> new ApiException(404, "No user named or with id '" + user + "' was found."));
        accounts.grant(found.id(), amount, reason);
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("user_id", found.id());
        data.put("granted", amount);
        data.put("total_credits", accounts.credits(found.id()));
        data.put("total_usage", accounts.usage(found.id()));
        exchange.sendJson(200, root);
    }

    /** {@code GET /activity}: the caller's usage per day, model and provider over the last 30 days (UTC). */
    private void activity(Exchange exchange) throws ApiException {
        String userId = exchange.principal().user().id();
        String keyHash = exchange.query("api_key_hash");
        if (keyHash != null && (keys == null || keys.find(userId, keyHash).isEmpty())) {
            throw new ApiException(404, "No API key with hash " + KeysHandlers.abbreviate(keyHash) + " was found.");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = today.minusDays(ACTIVITY_DAYS - 1L);
        LocalDate only = null;
        String date = exchange.query("date");
        if (date != null) {
            try {
                only = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Query parameter 'date' must be a date such as " + today + ".");
            }
            if (only.isBefore(from) || only.isAfter(today)) {
                throw ApiException.badRequest("'date' must be within the last " + ACTIVITY_DAYS + " days (UTC).");
            }
        }
        ArrayNode data = Json.MAPPER.createArrayNode();
        if (store != null) {
            for (GenerationStore.ActivityRow row : store.activity(
                    userId, keyHash, from.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                if (only != null && !row.date().equals(only)) {
                    continue;
                }
                ObjectNode node = data.addObject();
                node.put("date", row.date().toString());
                node.put("model", row.model());
                node.put("model_permaslug", row.model());
                node.put("endpoint_id", row.providerSlug() == null ? null : row.providerSlug() + ":" + row.model());
                node.put("provider_name", row.providerName());
                node.put("usage", row.usage());
                node.put("byok_usage_inference", row.byokUsage());
                node.put("requests", row.requests());
                node.put("prompt_tokens", row.promptTokens());
                node.put("completion_tokens", row.completionTokens());
                node.put("reasoning_tokens", row.reasoningTokens());
            }
        }
        ObjectNode root = Json.object();
        root.set("data", data);
        exchange.sendJson(200, root);
    }

    /**
     * {@code GET /datasets/app-rankings?period=day|week|month&model=}: apps (by normalised referer origin) ranked by
     * tokens over the period ending today (UTC), from the attribution rollup.
     */
    private void appRankings(Exchange exchange) throws ApiException {
        String period = exchange.query("period") == null ? "week" : exchange.query("period");
        int days = switch (period) {
            case "day" -> 1;
            case "week" -> 7;
            case "month" -> 30;
            default -> throw ApiException.badRequest("Query parameter 'period' must be day, week or month.");
        };
        String model = exchange.query("model");
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
        List<AppRanking> rankings = store == null
                ? List.of()
                : AppRanking.rank(
                        store.appUsage(from.atStartOfDay(ZoneOffset.UTC).toInstant(), model));
        ArrayNode data = Json.MAPPER.createArrayNode();
        int rank = 1;
        for (AppRanking app : rankings) {
            ObjectNode node = data.addObject();
            node.put("rank", rank++);
            node.put("app_id", app.origin());
            node.put("app_name", app.title() == null ? app.origin() : app.title());
            node.put("origin_url", app.origin());
            node.put("total_requests", app.requests());
            node.put("total_tokens", Long.toString(app.tokens()));
        }
        ObjectNode root = Json.object();
        root.set("data", data);
        exchange.sendJson(200, root);
    }

    /** One app's totals over a period; the title is the latest one seen. */
    record AppRanking(String origin, String title, long tokens, long requests) {
        static List<AppRanking> rank(List<GenerationStore.AppUsage> days) {
            Map<String, AppRanking> byOrigin = new LinkedHashMap<>();
            // Newest day first: the first title seen is the latest.
            for (GenerationStore.AppUsage day : days) {
                byOrigin.merge(
                        day.appOrigin(),
                        new AppRanking(day.appOrigin(), day.appTitle(), day.totalTokens(), day.requests()),
                        (a, b) -> new AppRanking(
                                a.origin,
                                a.title != null ? a.title : b.title,
                                a.tokens + b.tokens,
                                a.requests + b.requests));
            }
            return byOrigin.values().stream()
                    .sorted(Comparator.comparingLong(AppRanking::tokens)
                            .reversed()
                            .thenComparing(AppRanking::origin))
                    .toList();
        }
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
        if (record.upstreamCost() != null) {
            data.put("upstream_inference_cost", record.upstreamCost());
        }
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
