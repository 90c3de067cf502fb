package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Provider;
import io.switchboard.json.Json;
import io.switchboard.keys.ByokKey;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.ByokStore;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * BYOK credentials CRUD (management keys only): {@code GET/POST /byok}, {@code GET/PATCH/DELETE /byok/{id}}. The
 * provider key is accepted on create and update and never returned: reads show a masked {@code label}.
 */
public final class ByokHandlers {
    private static final Set<String> CREATE_FIELDS = Set.of("provider", "key", "name", "always_use", "disabled");
    private static final Set<String> UPDATE_FIELDS = Set.of("provider", "key", "name", "always_use", "disabled");
    private static final int MAX_SECRET = ByokService.MAX_SECRET;
    private static final int MAX_NAME = 200;

    private final ByokService byok;
    private final Supplier<Catalog> catalog;

    public ByokHandlers(ByokService byok, Supplier<Catalog> catalog) {
        this.byok = requireNonNull(byok, "byok is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public void register(ApiRouter router, Authentication authentication) {
        router.add("GET", "/api/v1/byok", authentication.requireManagement(this::list));
        router.add("POST", "/api/v1/byok", authentication.requireManagement(this::create));
        router.add("GET", "/api/v1/byok/{id}", authentication.requireManagement(this::get));
        router.add("PATCH", "/api/v1/byok/{id}", authentication.requireManagement(this::update));
        router.add("DELETE", "/api/v1/byok/{id}", authentication.requireManagement(this::delete));
    }

    private void list(Exchange exchange) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        byok.list(exchange.principal().user().id()).forEach(key -> data.add(render(key)));
        ObjectNode root = Json.object();
        root.set("data", data);
        exchange.sendJson(200, root);
    }

    private void create(Exchange exchange) throws Exception {
        requireEnabled();
        JsonBody body = JsonBody.read(exchange, CREATE_FIELDS, Set.of());
        String providerSlug = body.requiredString("provider", 100);
        Provider provider = catalog.get()
                .provider(providerSlug)
                .orElseThrow(() -> ApiException.badRequest("Unknown provider '" + KeysHandlers.abbreviate(providerSlug)
                        + "'. GET /api/v1/providers lists the provider slugs."));
        String secret = body.requiredString("key", MAX_SECRET);
        String name = body.has("name") && !body.isNull("name") ? body.string("name", MAX_NAME) : provider.name();
        boolean alwaysUse = body.has("always_use") && body.bool("always_use");
        boolean disabled = body.has("disabled") && body.bool("disabled");
        String userId = exchange.principal().user().id();
        if (byok.list(userId).stream().anyMatch(key -> key.provider().equals(provider.slug()))) {
            throw duplicate(provider);
        }
        ByokKey created;
        try {
            created = byok.create(userId, provider.slug(), secret, name, alwaysUse, disabled);
        } catch (ByokStore.DuplicateByokKeyException e) {
            throw duplicate(provider);
        }
        ObjectNode root = Json.object();
        root.set("data", render(created));
        exchange.sendJson(201, root);
    }

    private void get(Exchange exchange) throws ApiException {
        ObjectNode root = Json.object();
        root.set("data", render(owned(exchange)));
        exchange.sendJson(200, root);
    }

    private void update(Exchange exchange) throws Exception {
        ByokKey key = owned(exchange);
        JsonBody body = JsonBody.read(exchange, UPDATE_FIELDS, Set.of());
        if (body.has("provider") && !body.string("provider", 100).equals(key.provider())) {
            throw ApiException.badRequest(
                    "'provider' cannot be changed: delete this key and add one for the other" + " provider.");
        }
        String secret = null;
        if (body.has("key")) {
            requireEnabled();
            secret = body.requiredString("key", MAX_SECRET);
        }
        String name = body.has("name") ? body.requiredString("name", MAX_NAME) : key.name();
        boolean alwaysUse = body.has("always_use") ? body.bool("always_use") : key.alwaysUse();
        boolean disabled = body.has("disabled") ? body.bool("disabled") : key.disabled();
        ByokKey updated = byok.update(
                new ByokKey(
                        key.id(),
                        key.userId(),
                        key.provider(),
                        name,
                        key.label(),
                        key.ciphertext(),
                        alwaysUse,
                        disabled,
                        key.createdAt(),
                        key.updatedAt()),
                secret);
        ObjectNode root = Json.object();
        root.set("data", render(updated));
        exchange.sendJson(200, root);
    }

    private void delete(Exchange exchange) throws ApiException {
        ByokKey key = owned(exchange);
        byok.delete(key.userId(), key.id());
        ObjectNode root = Json.object();
        root.put("deleted", true);
        exchange.sendJson(200, root);
    }

    private ByokKey owned(Exchange exchange) throws ApiException {
        String id = exchange.pathParameter("id");
        return byok.find(exchange.principal().user().id(), id)
                .orElseThrow(() ->
                        new ApiException(404, "No BYOK key with id " + KeysHandlers.abbreviate(id) + " was found."));
    }

    private void requireEnabled() throws ApiException {
        if (!byok.enabled()) {
            throw new ApiException(
                    503,
                    "BYOK is disabled on this server: no master key is configured. The operator must set"
                            + " SWITCHBOARD_MASTER_KEY (32 random bytes, base64 or hex) so provider keys can be"
                            + " stored encrypted.");
        }
    }

    private static ApiException duplicate(Provider provider) {
        return new ApiException(
                409,
                "A BYOK key for provider '" + provider.slug() + "' already exists: update it with PATCH"
                        + " /api/v1/byok/{id} or delete it first.");
    }

    private ObjectNode render(ByokKey key) {
        ObjectNode node = Json.object();
        node.put("id", key.id());
        node.put("provider", key.provider());
        Optional<Provider> provider = catalog.get().provider(key.provider());
        node.put("provider_name", provider.map(Provider::name).orElse(key.provider()));
        node.put("name", key.name());
        node.put("label", key.label());
        node.put("always_use", key.alwaysUse());
        node.put("disabled", key.disabled());
        node.put("created_at", KeysHandlers.iso(key.createdAt()));
        node.put("updated_at", KeysHandlers.iso(key.updatedAt()));
        return node;
    }
}
