package io.switchboard.providers.anthropic;

import io.switchboard.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an Anthropic {@code message} into an OpenAI {@code chat.completion}: text blocks joined into {@code content};
 * {@code tool_use} blocks into {@code tool_calls} in block order (arguments are the input as a JSON string, {@code "{}"}
 * when empty); {@code thinking} blocks into {@code message.reasoning} plus {@code reasoning_details} entries
 * {@code {type: reasoning.text, text, signature, format: anthropic-claude-v1, index}} and {@code redacted_thinking} into
 * {@code reasoning.encrypted} entries, so that clients can send them back; a refusal's explanation into
 * {@code refusal}. {@code finish_reason} is Anthropic's own {@code stop_reason}; the API layer normalises it.
 */
final class AnthropicResponses {
    private AnthropicResponses() {}

    static ObjectNode completion(JsonNode message, boolean excludeReasoning, long created) {
        ObjectNode completion = Json.object();
        completion.put("id", message.path("id").asString(""));
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", message.path("model").asString(""));

        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode details = Json.MAPPER.createArrayNode();
        ArrayNode toolCalls = Json.MAPPER.createArrayNode();
        boolean hasText = false;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asString("")) {
                case "text" -> {
                    hasText = true;
                    text.append(block.path("text").asString(""));
                }
                case "thinking" -> {
                    reasoning.append(block.path("thinking").asString(""));
                    ObjectNode detail = details.addObject();
                    detail.put("type", "reasoning.text");
                    detail.put("text", block.path("thinking").asString(""));
                    detail.put("signature", block.path("signature").asString(""));
                    detail.put("format", AnthropicRequests.REASONING_FORMAT);
                    detail.put("index", details.size() - 1);
                }
                case "redacted_thinking" -> {
                    ObjectNode detail = details.addObject();
                    detail.put("type", "reasoning.encrypted");
                    detail.put("data", block.path("data").asString(""));
                    detail.put("format", AnthropicRequests.REASONING_FORMAT);
                    detail.put("index", details.size() - 1);
                }
                case "tool_use" -> {
                    ObjectNode call = toolCalls.addObject();
                    call.put("id", block.path("id").asString(""));
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", block.path("name").asString(""));
                    function.put("arguments", arguments(block.get("input")));
                }
                default -> {
                    // server tool blocks, citations containers and future block types have no OpenAI equivalent
                }
            }
        }

        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode out = choice.putObject("message");
        out.put("role", "assistant");
        if (hasText || toolCalls.isEmpty()) {
            out.put("content", text.toString());
        } else {
            out.putNull("content");
        }
        String stopReason = message.path("stop_reason").asString(null);
        String explanation = message.path("stop_details").path("explanation").asString(null);
        if ("refusal".equals(stopReason) && explanation != null) {
            out.put("refusal", explanation);
        } else {
            out.putNull("refusal");
        }
        if (!excludeReasoning && !details.isEmpty()) {
            out.put("reasoning", reasoning.toString());
            out.set("reasoning_details", details);
        }
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        if (stopReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", stopReason);
        }
        completion.set("usage", AnthropicUsage.toOpenAi(message.get("usage")));
        return completion;
    }

    /** The tool input as the JSON string OpenAI clients parse; never empty. */
    static String arguments(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return "{}";
        }
        return Json.MAPPER.writeValueAsString(input);
    }
}
