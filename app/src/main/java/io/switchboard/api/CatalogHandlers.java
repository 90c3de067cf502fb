package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.json.Json;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.Percentiles;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The public catalog: {@code GET /models}, {@code /models/{author}/{slug}/endpoints} and {@code /providers}. */
public final class CatalogHandlers {
    private final Supplier<Catalog> catalog;
    private final EndpointHealth health;
    // Rendered listings per query; the catalog is immutable, so a cached answer stays right until it is swapped.
    private final Cache<String, byte[]> rendered =
            Caffeine.newBuilder().maximumSize(256).build();

    public CatalogHandlers(Supplier<Catalog> catalog) {
        this(catalog, new EndpointHealth(java.time.InstantSource.system()));
    }

    /** @param health live endpoint statistics for the uptime, latency and throughput fields */
    public CatalogHandlers(Supplier<Catalog> catalog, EndpointHealth health) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.health = requireNonNull(health, "health is null");
    }

    public void register(ApiRouter router) {
        router.add("GET", "/api/v1/models", this::models);
        router.add("GET", "/api/v1/models/{author}/{slug}/endpoints", this::endpoints);
        router.add("GET", "/api/v1/providers", this::providers);
    }

    private void models(Exchange exchange) {
        String supported = exchange.query("supported_parameters");
        String outputs = exchange.query("output_modalities");
        String cacheKey = supported + "|" + outputs;
        Catalog snapshot = catalog.get();
        byte[] body = rendered.get(cacheKey, _ -> renderModels(snapshot, supported, outputs));
        exchange.sendJson(200, body);
    }

    private static byte[] renderModels(Catalog snapshot, String supported, String outputs) {
        Set<String> requiredParameters = commaSet(supported);
        Set<String> wantedOutputs = outputs == null || outputs.isBlank() ? Set.of("text") : commaSet(outputs);
        boolean allOutputs = wantedOutputs.contains("all");
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        for (Model model : snapshot.models()) {
            if (!model.supportedParameters().containsAll(requiredParameters)) {
                continue;
            }
            if (!allOutputs && model.outputModalities().stream().noneMatch(wantedOutputs::contains)) {
                continue;
            }
            data.add(model.source());
        }
        root.put("total_count", data.size());
        root.putObject("links").putNull("next");
        return Json.MAPPER.writeValueAsBytes(root);
    }

    private void endpoints(Exchange exchange) throws ApiException {
        String id = exchange.pathParameter("author") + "/" + exchange.pathParameter("slug");
        Catalog snapshot = catalog.get();
        Model model = snapshot.model(id).orElseThrow(() -> new ApiException(404, "Model " + id + " was not found."));
        ObjectNode root = Json.object();
        ObjectNode data = root.putObject("data");
        data.put("id", model.id());
        data.put("name", model.name());
        data.put("created", model.created());
        data.put("description", model.description());
        JsonNode architecture = model.source().get("architecture");
        if (architecture != null) {
            data.set("architecture", architecture);
        }
        ArrayNode endpoints = data.putArray("endpoints");
        for (Endpoint endpoint : snapshot.endpoints(model.id())) {
            Provider provider = snapshot.provider(endpoint.providerSlug()).orElseThrow();
            ObjectNode node = endpoints.addObject();
            node.put("name", provider.name() + " | " + model.id());
            node.put("model_id", model.canonicalSlug());
            node.put("model_name", model.name());
            node.put("provider_name", provider.name());
            node.put("tag", endpoint.tag());
            node.put("context_length", endpoint.contextLength());
            if (endpoint.maxCompletionTokens() == null) {
                node.putNull("max_completion_tokens");
            } else {
                node.put("max_completion_tokens", endpoint.maxCompletionTokens());
            }
            node.put("max_prompt_tokens", endpoint.contextLength());
            node.set("pricing", pricing(endpoint.pricing()));
            if (endpoint.quantization() == null) {
                node.putNull("quantization");
            } else {
                node.put("quantization", endpoint.quantization());
            }
            ArrayNode parameters = node.putArray("supported_parameters");
            endpoint.supportedParameters().forEach(parameters::add);
            EndpointHealth.Report report = health.report(endpoint.id());
            // 0 is normal; -1 while the endpoint is demoted for a significant outage in the last 30 seconds.
            node.put("status", report.outage() ? -1 : 0);
            number(node, "uptime_last_5m", report.uptimeLast5m());
            number(node, "uptime_last_30m", report.uptimeLast30m());
            number(node, "uptime_last_1d", report.uptimeLast1d());
            percentiles(node, "latency_last_30m", report.latencyLast30m());
            percentiles(node, "throughput_last_30m", report.throughputLast30m());
        }
        exchange.sendJson(200, root);
    }

    private static void number(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }

    private static void percentiles(ObjectNode node, String field, Percentiles value) {
        if (value == null) {
            node.putNull(field);
            return;
        }
        ObjectNode percentiles = node.putObject(field);
        percentiles.put("p50", value.p50());
        percentiles.put("p75", value.p75());
        percentiles.put("p90", value.p90());
        percentiles.put("p99", value.p99());
    }

    private void providers(Exchange exchange) {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        for (Provider provider : catalog.get().providers()) {
            ObjectNode node = data.addObject();
            node.put("name", provider.name());
            node.put("slug", provider.slug());
            node.putNull("privacy_policy_url");
            node.putNull("terms_of_service_url");
            node.putNull("status_page_url");
        }
        exchange.sendJson(200, root);
    }

    static ObjectNode pricing(Pricing pricing) {
        ObjectNode node = Json.object();
        node.put("prompt", plain(pricing.prompt()));
        node.put("completion", plain(pricing.completion()));
        node.put("request", plain(pricing.request()));
        node.put("image", plain(pricing.image()));
        node.put("input_cache_read", plain(pricing.inputCacheRead()));
        node.put("input_cache_write", plain(pricing.inputCacheWrite()));
        node.put("internal_reasoning", plain(pricing.internalReasoning()));
        return node;
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static Set<String> commaSet(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(part -> part.trim().toLowerCase(Locale.ROOT))
                .filter(part -> !part.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
