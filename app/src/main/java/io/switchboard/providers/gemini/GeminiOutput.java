package io.switchboard.providers.gemini;

import static io.switchboard.providers.gemini.GeminiRequests.SIGNATURE_FORMAT;

import io.switchboard.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Gemini {@code GenerateContentResponse} objects, the one of a non-streaming call or each chunk of a stream, and
 * turns the parts of the first candidate into OpenAI deltas in their order. The same class serves both modes, so a
 * response yields the same tool-call ids, signatures and usage whether it was streamed or not.
 *
 * <ul>
 *   <li>{@code text} → {@code content}; {@code thought: true} text → {@code reasoning} plus a {@code reasoning.text}
 *       detail (contiguous thought text shares one detail index, so clients concatenate it).
 *   <li>{@code functionCall} → one complete tool call (OpenAI deltas carry it whole): running {@code index}, the
 *       arguments as compact JSON ({@code "{}"} when there are none). Vertex-style streamed arguments
 *       ({@code willContinue}, {@code partialArgs} with {@code jsonPath}s) are assembled first and the call is emitted
 *       when it completes.
 *   <li>Tool-call ids: Gemini's {@code functionCall.id} when it sends one, else synthetic and stable:
 *       {@code call_<responseId>_<index>} (responseId reduced to {@code [A-Za-z0-9_-]}; without a responseId a hash
 *       of the call's name and arguments replaces it). The same response always yields the same ids.
 *   <li>{@code thoughtSignature} → a {@code reasoning.encrypted} detail, format {@code google-gemini-v1}, whose
 *       {@code id} is the tool call id when it came on a {@code functionCall} part and null when it came on a text or
 *       thought part. {@link GeminiRequests} puts it back on that part when the client returns the turn.
 *   <li>{@code inlineData} output (images) → {@code images} as data URLs.
 *   <li>Finish: the native {@code finishReason}; {@code STOP} with calls is reported as {@code tool_calls} (native
 *       {@code STOP} kept); a prompt blocked by {@code promptFeedback.blockReason} is {@code content_filter} with the
 *       block reason as native value.
 *   <li>Usage (the latest {@code usageMetadata} wins: it is cumulative): prompt = promptTokenCount +
 *       toolUsePromptTokenCount, completion = candidatesTokenCount + thoughtsTokenCount, cached =
 *       cachedContentTokenCount, reasoning = thoughtsTokenCount, total = prompt + completion.
 * </ul>
 */
final class GeminiOutput {
    private final String fallbackModel;
    private String responseId;
    private String modelVersion;
    private JsonNode usageMetadata;
    private String finishReason;
    private String blockReason;
    private int toolIndex;
    private int detailIndex;
    private int openThoughtDetail = -1;
    private boolean toolCalls;
    private PendingCall pending;

    GeminiOutput(String fallbackModel) {
        this.fallbackModel = fallbackModel;
    }

    /** The deltas of one response or stream chunk, in part order; possibly none. */
    List<ObjectNode> accept(JsonNode response) {
        List<ObjectNode> deltas = new ArrayList<>(2);
        if (responseId == null && response.path("responseId").isString()) {
            responseId = response.get("responseId").asString();
        }
        if (modelVersion == null && response.path("modelVersion").isString()) {
            modelVersion = response.get("modelVersion").asString();
        }
        JsonNode usage = response.get("usageMetadata");
        if (usage != null && hasCounts(usage)) {
            usageMetadata = usage;
        }
        JsonNode block = response.path("promptFeedback").path("blockReason");
        if (block.isString()) {
            blockReason = block.asString();
        }
        JsonNode candidate = firstCandidate(response.path("candidates"));
        if (candidate == null) {
            return deltas;
        }
        for (JsonNode part : candidate.path("content").path("parts")) {
            part(part, deltas);
        }
        if (candidate.path("finishReason").isString()) {
            finishReason = candidate.get("finishReason").asString();
        }
        return deltas;
    }

    /** Deltas still held back at the end: a streamed call whose last fragment never came. */
    List<ObjectNode> flush() {
        List<ObjectNode> deltas = new ArrayList<>(1);
        if (pending != null) {
            complete(deltas);
        }
        return deltas;
    }

    String responseId() {
        return responseId;
    }

    String model() {
        return modelVersion == null ? fallbackModel : modelVersion;
    }

    /** The provider's own finish reason (or block reason); null when none arrived. */
    String nativeFinishReason() {
        return finishReason != null ? finishReason : blockReason;
    }

    /** The finish reason to report: the native one, except tool_calls for STOP with calls and blocked prompts. */
    String finishReason() {
        if (finishReason == null) {
            return blockReason == null ? null : "content_filter";
        }
        if (toolCalls && finishReason.equals("STOP")) {
            return "tool_calls";
        }
        return finishReason;
    }

    /** Usage in OpenAI's shape, or null when the provider reported none. */
    ObjectNode usage() {
        if (usageMetadata == null) {
            return null;
        }
        long prompt = count("promptTokenCount") + count("toolUsePromptTokenCount");
        long thoughts = count("thoughtsTokenCount");
        long completion = count("candidatesTokenCount") + thoughts;
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", count("cachedContentTokenCount"));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        return usage;
    }

    /** A {@code chat.completion} body from every delta of a non-streaming response. */
    ObjectNode completion(List<ObjectNode> deltas, long created) {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean hasReasoning = false;
        ArrayNode calls = Json.MAPPER.createArrayNode();
        ArrayNode images = Json.MAPPER.createArrayNode();
        List<ObjectNode> details = new ArrayList<>();
        for (ObjectNode delta : deltas) {
            content.append(delta.path("content").asString(""));
            if (delta.path("reasoning").isString()) {
                reasoning.append(delta.get("reasoning").asString());
                hasReasoning = true;
            }
            for (JsonNode call : delta.path("tool_calls")) {
                ObjectNode copy = (ObjectNode) call.deepCopy();
                copy.remove("index");
                calls.add(copy);
            }
            delta.path("images").forEach(images::add);
            for (JsonNode detail : delta.path("reasoning_details")) {
                mergeDetail(details, (ObjectNode) detail);
            }
        }
        ObjectNode body = Json.object();
        body.put("id", responseId == null ? "gemini-response" : responseId);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (content.isEmpty() && (!calls.isEmpty() || blockReason != null)) {
            message.putNull("content");
        } else {
            message.put("content", content.toString());
        }
        message.putNull("refusal");
        if (hasReasoning) {
            message.put("reasoning", reasoning.toString());
        }
        if (!details.isEmpty()) {
            ArrayNode detailArray = message.putArray("reasoning_details");
            details.forEach(detailArray::add);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        if (!images.isEmpty()) {
            message.set("images", images);
        }
        choice.putNull("logprobs");
        finish(choice);
        ObjectNode usage = usage();
        if (usage != null) {
            body.set("usage", usage);
        }
        return body;
    }

    /** Sets {@code finish_reason} and {@code native_finish_reason} on a choice (null when none is known). */
    void finish(ObjectNode choice) {
        String finish = finishReason();
        if (finish == null) {
            choice.putNull("finish_reason");
            return;
        }
        choice.put("finish_reason", finish);
        choice.put("native_finish_reason", nativeFinishReason());
    }

    /** Streamed thought text shares its detail's index; a whole message gets one detail per index. */
    private static void mergeDetail(List<ObjectNode> details, ObjectNode detail) {
        if ("reasoning.text".equals(detail.path("type").asString(""))) {
            for (ObjectNode existing : details) {
                if ("reasoning.text".equals(existing.path("type").asString(""))
                        && existing.path("index").asInt(-1)
                                == detail.path("index").asInt(-2)) {
                    existing.put(
                            "text",
                            existing.path("text").asString("")
                                    + detail.path("text").asString(""));
                    return;
                }
            }
        }
        details.add(detail.deepCopy());
    }

    private void part(JsonNode part, List<ObjectNode> deltas) {
        String signature = part.path("thoughtSignature").isString()
                ? part.get("thoughtSignature").asString()
                : null;
        JsonNode functionCall = part.get("functionCall");
        if (functionCall instanceof ObjectNode call) {
            functionCall(call, signature, deltas);
            return;
        }
        boolean thought = part.path("thought").asBoolean(false);
        if (part.path("text").isString()) {
            String text = part.get("text").asString();
            if (!text.isEmpty()) {
                ObjectNode delta = Json.object();
                if (thought) {
                    if (openThoughtDetail < 0) {
                        openThoughtDetail = detailIndex++;
                    }
                    delta.put("reasoning", text);
                    ObjectNode detail = delta.putArray("reasoning_details").addObject();
                    detail.put("type", "reasoning.text");
                    detail.put("text", text);
                    detail.put("format", SIGNATURE_FORMAT);
                    detail.put("index", openThoughtDetail);
                } else {
                    openThoughtDetail = -1;
                    delta.put("content", text);
                }
                deltas.add(delta);
            }
        } else if (part.path("inlineData").isObject() && !thought) {
            JsonNode inline = part.get("inlineData");
            ObjectNode delta = Json.object();
            ObjectNode image = delta.putArray("images").addObject();
            image.put("type", "image_url");
            image.putObject("image_url")
                    .put(
                            "url",
                            "data:" + inline.path("mimeType").asString("application/octet-stream") + ";base64,"
                                    + inline.path("data").asString(""));
            deltas.add(delta);
            openThoughtDetail = -1;
        }
        if (signature != null) {
            // A signature on a thought does not end the thought: text that follows still joins its detail.
            ObjectNode delta = Json.object();
            delta.putArray("reasoning_details").add(encrypted(signature, null));
            deltas.add(delta);
            if (!thought) {
                openThoughtDetail = -1;
            }
        }
    }

    private void functionCall(ObjectNode call, String signature, List<ObjectNode> deltas) {
        boolean named = call.path("name").isString();
        if (pending != null && named) {
            // A new call while the previous one never got its closing fragment.
            complete(deltas);
        }
        if (pending == null) {
            if (!named) {
                return;
            }
            pending = new PendingCall(call.get("name").asString());
        }
        if (call.path("id").isString() && !call.get("id").asString().isBlank()) {
            pending.id = call.get("id").asString();
        }
        if (signature != null && pending.signature == null) {
            pending.signature = signature;
        }
        if (call.get("args") instanceof ObjectNode args) {
            pending.args.setAll(args);
        }
        for (JsonNode partial : call.path("partialArgs")) {
            pending.apply(partial);
        }
        if (!call.path("willContinue").asBoolean(false)) {
            complete(deltas);
        }
    }

    private void complete(List<ObjectNode> deltas) {
        PendingCall call = pending;
        pending = null;
        int index = toolIndex++;
        String arguments = call.args.isEmpty() ? "{}" : Json.MAPPER.writeValueAsString(call.args);
        String id = call.id != null ? call.id : syntheticId(index, call.name, arguments);
        ObjectNode delta = Json.object();
        ObjectNode toolCall = delta.putArray("tool_calls").addObject();
        toolCall.put("index", index);
        toolCall.put("id", id);
        toolCall.put("type", "function");
        ObjectNode function = toolCall.putObject("function");
        function.put("name", call.name);
        function.put("arguments", arguments);
        if (call.signature != null) {
            delta.putArray("reasoning_details").add(encrypted(call.signature, id));
        }
        deltas.add(delta);
        toolCalls = true;
        openThoughtDetail = -1;
    }

    private String syntheticId(int index, String name, String arguments) {
        String base;
        if (responseId != null && !responseId.isBlank()) {
            StringBuilder cleaned = new StringBuilder(responseId.length());
            for (int i = 0; i < responseId.length(); i++) {
                char c = responseId.charAt(i);
                boolean allowed =
                        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                cleaned.append(allowed ? c : '_');
            }
            base = cleaned.toString();
        } else {
            long hash = 0xCBF29CE484222325L;
            String text = name + '\u0000' + arguments;
            for (int i = 0; i < text.length(); i++) {
                hash ^= text.charAt(i);
                hash *= 0x100000001B3L;
            }
            base = Long.toHexString(hash);
        }
        return "call_" + base + "_" + index;
    }

    private ObjectNode encrypted(String signature, String id) {
        ObjectNode detail = Json.object();
        detail.put("type", "reasoning.encrypted");
        detail.put("data", signature);
        if (id == null) {
            detail.putNull("id");
        } else {
            detail.put("id", id);
        }
        detail.put("format", SIGNATURE_FORMAT);
        detail.put("index", detailIndex++);
        return detail;
    }

    private static JsonNode firstCandidate(JsonNode candidates) {
        if (!candidates.isArray() || candidates.isEmpty()) {
            return null;
        }
        for (JsonNode candidate : candidates) {
            if (candidate.path("index").asInt(0) == 0) {
                return candidate;
            }
        }
        return candidates.get(0);
    }

    private static boolean hasCounts(JsonNode usage) {
        return usage.has("promptTokenCount") || usage.has("candidatesTokenCount") || usage.has("totalTokenCount");
    }

    private long count(String field) {
        return Math.max(0, usageMetadata.path(field).asLong(0));
    }

    /** A function call being assembled, from Vertex's streamed {@code partialArgs} or from one complete part. */
    private static final class PendingCall {
        final String name;
        final ObjectNode args = Json.object();
        final Set<String> openStrings = new HashSet<>();
        String id;
        String signature;

        PendingCall(String name) {
            this.name = name;
        }

        /** Applies one {@code {jsonPath, stringValue|numberValue|boolValue|nullValue, willContinue}} fragment. */
        void apply(JsonNode partial) {
            String path = partial.path("jsonPath").asString("");
            List<Object> segments = segments(path);
            if (segments.isEmpty()) {
                return;
            }
            JsonNode value;
            if (partial.path("stringValue").isString()) {
                String text = partial.get("stringValue").asString();
                JsonNode existing = get(segments);
                if (openStrings.contains(path) && existing != null && existing.isString()) {
                    text = existing.asString() + text;
                }
                value = Json.MAPPER.getNodeFactory().stringNode(text);
                if (partial.path("willContinue").asBoolean(false)) {
                    openStrings.add(path);
                } else {
                    openStrings.remove(path);
                }
            } else if (partial.has("numberValue")) {
                value = partial.get("numberValue").deepCopy();
            } else if (partial.has("boolValue")) {
                value = partial.get("boolValue").deepCopy();
            } else if (partial.has("nullValue")) {
                value = Json.MAPPER.getNodeFactory().nullNode();
            } else {
                return;
            }
            set(segments, value);
        }

        /** {@code $.a.b[0].c} → ["a", "b", 0, "c"]. */
        private static List<Object> segments(String path) {
            List<Object> segments = new ArrayList<>();
            String rest = path.startsWith("$") ? path.substring(1) : path;
            for (String piece : rest.split("\\.")) {
                if (piece.isEmpty()) {
                    continue;
                }
                int bracket = piece.indexOf('[');
                if (bracket < 0) {
                    segments.add(piece);
                    continue;
                }
                if (bracket > 0) {
                    segments.add(piece.substring(0, bracket));
                }
                int at = bracket;
                while (at >= 0 && at < piece.length()) {
                    int close = piece.indexOf(']', at);
                    if (close < 0) {
                        break;
                    }
                    String inside = piece.substring(at + 1, close);
                    try {
                        segments.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        segments.add(inside.replace("'", "").replace("\"", ""));
                    }
                    at = piece.indexOf('[', close);
                }
            }
            return segments;
        }

        private JsonNode get(List<Object> segments) {
            JsonNode current = args;
            for (Object segment : segments) {
                current = segment instanceof Integer index ? current.get(index) : current.get((String) segment);
                if (current == null) {
                    return null;
                }
            }
            return current;
        }

        private void set(List<Object> segments, JsonNode value) {
            JsonNode current = args;
            for (int i = 0; i < segments.size(); i++) {
                Object segment = segments.get(i);
                boolean last = i == segments.size() - 1;
                JsonNode next = last
                        ? value
                        : segments.get(i + 1) instanceof Integer ? Json.MAPPER.createArrayNode() : Json.object();
                if (current instanceof ObjectNode object && segment instanceof String key) {
                    JsonNode existing = object.get(key);
                    if (last || existing == null || !existing.isContainer()) {
                        object.set(key, next);
                        existing = next;
                    }
                    current = existing;
                } else if (current instanceof ArrayNode array && segment instanceof Integer index) {
                    while (array.size() <= index) {
                        array.addNull();
                    }
                    JsonNode existing = array.get(index);
                    if (last || existing == null || !existing.isContainer()) {
                        array.set(index, next);
                        existing = next;
                    }
                    current = existing;
                } else {
                    return;
                }
            }
        }
    }
}
