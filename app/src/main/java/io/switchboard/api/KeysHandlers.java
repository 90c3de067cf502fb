package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.KeySettings;
import io.switchboard.keys.LimitReset;
import io.switchboard.keys.Principal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The key management API (management keys only), in OpenRouter's shapes: {@code GET/POST /keys}, {@code
 * GET/PATCH/DELETE /keys/{hash}} where the hash is the SHA-256 hex of the key. A management key sees and manages the
 * API keys of its own user; the plaintext of a new key is in the creation response only.
 */
public final class KeysHandlers {
    private static final Set<String> CREATE_FIELDS =
            Set.of("name", "limit", "limit_reset", "include_byok_in_limit", "expires_at", "rate_limit");
    private static final Set<String> UPDATE_FIELDS =
            Set.of("name", "limit", "limit_reset", "include_byok_in_limit", "expires_at", "rate_limit", "disabled");
    private static final Set<String> IGNORED_FIELDS = Set.of("workspace_id", "creator_user_id");
    private static final int MAX_NAME = KeySettings.MAX_NAME;
    private static final int MAX_RATE_LIMIT = 1_000_000;

    private final KeyService keys;
    private final AccountService accounts;
    private final Clock clock;

    public KeysHandlers(KeyService keys, AccountService accounts, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(ApiRouter router, Authentication authentication) {
        router.add("GET", "/api/v1/keys", authentication.requireManagement(this::list));
        router.add("POST", "/api/v1/keys", authentication.requireManagement(this::create));
        router.add("GET", "/api/v1/keys/{hash}", authentication.requireManagement(this::get));
        router.add("PATCH", "/api/v1/keys/{hash}", authentication.requireManagement(this::update));
        router.add("DELETE", "/api/v1/keys/{hash}", authentication.requireManagement(this::delete));
    }

    private void list(Exchange exchange) throws ApiException {
        Principal caller = exchange.principal();
        boolean includeDisabled = booleanQuery(exchange, "include_disabled");
        int offset = intQuery(exchange, "offset", 0);
        ArrayNode data = Json.MAPPER.createArrayNode();
        List<ApiKey> all = keys.list(caller.user().id(), KeyKind.INFERENCE).stream()
                .filter(key -> includeDisabled || !key.disabled())
                .toList();
        all.stream().skip(offset).limit(100).forEach(key -> data.add(render(key)));
        ObjectNode root = Json.object();
        root.set("data", data);
        exchange.sendJson(200, root);
    }

    private void create(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.read(exchange, CREATE_FIELDS, IGNORED_FIELDS);
        String name = body.requiredString("name", MAX_NAME);
        BigDecimal limit = body.has("limit") ? body.usdOrNull("limit") : null;
        LimitReset reset = body.has("limit_reset") ? limitReset(body) : null;
        boolean includeByok = body.has("include_byok_in_limit") && body.bool("include_byok_in_limit");
        Instant expiresAt = body.has("expires_at") ? expiresAt(body) : null;
        Integer rateLimit = body.has("rate_limit") ? rateLimit(body) : null;
        KeyService.CreatedKey created = keys.create(
                exchange.principal().user(),
                new KeySettings(name, limit, reset, includeByok, expiresAt, rateLimit),
                KeyKind.INFERENCE);
        ObjectNode root = Json.object();
        root.set("data", render(created.key()));
        root.put("key", created.plaintext());
        exchange.sendJson(201, root);
    }

    private void get(Exchange exchange) throws ApiException {
        exchange.sendJson(200, wrap(render(owned(exchange))));
    }

    private void update(Exchange exchange) throws Exception {
        ApiKey key = owned(exchange);
        JsonBody body = JsonBody.read(exchange, UPDATE_FIELDS, IGNORED_FIELDS);
        String name = body.has("name") ? body.requiredString("name", MAX_NAME) : key.name();
        BigDecimal limit = body.has("limit") ? body.usdOrNull("limit") : key.limit();
        LimitReset reset = body.has("limit_reset") ? limitReset(body) : key.limitReset();
        boolean includeByok =
                body.has("include_byok_in_limit") ? body.bool("include_byok_in_limit") : key.includeByokInLimit();
        boolean disabled = body.has("disabled") ? body.bool("disabled") : key.disabled();
        Instant expiresAt = body.has("expires_at") ? expiresAt(body) : key.expiresAt();
        Integer rateLimit = body.has("rate_limit") ? rateLimit(body) : key.rateLimitPerMinute();
        ApiKey updated = keys.update(key.withSettings(name, limit, disabled, reset, includeByok, expiresAt, rateLimit));
        exchange.sendJson(200, wrap(render(updated)));
    }

    private void delete(Exchange exchange) throws ApiException {
        ApiKey key = owned(exchange);
        keys.delete(key.hash());
        ObjectNode root = Json.object();
        root.put("deleted", true);
        exchange.sendJson(200, root);
    }

    /** The API key named by the path, if the caller's user owns it: 400 for a malformed hash, 404 otherwise. */
    private ApiKey owned(Exchange exchange) throws ApiException {
        String hash = exchange.pathParameter("hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("'" + abbreviate(hash) + "' is not a key hash: expected the SHA-256 of the"
                    + " key as 64 lowercase hex characters (the 'hash' field of GET /api/v1/keys).");
        }
        return keys.find(exchange.principal().user().id(), hash)
                .filter(key -> key.kind() == KeyKind.INFERENCE)
                .orElseThrow(() -> new ApiException(404, "No API key with hash " + hash + " was found."));
    }

    private static LimitReset limitReset(JsonBody body) throws ApiException {
        JsonNode value = body.get("limit_reset");
        if (value.isNull()) {
            return null;
        }
        if (value.isString()) {
            var reset = LimitReset.fromWire(value.asString());
            if (reset.isPresent()) {
                return reset.get();
            }
        }
        throw ApiException.badRequest("'limit_reset' must be \"daily\", \"weekly\", \"monthly\" or null, not "
                + (value.isString() ? "'" + abbreviate(value.asString()) + "'" : JsonBody.describe(value)) + ".");
    }

    private Instant expiresAt(JsonBody body) throws ApiException {
        Instant at = body.instantOrNull("expires_at");
        if (at != null && !at.isAfter(clock.instant())) {
            throw ApiException.badRequest("'expires_at' must be in the future.");
        }
        return at;
    }

    private static Integer rateLimit(JsonBody body) throws ApiException {
        JsonNode value = body.get("rate_limit");
        if (value.isNull()) {
            return null;
        }
        if (!value.isObject()
                || !value.path("requests").isIntegralNumber()
                || !value.path("interval").asString("1m").equals("1m")) {
            throw ApiException.badRequest("'rate_limit' must be {\"requests\": N, \"interval\": \"1m\"} or null.");
        }
        long requests = value.path("requests").asLong();
        if (requests < 1 || requests > MAX_RATE_LIMIT) {
            throw ApiException.badRequest("'rate_limit.requests' must be from 1 to " + MAX_RATE_LIMIT + ".");
        }
        return (int) requests;
    }

    private ObjectNode render(ApiKey key) {
        AccountService.KeyUsage usage = accounts.keyUsage(key.userId(), key.hash());
        ObjectNode node = Json.object();
        node.put("hash", key.hash());
        node.put("name", key.name());
        node.put("label", key.label());
        node.put("disabled", key.disabled());
        putUsd(node, "limit", key.limit());
        putUsd(node, "limit_remaining", accounts.limitRemaining(key.userId(), key.hash(), key.limits()));
        node.put(
                "limit_reset",
                key.limitReset() == null ? null : key.limitReset().wireName());
        node.put("include_byok_in_limit", key.includeByokInLimit());
        putUsage(node, usage);
        node.put("created_at", iso(key.createdAt()));
        node.put("updated_at", key.updatedAt() == null ? null : iso(key.updatedAt()));
        node.put("creator_user_id", key.userId());
        node.putNull("workspace_id");
        node.put("expires_at", key.expiresAt() == null ? null : iso(key.expiresAt()));
        node.set("rate_limit", rateLimitNode(key));
        return node;
    }

    static void putUsage(ObjectNode node, AccountService.KeyUsage usage) {
        node.put("usage", usage.usage());
        node.put("usage_daily", usage.daily());
        node.put("usage_weekly", usage.weekly());
        node.put("usage_monthly", usage.monthly());
        node.put("byok_usage", usage.byok());
        node.put("byok_usage_daily", usage.byokDaily());
        node.put("byok_usage_weekly", usage.byokWeekly());
        node.put("byok_usage_monthly", usage.byokMonthly());
    }

    static JsonNode rateLimitNode(ApiKey key) {
        if (key.rateLimitPerMinute() == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode node = Json.object();
        node.put("requests", key.rateLimitPerMinute());
        node.put("interval", "1m");
        return node;
    }

    static void putUsd(ObjectNode node, String field, BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static String iso(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toString();
    }

    private static ObjectNode wrap(ObjectNode data) {
        ObjectNode root = Json.object();
        root.set("data", data);
        return root;
    }

    private static boolean booleanQuery(Exchange exchange, String name) throws ApiException {
        String value = exchange.query(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("Query parameter '" + name + "' must be true or false.");
        };
    }

    private static int intQuery(Exchange exchange, String name, int fallback) throws ApiException {
        String value = exchange.query(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter '" + name + "' must be a non-negative integer.");
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
