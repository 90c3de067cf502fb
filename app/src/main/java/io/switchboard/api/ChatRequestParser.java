package io.switchboard.api;

import io.switchboard.json.Json;
import io.switchboard.routing.RoutingPreferences;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a chat completion body against the OpenAI schema plus OpenRouter's extensions. Unknown fields pass
 * through untouched; known fields of the wrong type are refused with a 400 that names the field.
 */
final class ChatRequestParser {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatRequestParser() {}

    static ChatRequest parse(byte[] bytes) throws ApiException {
        if (bytes.length == 0) {
            throw ApiException.badRequest("Request body is empty: send a JSON object with 'model' and 'messages'.");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON in request body: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode body)) {
            throw ApiException.badRequest("Request body must be a JSON object.");
        }
        List<String> models = models(body);
        if (!body.has("messages") || body.get("messages").isNull()) {
            JsonNode prompt = body.get("prompt");
            if (prompt == null || prompt.isNull()) {
                throw ApiException.badRequest("Field 'messages' is required (or 'prompt').");
            }
            if (!prompt.isString()) {
                throw ApiException.badRequest("Field 'prompt' must be a string.");
            }
            ArrayNode messages = body.putArray("messages");
            messages.addObject().put("role", "user").put("content", prompt.asString());
            body.remove("prompt");
        }
        validateMessages(body.get("messages"));
        boolean stream = optionalBoolean(body, "stream");
        Long maxTokens = positiveInteger(body, "max_tokens");
        Long maxCompletionTokens = positiveInteger(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = maxCompletionTokens;
        }
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        number(body, "frequency_penalty", -2, 2);
        number(body, "presence_penalty", -2, 2);
        number(body, "repetition_penalty", 0, 2);
        number(body, "min_p", 0, 1);
        number(body, "top_a", 0, 1);
        integer(body, "top_k");
        integer(body, "seed");
        positiveInteger(body, "n");
        integer(body, "top_logprobs");
        optionalBoolean(body, "logprobs");
        optionalBoolean(body, "parallel_tool_calls");
        JsonNode stop = body.get("stop");
        if (stop != null && !stop.isNull() && !stop.isString() && !isStringArray(stop)) {
            throw ApiException.badRequest("Field 'stop' must be a string or an array of strings.");
        }
        typed(body, "tools", JsonNode::isArray, "an array");
        typed(body, "response_format", JsonNode::isObject, "an object");
        typed(body, "stream_options", JsonNode::isObject, "an object");
        typed(body, "reasoning", JsonNode::isObject, "an object");
        typed(body, "plugins", JsonNode::isArray, "an array");
        typed(body, "metadata", JsonNode::isObject, "an object");
        typed(body, "user", JsonNode::isString, "a string");
        typed(body, "session_id", JsonNode::isString, "a string");
        typed(body, "tool_choice", node -> node.isString() || node.isObject(), "a string or an object");
        typed(body, "logit_bias", JsonNode::isObject, "an object");
        JsonNode responseFormat = body.get("response_format");
        if (responseFormat != null
                && responseFormat.isObject()
                && !responseFormat.path("type").isString()) {
            throw ApiException.badRequest("Field 'response_format.type' must be a string.");
        }
        return new ChatRequest(models, stream, maxTokens, routing(body), body);
    }

    private static List<String> models(ObjectNode body) throws ApiException {
        Set<String> models = new LinkedHashSet<>();
        JsonNode model = body.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isString() || model.asString().isBlank()) {
                throw ApiException.badRequest("Field 'model' must be a non-empty string such as 'openai/gpt-4o-mini'.");
            }
            models.add(model.asString().trim());
        }
        JsonNode fallbacks = body.get("models");
        if (fallbacks != null && !fallbacks.isNull()) {
            if (!isStringArray(fallbacks)) {
                throw ApiException.badRequest("Field 'models' must be an array of model ids.");
            }
            fallbacks.forEach(node -> models.add(node.asString().trim()));
        }
        if (models.isEmpty()) {
            throw ApiException.badRequest("Field 'model' is required, e.g. \"model\": \"openai/gpt-4o-mini\".");
        }
        return new ArrayList<>(models);
    }

    private static void validateMessages(JsonNode messages) throws ApiException {
        if (!messages.isArray()) {
            throw ApiException.badRequest("Field 'messages' must be an array of message objects.");
        }
        if (messages.isEmpty()) {
            throw ApiException.badRequest("Field 'messages' must contain at least one message.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            if (!message.isObject()) {
                throw ApiException.badRequest("Field '" + where + "' must be an object.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
                throw ApiException.badRequest("Field '" + where + ".role' must be one of " + ROLES + ".");
            }
            JsonNode content = message.get("content");
            boolean mayOmitContent = role.asString().equals("assistant");
            if (content == null || content.isNull()) {
                if (!mayOmitContent) {
                    throw ApiException.badRequest("Field '" + where + ".content' is required.");
                }
                continue;
            }
            if (content.isArray()) {
                for (int p = 0; p < content.size(); p++) {
                    JsonNode part = content.get(p);
                    if (!part.isObject() || !part.path("type").isString()) {
                        throw ApiException.badRequest(
                                "Field '" + where + ".content[" + p + "]' must be an object with a string 'type'.");
                    }
                    if (part.path("type").asString().equals("text")
                            && !part.path("text").isString()) {
                        throw ApiException.badRequest(
                                "Field '" + where + ".content[" + p + "].text' must be a string.");
                    }
                    if (part.path("type").asString().equals("image_url")
                            && !part.path("image_url").path("url").isString()
                            && !part.path("image_url").isString()) {
                        throw ApiException.badRequest(
                                "Field '" + where + ".content[" + p + "].image_url.url' must be a string.");
                    }
                }
            } else if (!content.isString()) {
                throw ApiException.badRequest("Field '" + where + ".content' must be a string or an array of parts.");
            }
        }
    }

    private static RoutingPreferences routing(ObjectNode body) throws ApiException {
        JsonNode route = body.get("route");
        RoutingPreferences.Partition routePartition = null;
        if (route != null && !route.isNull()) {
            // Legacy: "fallback" only enabled the models list (always on now); "sort" = sort.partition "none".
            if (!route.isString()
                    || !(route.asString().equals("fallback") || route.asString().equals("sort"))) {
                throw ApiException.badRequest("Field 'route' must be \"fallback\" or \"sort\".");
            }
            routePartition = route.asString().equals("sort")
                    ? RoutingPreferences.Partition.NONE
                    : RoutingPreferences.Partition.MODEL;
        }
        JsonNode provider = body.get("provider");
        if (provider == null || provider.isNull()) {
            return routePartition == RoutingPreferences.Partition.NONE
                    ? RoutingPreferences.builder()
                            .sort(new RoutingPreferences.Sort(RoutingPreferences.By.PRICE, routePartition))
                            .build()
                    : RoutingPreferences.DEFAULT;
        }
        if (!provider.isObject()) {
            throw ApiException.badRequest("Field 'provider' must be an object.");
        }
        RoutingPreferences.Builder preferences = RoutingPreferences.builder()
                .order(slugs(provider, "order"))
                .allowFallbacks(providerBoolean(provider, "allow_fallbacks", true))
                .only(slugs(provider, "only"))
                .ignore(slugs(provider, "ignore"))
                .requireParameters(providerBoolean(provider, "require_parameters", false))
                .zdr(providerBoolean(provider, "zdr", false))
                .quantizations(slugs(provider, "quantizations"));
        JsonNode dataCollection = provider.get("data_collection");
        if (dataCollection != null && !dataCollection.isNull()) {
            if (!dataCollection.isString()
                    || !(dataCollection.asString().equals("allow")
                            || dataCollection.asString().equals("deny"))) {
                throw ApiException.badRequest("Field 'provider.data_collection' must be \"allow\" or \"deny\".");
            }
            preferences.denyDataCollection(dataCollection.asString().equals("deny"));
        }
        RoutingPreferences.Sort sort = sort(provider.get("sort"));
        if (sort == null && routePartition == RoutingPreferences.Partition.NONE) {
            sort = new RoutingPreferences.Sort(RoutingPreferences.By.PRICE, routePartition);
        } else if (sort != null
                && routePartition != null
                && !provider.path("sort").isObject()) {
            sort = new RoutingPreferences.Sort(sort.by(), routePartition);
        }
        preferences.sort(sort);
        preferences.maxPrice(maxPrice(provider.get("max_price")));
        preferences.preferredMinThroughput(
                cutoffs(provider.get("preferred_min_throughput"), "preferred_min_throughput"));
        preferences.preferredMaxLatency(cutoffs(provider.get("preferred_max_latency"), "preferred_max_latency"));
        return preferences.build();
    }

    private static boolean providerBoolean(JsonNode provider, String field, boolean absent) throws ApiException {
        JsonNode node = provider.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("Field 'provider." + field + "' must be a boolean.");
        }
        return node.asBoolean();
    }

    private static RoutingPreferences.Sort sort(JsonNode node) throws ApiException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return RoutingPreferences.Sort.by(sortBy(node.asString(), "provider.sort"));
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(
                    "Field 'provider.sort' must be \"price\", \"throughput\", \"latency\" or an object {by, partition}.");
        }
        JsonNode by = node.get("by");
        if (by == null || !by.isString()) {
            throw ApiException.badRequest("Field 'provider.sort.by' must be \"price\", \"throughput\" or \"latency\".");
        }
        RoutingPreferences.Partition partition = RoutingPreferences.Partition.MODEL;
        JsonNode partitionNode = node.get("partition");
        if (partitionNode != null && !partitionNode.isNull()) {
            if (!partitionNode.isString()
                    || !(partitionNode.asString().equals("model")
                            || partitionNode.asString().equals("none"))) {
                throw ApiException.badRequest("Field 'provider.sort.partition' must be \"model\" or \"none\".");
            }
            partition = partitionNode.asString().equals("none")
                    ? RoutingPreferences.Partition.NONE
                    : RoutingPreferences.Partition.MODEL;
        }
        return new RoutingPreferences.Sort(sortBy(by.asString(), "provider.sort.by"), partition);
    }

    private static RoutingPreferences.By sortBy(String value, String field) throws ApiException {
        return switch (value) {
            case "price" -> RoutingPreferences.By.PRICE;
            case "throughput" -> RoutingPreferences.By.THROUGHPUT;
            case "latency" -> RoutingPreferences.By.LATENCY;
            case "exacto" -> RoutingPreferences.By.EXACTO;
            default ->
                throw ApiException.badRequest("Field '" + field
                        + "' must be \"price\", \"throughput\" or \"latency\", got \"" + value + "\".");
        };
    }

    private static RoutingPreferences.MaxPrice maxPrice(JsonNode node) throws ApiException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Field 'provider.max_price' must be an object such as {\"prompt\": 1}.");
        }
        return new RoutingPreferences.MaxPrice(
                price(node, "prompt"), price(node, "completion"), price(node, "request"), price(node, "image"));
    }

    private static BigDecimal price(JsonNode maxPrice, String field) throws ApiException {
        JsonNode node = maxPrice.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            BigDecimal value = node.isNumber()
                    ? node.decimalValue()
                    : node.isString() ? new BigDecimal(node.asString().trim()) : null;
            if (value != null && value.signum() >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Field 'provider.max_price." + field + "' must be a non-negative number (USD"
                + (field.equals("prompt") || field.equals("completion") ? " per million tokens" : "") + ").");
    }

    private static RoutingPreferences.Cutoffs cutoffs(JsonNode node, String field) throws ApiException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return RoutingPreferences.Cutoffs.p50(nonNegative(node, field));
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(
                    "Field 'provider." + field + "' must be a number or an object {p50, p75, p90, p99}.");
        }
        return new RoutingPreferences.Cutoffs(
                percentile(node, field, "p50"),
                percentile(node, field, "p75"),
                percentile(node, field, "p90"),
                percentile(node, field, "p99"));
    }

    private static Double percentile(JsonNode node, String field, String percentile) throws ApiException {
        JsonNode value = node.get(percentile);
        if (value == null || value.isNull()) {
            return null;
        }
        return nonNegative(value, field + "." + percentile);
    }

    private static double nonNegative(JsonNode node, String field) throws ApiException {
        if (!node.isNumber() || node.asDouble() < 0) {
            throw ApiException.badRequest("Field 'provider." + field + "' must be a non-negative number.");
        }
        return node.asDouble();
    }

    private static List<String> slugs(JsonNode provider, String field) throws ApiException {
        JsonNode node = provider.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!isStringArray(node)) {
            throw ApiException.badRequest("Field 'provider." + field + "' must be an array of provider slugs.");
        }
        List<String> slugs = new ArrayList<>();
        node.forEach(slug -> slugs.add(slug.asString()));
        return slugs;
    }

    private static boolean isStringArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isString()) {
                return false;
            }
        }
        return true;
    }

    private static boolean optionalBoolean(ObjectNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("Field '" + field + "' must be a boolean.");
        }
        return node.asBoolean();
    }

    private static Long integer(ObjectNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiException.badRequest("Field '" + field + "' must be an integer.");
        }
        return node.asLong();
    }

    private static Long positiveInteger(ObjectNode body, String field) throws ApiException {
        Long value = integer(body, field);
        if (value != null && value < 1) {
            throw ApiException.badRequest("Field '" + field + "' must be at least 1, got " + value + ".");
        }
        return value;
    }

    private static void number(ObjectNode body, String field, double min, double max) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("Field '" + field + "' must be a number.");
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            throw ApiException.badRequest(
                    "Field '" + field + "' must be between " + min + " and " + max + ", got " + node + ".");
        }
    }

    private static void typed(ObjectNode body, String field, java.util.function.Predicate<JsonNode> check, String what)
            throws ApiException {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !check.test(node)) {
            throw ApiException.badRequest("Field '" + field + "' must be " + what + ".");
        }
    }
}
