package io.switchboard.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.accounting.TokenEstimator;
import io.switchboard.routing.RouteRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Extracts what routing needs ({@link RouteRequest}) from a validated chat request body. */
final class RouteRequests {
    /**
     * Prompts shorter than this are not worth keeping on one endpoint without a {@code session_id}: providers cache
     * prompt prefixes from about 1024 tokens on.
     */
    static final long STICKY_MIN_PROMPT_TOKENS = 1024;

    private static final int MAX_TEXT = 32_768;

    /** Request fields in the catalog's {@code supported_parameters} vocabulary (aliases map to their name). */
    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("temperature", "temperature"),
            Map.entry("top_p", "top_p"),
            Map.entry("top_k", "top_k"),
            Map.entry("frequency_penalty", "frequency_penalty"),
            Map.entry("presence_penalty", "presence_penalty"),
            Map.entry("repetition_penalty", "repetition_penalty"),
            Map.entry("min_p", "min_p"),
            Map.entry("top_a", "top_a"),
            Map.entry("seed", "seed"),
            Map.entry("max_tokens", "max_tokens"),
            Map.entry("max_completion_tokens", "max_tokens"),
            Map.entry("logit_bias", "logit_bias"),
            Map.entry("logprobs", "logprobs"),
            Map.entry("top_logprobs", "top_logprobs"),
            Map.entry("stop", "stop"),
            Map.entry("response_format", "response_format"),
            Map.entry("tools", "tools"),
            Map.entry("tool_choice", "tool_choice"),
            Map.entry("parallel_tool_calls", "parallel_tool_calls"),
            Map.entry("reasoning", "reasoning"),
            Map.entry("reasoning_effort", "reasoning"),
            Map.entry("include_reasoning", "include_reasoning"),
            Map.entry("verbosity", "verbosity"),
            Map.entry("web_search_options", "web_search_options"),
            Map.entry("prediction", "prediction"));

    private RouteRequests() {}

    /**
     * @param keyHash the caller's API key hash: sticky keys never cross keys
     * @param sessionHeader the {@code x-session-id} header, null when absent
     */
    static RouteRequest of(ChatRequest request, String keyHash, String sessionHeader) {
        ObjectNode body = request.body();
        JsonNode messages = body.path("messages");
        JsonNode tools = body.get("tools");
        boolean hasTools = tools != null && tools.isArray() && !tools.isEmpty();
        long promptTokens = TokenEstimator.estimatePrompt(messages);
        if (hasTools) {
            promptTokens += TokenEstimator.ofText(tools.toString());
        }
        JsonNode toolChoiceNode = body.get("tool_choice");
        String toolChoice = toolChoiceNode == null || toolChoiceNode.isNull()
                ? null
                : toolChoiceNode.isString() ? toolChoiceNode.asString() : "function";
        JsonNode format = body.path("response_format").path("type");
        String responseFormat = format.isString() ? format.asString() : null;
        Set<String> parameters = new LinkedHashSet<>();
        for (Map.Entry<String, String> parameter : PARAMETERS.entrySet()) {
            JsonNode value = body.get(parameter.getKey());
            if (value != null && !value.isNull()) {
                parameters.add(parameter.getValue());
            }
        }
        if ("json_schema".equals(responseFormat)) {
            parameters.add("structured_outputs");
        }
        boolean reasoningRequested =
                present(body, "reasoning") || present(body, "reasoning_effort") || present(body, "include_reasoning");
        return new RouteRequest(
                promptTokens,
                request.maxTokens(),
                modalities(messages),
                hasTools,
                toolChoice,
                responseFormat,
                parameters,
                stickyKey(body, messages, keyHash, sessionHeader, promptTokens),
                lastUserText(messages),
                messages.size(),
                reasoningRequested);
    }

    /** The auto-router plugin's {@code allowed_models} and {@code excluded_models}, null when absent or disabled. */
    static AutoRouterPlugin autoRouterPlugin(ObjectNode body) throws ApiException {
        JsonNode plugins = body.get("plugins");
        if (plugins == null || !plugins.isArray()) {
            return null;
        }
        for (JsonNode plugin : plugins) {
            if (!plugin.isObject() || !"auto-router".equals(plugin.path("id").asString(""))) {
                continue;
            }
            if (plugin.path("enabled").isBoolean() && !plugin.path("enabled").asBoolean()) {
                return null;
            }
            return new AutoRouterPlugin(strings(plugin, "allowed_models"), strings(plugin, "excluded_models"));
        }
        return null;
    }

    record AutoRouterPlugin(List<String> allowedModels, List<String> excludedModels) {}

    private static List<String> strings(JsonNode plugin, String field) throws ApiException {
        JsonNode node = plugin.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("Field 'plugins[auto-router]." + field + "' must be an array of model ids.");
        }
        List<String> values = new java.util.ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isString()) {
                throw ApiException.badRequest(
                        "Field 'plugins[auto-router]." + field + "' must be an array of model ids.");
            }
            values.add(value.asString());
        }
        return values;
    }

    private static boolean present(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    private static Set<String> modalities(JsonNode messages) {
        Set<String> modalities = new LinkedHashSet<>();
        modalities.add("text");
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            if (!content.isArray()) {
                continue;
            }
            for (JsonNode part : content) {
                switch (part.path("type").asString("")) {
                    case "image_url", "input_image", "image" -> modalities.add("image");
                    case "input_audio", "audio", "audio_url" -> modalities.add("audio");
                    case "file", "input_file" -> modalities.add("file");
                    case "video_url", "input_video", "video" -> modalities.add("video");
                    default -> {}
                }
            }
        }
        return modalities;
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asString(""))) {
                String text = text(message.path("content"));
                return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
            }
        }
        return "";
    }

    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asString(""))) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.path("text").asString(""));
            }
        }
        return text.toString();
    }

    /**
     * {@code session_id} (or the {@code x-session-id} header, or {@code prompt_cache_key}) when given; otherwise, for
     * prompts long enough to be cached, a hash of the conversation's first system message and first other message,
     * which stay the same on every turn. Always scoped to the caller's key.
     */
    private static String stickyKey(
            ObjectNode body, JsonNode messages, String keyHash, String sessionHeader, long promptTokens) {
        String session = body.path("session_id").isString()
                ? body.path("session_id").asString()
                : sessionHeader != null && !sessionHeader.isBlank()
                        ? sessionHeader
                        : body.path("prompt_cache_key").isString()
                                ? body.path("prompt_cache_key").asString()
                                : null;
        if (session != null && !session.isBlank()) {
            return "session:" + keyHash + ":" + session;
        }
        if (promptTokens < STICKY_MIN_PROMPT_TOKENS) {
            return null;
        }
        JsonNode system = null;
        JsonNode first = null;
        for (JsonNode message : messages) {
            String role = message.path("role").asString("");
            if ((role.equals("system") || role.equals("developer")) && system == null) {
                system = message.path("content");
            } else if (!role.equals("system") && !role.equals("developer") && first == null) {
                first = message.path("content");
            }
            if (system != null && first != null) {
                break;
            }
        }
        String prefix = (system == null ? "" : system.toString()) + '\u0000' + (first == null ? "" : first.toString());
        return "prefix:" + keyHash + ":" + sha256(prefix);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
