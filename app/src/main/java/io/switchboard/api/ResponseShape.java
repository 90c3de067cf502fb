package io.switchboard.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last step of every answer: the same fields, whichever provider answered (the conformance suite checks it).
 * Adapters already produce OpenAI's shape; this settles the optional parts they are free to vary, the way OpenRouter
 * presents them:
 *
 * <ul>
 *   <li>OpenAI's own {@code service_tier} and {@code system_fingerprint} are not relayed (they describe OpenAI's
 *       fleet, not the generation, and no other provider has them);
 *   <li>every choice has {@code logprobs} ({@code null} unless a provider returned some);
 *   <li>a message has {@code refusal} and {@code reasoning} ({@code null} when there is none); an empty
 *       {@code annotations} list is dropped;
 *   <li>the delta that opens the stream ({@code role}) has {@code content} ({@code ""} when the provider had none to
 *       say yet); a {@code null} {@code refusal} in a delta says nothing and is dropped.
 * </ul>
 */
final class ResponseShape {
    private ResponseShape() {}

    static void completion(ObjectNode body) {
        body.remove("service_tier");
        body.remove("system_fingerprint");
        for (JsonNode node : body.path("choices")) {
            if (!(node instanceof ObjectNode choice)) {
                continue;
            }
            ensureNull(choice, "logprobs");
            if (choice.get("message") instanceof ObjectNode message) {
                ensureNull(message, "refusal");
                ensureNull(message, "reasoning");
                if (message.get("annotations") instanceof ArrayNode annotations && annotations.isEmpty()) {
                    message.remove("annotations");
                }
            }
        }
    }

    static void chunk(ObjectNode chunk) {
        chunk.remove("service_tier");
        chunk.remove("system_fingerprint");
        for (JsonNode node : chunk.path("choices")) {
            if (!(node instanceof ObjectNode choice)) {
                continue;
            }
            ensureNull(choice, "logprobs");
            if (choice.get("delta") instanceof ObjectNode delta) {
                if (delta.has("role") && !delta.has("content")) {
                    delta.put("content", "");
                }
                JsonNode refusal = delta.get("refusal");
                if (refusal != null && refusal.isNull()) {
                    delta.remove("refusal");
                }
            }
        }
    }

    private static void ensureNull(ObjectNode object, String field) {
        if (!object.has(field)) {
            object.putNull(field);
        }
    }
}
