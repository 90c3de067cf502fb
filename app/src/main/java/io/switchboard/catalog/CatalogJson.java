package io.switchboard.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bundled catalog format, shared by the importer (writer) and the loader (reader) so the two cannot drift.
 *
 * <pre>{@code
 * {"format":1, "generated_at":"…", "sources":[{"file","source","licence","as_of","sha256"}],
 *  "providers":[{"slug","name","wire_format","base_url","api_key_env",
 *                "data_policy":{"trains_on_data","retains_prompts","zero_data_retention"},"unsupported_parameters":[…]}],
 *  "models":[ <the OpenRouter model object, verbatim> + "requires_byok" ],
 *  "endpoints":[{"model","provider","tag"?,"upstream_model","pricing":{…},"context_length",
 *                "max_completion_tokens"?,"quantization"?,"supported_parameters":[…]}]}
 * }</pre>
 *
 * Prices are strings (USD per unit, exact), as OpenRouter publishes them; zero prices other than prompt and completion
 * are left out to keep the file small. Optional endpoint fields are left out when null or equal to the default.
 */
final class CatalogJson {
    static final int FORMAT = 1;
    static final String REQUIRES_BYOK = "requires_byok";

    /**
     * One mapper for reading and writing: floats become BigDecimal so prices and the verbatim model objects keep every
     * digit, and BigDecimals are written plain (no {@code 1E-7}).
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CatalogJson() {}

    static ObjectNode provider(Provider provider) {
        ObjectNode node = NODES.objectNode();
        node.put("slug", provider.slug());
        node.put("name", provider.name());
        node.put("wire_format", provider.wireFormat().name());
        node.put("base_url", provider.baseUrl());
        node.put("api_key_env", provider.apiKeyEnv());
        ObjectNode policy = node.putObject("data_policy");
        policy.put("trains_on_data", provider.dataPolicy().trainsOnData());
        policy.put("retains_prompts", provider.dataPolicy().retainsPrompts());
        policy.put("zero_data_retention", provider.dataPolicy().zeroDataRetention());
        strings(node.putArray("unsupported_parameters"), provider.unsupportedParameters());
        return node;
    }

    static Provider provider(JsonNode node) {
        JsonNode policy = node.path("data_policy");
        return new Provider(
                required(node, "slug"),
                required(node, "name"),
                WireFormat.valueOf(required(node, "wire_format")),
                required(node, "base_url"),
                required(node, "api_key_env"),
                new DataPolicy(
                        policy.path("trains_on_data").asBoolean(false),
                        policy.path("retains_prompts").asBoolean(true),
                        policy.path("zero_data_retention").asBoolean(false)),
                strings(node.path("unsupported_parameters")));
    }

    static ObjectNode endpoint(Endpoint endpoint) {
        ObjectNode node = NODES.objectNode();
        node.put("model", endpoint.modelId());
        node.put("provider", endpoint.providerSlug());
        if (!endpoint.tag().equals(endpoint.providerSlug())) {
            node.put("tag", endpoint.tag());
        }
        node.put("upstream_model", endpoint.upstreamModel());
        node.set("pricing", pricing(endpoint.pricing()));
        node.put("context_length", endpoint.contextLength());
        if (endpoint.maxCompletionTokens() != null) {
            node.put("max_completion_tokens", endpoint.maxCompletionTokens().longValue());
        }
        if (endpoint.quantization() != null) {
            node.put("quantization", endpoint.quantization());
        }
        strings(node.putArray("supported_parameters"), endpoint.supportedParameters());
        return node;
    }

    static Endpoint endpoint(JsonNode node) {
        String provider = required(node, "provider");
        JsonNode max = node.path("max_completion_tokens");
        JsonNode quantization = node.path("quantization");
        return new Endpoint(
                required(node, "model"),
                provider,
                node.path("tag").asString(provider),
                required(node, "upstream_model"),
                pricing(node.path("pricing")),
                node.path("context_length").asLong(0),
                max.isNumber() ? Long.valueOf(max.asLong()) : null,
                quantization.isString() ? quantization.asString() : null,
                strings(node.path("supported_parameters")));
    }

    static ObjectNode pricing(Pricing pricing) {
        ObjectNode node = NODES.objectNode();
        node.put("prompt", plain(pricing.prompt()));
        node.put("completion", plain(pricing.completion()));
        putIfNonZero(node, "request", pricing.request());
        putIfNonZero(node, "image", pricing.image());
        putIfNonZero(node, "input_cache_read", pricing.inputCacheRead());
        putIfNonZero(node, "input_cache_write", pricing.inputCacheWrite());
        putIfNonZero(node, "internal_reasoning", pricing.internalReasoning());
        return node;
    }

    /**
     * Reads a pricing object in OpenRouter's shape (string prices; numbers are accepted too). Missing prices are zero.
     * OpenRouter's router pseudo-models publish {@code "-1"} ("priced by whatever it routes to"); it is kept as is.
     */
    static Pricing pricing(JsonNode node) {
        return new Pricing(
                price(node, "prompt"),
                price(node, "completion"),
                price(node, "request"),
                price(node, "image"),
                price(node, "input_cache_read"),
                price(node, "input_cache_write"),
                price(node, "internal_reasoning"));
    }

    /**
     * A model from its OpenRouter object. Takes ownership of {@code entry}: {@code requires_byok} is moved out of it
     * into the record and the rest becomes {@link Model#source()} without a copy (loading stays cheap).
     */
    static Model model(ObjectNode entry) {
        ObjectNode source = entry;
        boolean requiresByok = source.path(REQUIRES_BYOK).asBoolean(false);
        source.remove(REQUIRES_BYOK);
        String id = required(source, "id");
        JsonNode architecture = source.path("architecture");
        long context = source.path("context_length").isNumber()
                ? source.path("context_length").asLong()
                : source.path("top_provider").path("context_length").asLong(0);
        return new Model(
                id,
                source.path("canonical_slug").asString(id),
                source.path("name").asString(id),
                source.path("created").asLong(0),
                source.path("description").isString()
                        ? source.path("description").asString()
                        : "",
                context,
                strings(architecture.path("input_modalities")),
                strings(architecture.path("output_modalities")),
                pricing(source.path("pricing")),
                strings(source.path("supported_parameters")),
                requiresByok,
                source);
    }

    /** The model's bundled form: its verbatim source plus {@code requires_byok}. */
    static ObjectNode modelEntry(Model model) {
        ObjectNode entry = model.source().deepCopy();
        entry.put(REQUIRES_BYOK, model.requiresByok());
        return entry;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array.values()) {
            if (value.isString()) {
                values.add(value.asString());
            }
        }
        return List.copyOf(values);
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void putIfNonZero(ObjectNode node, String field, BigDecimal value) {
        if (value.signum() != 0) {
            node.put(field, plain(value));
        }
    }

    private static BigDecimal price(JsonNode pricing, String field) {
        JsonNode value = pricing.path(field);
        if (value.isString()) {
            return new BigDecimal(value.asString());
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return BigDecimal.ZERO;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            throw new IllegalArgumentException("catalog entry lacks \"" + field + "\": " + abbreviate(node));
        }
        return value.asString();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
