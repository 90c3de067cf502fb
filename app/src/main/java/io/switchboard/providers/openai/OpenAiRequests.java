package io.switchboard.providers.openai;

import io.switchboard.providers.UpstreamTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the body an OpenAI-compatible host receives from the client's request, applying the host's
 * {@link OpenAiQuirks}: router-only fields removed, the catalog's unsupported parameters and the dialect's rejected
 * ones dropped, the output cap in the host's field, {@code reasoning.effort} as {@code reasoning_effort}, the seed and
 * the required tool choice in the host's spelling, tool-call ids and message names made acceptable, and usage
 * requested on streams.
 */
final class OpenAiRequests {
    /** Fields only Switchboard/OpenRouter understand; no upstream should see them. */
    private static final Set<String> ROUTER_FIELDS = Set.of(
            "models",
            "provider",
            "plugins",
            "route",
            "transforms",
            "usage",
            "session_id",
            "debug",
            "preset",
            "trace",
            "reasoning",
            "include_reasoning");

    private static final Pattern NINE_ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]{9}");
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private OpenAiRequests() {}

    static ObjectNode translate(ObjectNode request, UpstreamTarget target, boolean stream) {
        OpenAiQuirks quirks = OpenAiQuirks.forProvider(target.provider().slug());
        ObjectNode body = request.deepCopy();
        ROUTER_FIELDS.forEach(body::remove);
        for (String unsupported : target.provider().unsupportedParameters()) {
            body.remove(unsupported);
        }
        quirks.rejectedParameters().forEach(body::remove);
        maxTokens(body, quirks);
        if (!body.has("reasoning_effort")
                && request.path("reasoning").path("effort").isString()) {
            body.put(
                    "reasoning_effort", request.path("reasoning").path("effort").asString());
        }
        if (!quirks.seedField().equals("seed") && body.has("seed")) {
            body.set(quirks.seedField(), body.remove("seed"));
        }
        if (!quirks.toolChoiceRequired().equals("required")
                && "required".equals(body.path("tool_choice").asString(""))) {
            body.put("tool_choice", quirks.toolChoiceRequired());
        }
        if (quirks.nineCharToolCallIds() || quirks.stripMessageNames()) {
            messages(body, quirks);
        }
        body.put("model", target.endpoint().upstreamModel());
        body.put("stream", stream);
        if (stream && quirks.streamUsageOption()) {
            // Many hosts only report usage when asked; the gateway always needs it for billing.
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return body;
    }

    /** One cap, in the host's field: {@code max_completion_tokens} wins when the client sent both. */
    private static void maxTokens(ObjectNode body, OpenAiQuirks quirks) {
        JsonNode completion = body.remove("max_completion_tokens");
        JsonNode legacy = body.remove("max_tokens");
        JsonNode cap = completion != null && !completion.isNull() ? completion : legacy;
        if (cap != null && !cap.isNull()) {
            body.set(quirks.maxTokensField().field(), cap);
        }
    }

    private static void messages(ObjectNode body, OpenAiQuirks quirks) {
        if (!(body.get("messages") instanceof ArrayNode messages)) {
            return;
        }
        for (JsonNode node : messages) {
            if (!(node instanceof ObjectNode message)) {
                continue;
            }
            if (quirks.stripMessageNames()
                    && !"tool".equals(message.path("role").asString(""))) {
                message.remove("name");
            }
            if (!quirks.nineCharToolCallIds()) {
                continue;
            }
            if (message.path("tool_call_id").isString()) {
                message.put(
                        "tool_call_id", nineCharId(message.get("tool_call_id").asString()));
            }
            for (JsonNode call : message.path("tool_calls")) {
                if (call instanceof ObjectNode object && object.path("id").isString()) {
                    object.put("id", nineCharId(object.get("id").asString()));
                }
            }
        }
    }

    /** The id itself when it already is nine letters and digits, else nine derived from its SHA-256. */
    static String nineCharId(String id) {
        if (NINE_ALPHANUMERIC.matcher(id).matches()) {
            return id;
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        char[] out = new char[9];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHANUMERIC[(digest[i] & 0xFF) % ALPHANUMERIC.length];
        }
        return new String(out);
    }
}
