package io.switchboard.providers.openai;

import io.switchboard.json.Json;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings what OpenAI-compatible hosts answer into OpenAI's exact shape, for a whole {@code chat.completion}
 * ({@link #completion}) and, with one instance per stream, chunk by chunk ({@link #chunk}). Every rule fills in or
 * moves what a host left out or put elsewhere, so a conforming answer passes unchanged:
 *
 * <ul>
 *   <li>Reasoning text in {@code reasoning_content} (DeepSeek, xAI, Moonshot, Qwen, vLLM) moves to
 *       {@code reasoning}; an empty or null one is dropped. Mistral's content arrays
 *       ({@code [{"type":"thinking","thinking":[{"type":"text",...}]},{"type":"text",...}]}) become the
 *       {@code content} string plus {@code reasoning}.
 *   <li>Tool calls: a missing {@code type} is {@code function}, a missing {@code id} is minted, arguments that are
 *       missing, null or empty are {@code "{}"} (an object is serialised). Streamed calls without {@code index}
 *       (Mistral, Ollama, some vLLM parsers) get a running one: a new id opens the next index, a fragment without id
 *       continues the last call. Continuation fragments lose the repeated {@code id}, {@code type} and empty
 *       {@code name} some hosts send. A streamed call whose arguments stayed empty gets a {@code "{}"} fragment before
 *       the finish chunk.
 *   <li>Usage: Groq's {@code x_groq.usage} becomes {@code usage}; DeepSeek's {@code prompt_cache_hit_tokens} fills
 *       {@code prompt_tokens_details.cached_tokens}; when {@code total_tokens} shows that {@code completion_tokens}
 *       left the reasoning tokens out (xAI: total = prompt + completion + reasoning), they are added back, since
 *       OpenAI's completion tokens include them and billing relies on it.
 *   <li>Azure's {@code prompt_filter_results} / {@code content_filter_results} and a delta's stray {@code index} are
 *       removed.
 * </ul>
 */
final class OpenAiOutput {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** Stream state: tool calls seen so far, by index. */
    private final Map<Integer, CallState> calls = new LinkedHashMap<>();

    private final Map<String, Integer> indexById = new HashMap<>();
    private int lastIndex = -1;

    private static final class CallState {
        final String id;
        boolean named;
        int argumentChars;

        CallState(String id) {
            this.id = id;
        }
    }

    // ---------------------------------------------------------------- non-streaming

    /** Normalises a whole {@code chat.completion} body in place. */
    static void completion(ObjectNode body) {
        body.remove("prompt_filter_results");
        moveGroqUsage(body);
        for (JsonNode node : body.path("choices")) {
            if (!(node instanceof ObjectNode choice)) {
                continue;
            }
            choice.remove("content_filter_results");
            if (choice.get("message") instanceof ObjectNode message) {
                message(message);
            }
        }
        if (body.get("usage") instanceof ObjectNode usage) {
            usage(usage);
        }
    }

    private static void message(ObjectNode message) {
        splitContentParts(message);
        reasoning(message);
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls == null || toolCalls.isNull()) {
            message.remove("tool_calls");
            return;
        }
        if (!(toolCalls instanceof ArrayNode array) || array.isEmpty()) {
            message.remove("tool_calls");
            return;
        }
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode call)) {
                continue;
            }
            call.remove("index");
            if (!call.path("id").isString() || call.get("id").asString().isEmpty()) {
                call.put("id", newCallId());
            }
            if (!call.path("type").isString()) {
                call.put("type", "function");
            }
            ObjectNode function =
                    call.get("function") instanceof ObjectNode existing ? existing : call.putObject("function");
            function.put("arguments", arguments(function.get("arguments")));
        }
    }

    /** Complete arguments as the client must see them: a JSON string, {@code "{}"} when there are none. */
    private static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return "{}";
        }
        if (arguments.isObject() || arguments.isArray()) {
            return arguments.toString();
        }
        String text = arguments.asString("");
        return text.isBlank() ? "{}" : text;
    }

    // ---------------------------------------------------------------- streaming

    /**
     * Normalises one chunk in place; returns the chunks to relay in order: usually just it, preceded by a synthetic
     * {@code "{}"} arguments chunk when it finishes a choice whose streamed tool calls had no arguments.
     */
    List<ObjectNode> chunk(ObjectNode chunk) {
        chunk.remove("prompt_filter_results");
        moveGroqUsage(chunk);
        if (chunk.get("usage") instanceof ObjectNode usage) {
            usage(usage);
        }
        ObjectNode before = null;
        for (JsonNode node : chunk.path("choices")) {
            if (!(node instanceof ObjectNode choice)) {
                continue;
            }
            choice.remove("content_filter_results");
            ObjectNode delta = choice.get("delta") instanceof ObjectNode existing ? existing : null;
            if (delta != null) {
                delta.remove("index");
                splitContentParts(delta);
                reasoning(delta);
                toolCallDeltas(delta);
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && !finish.isNull()) {
                before = emptyArguments(chunk, choice, delta, before);
            }
        }
        return before == null ? List.of(chunk) : List.of(before, chunk);
    }

    private void toolCallDeltas(ObjectNode delta) {
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls == null) {
            return;
        }
        if (!(toolCalls instanceof ArrayNode array) || array.isEmpty()) {
            delta.remove("tool_calls");
            return;
        }
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode call)) {
                continue;
            }
            String id = call.path("id").isString() && !call.get("id").asString().isEmpty()
                    ? call.get("id").asString()
                    : null;
            int index;
            if (call.path("index").canConvertToInt()) {
                index = call.get("index").asInt();
            } else if (id != null) {
                index = indexById.getOrDefault(id, calls.isEmpty() ? 0 : maxIndex() + 1);
            } else {
                index = Math.max(lastIndex, 0);
            }
            call.put("index", index);
            lastIndex = index;
            ObjectNode function =
                    call.get("function") instanceof ObjectNode existing ? existing : call.putObject("function");
            JsonNode arguments = function.get("arguments");
            if (arguments != null && (arguments.isObject() || arguments.isArray())) {
                function.put("arguments", arguments.toString());
            }
            CallState state = calls.get(index);
            if (state == null) {
                // The first fragment of a call carries what identifies it.
                state = new CallState(id == null ? newCallId() : id);
                calls.put(index, state);
                indexById.put(state.id, index);
                call.put("id", state.id);
                if (!call.path("type").isString()) {
                    call.put("type", "function");
                }
                if (!function.path("arguments").isString()) {
                    function.put("arguments", "");
                }
            } else {
                // Continuations carry only the index and new argument text (and a late name).
                call.remove("id");
                call.remove("type");
                if (state.named && function.path("name").asString("").isEmpty()) {
                    function.remove("name");
                }
            }
            if (!function.path("name").asString("").isEmpty()) {
                state.named = true;
            }
            state.argumentChars += function.path("arguments").asString("").length();
            reorder(call);
        }
    }

    /** OpenAI's order: index, id, type, function; cosmetic, but it keeps relayed chunks diffable. */
    private static void reorder(ObjectNode call) {
        JsonNode function = call.remove("function");
        if (function != null) {
            call.set("function", function);
        }
    }

    private int maxIndex() {
        int max = -1;
        for (int index : calls.keySet()) {
            max = Math.max(max, index);
        }
        return max;
    }

    /**
     * At a finish: calls whose arguments never had a character get {@code "{}"}, inside this chunk when the call's
     * fragment is here (Mistral sends the whole call with the finish), else in a chunk relayed just before it.
     */
    private ObjectNode emptyArguments(ObjectNode chunk, ObjectNode choice, ObjectNode delta, ObjectNode before) {
        List<Integer> empty = new ArrayList<>();
        calls.forEach((index, state) -> {
            if (state.argumentChars == 0) {
                empty.add(index);
            }
        });
        if (empty.isEmpty()) {
            return before;
        }
        if (delta != null && delta.get("tool_calls") instanceof ArrayNode here) {
            for (JsonNode call : here) {
                int index = call.path("index").asInt(-1);
                if (empty.remove((Integer) index) && call.get("function") instanceof ObjectNode function) {
                    function.put("arguments", "{}");
                    calls.get(index).argumentChars = 2;
                }
            }
        }
        if (empty.isEmpty()) {
            return before;
        }
        ObjectNode synthetic = before;
        if (synthetic == null) {
            synthetic = Json.object();
            for (String field : List.of("id", "object", "created", "model", "system_fingerprint")) {
                if (chunk.has(field)) {
                    synthetic.set(field, chunk.get(field).deepCopy());
                }
            }
            synthetic.putArray("choices");
        }
        ObjectNode syntheticChoice = ((ArrayNode) synthetic.get("choices")).addObject();
        syntheticChoice.put("index", choice.path("index").asInt(0));
        ArrayNode fragments = syntheticChoice.putObject("delta").putArray("tool_calls");
        for (int index : empty) {
            ObjectNode fragment = fragments.addObject();
            fragment.put("index", index);
            fragment.putObject("function").put("arguments", "{}");
            calls.get(index).argumentChars = 2;
        }
        syntheticChoice.putNull("finish_reason");
        return synthetic;
    }

    // ---------------------------------------------------------------- shared rules

    /**
     * Mistral's content arrays: text parts become the content string, {@code thinking} parts the reasoning. A plain
     * string content is left alone.
     */
    private static void splitContentParts(ObjectNode holder) {
        if (!(holder.get("content") instanceof ArrayNode parts)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode part : parts) {
            switch (part.path("type").asString("")) {
                case "text" -> text.append(part.path("text").asString(""));
                case "thinking" -> {
                    JsonNode inner = part.get("thinking");
                    if (inner != null && inner.isString()) {
                        thinking.append(inner.asString());
                    } else if (inner != null) {
                        for (JsonNode piece : inner) {
                            thinking.append(piece.path("text").asString(""));
                        }
                    }
                }
                default -> {
                    // References, images and other part kinds have no place in a chat completion's text.
                }
            }
        }
        holder.put("content", text.toString());
        if (!thinking.isEmpty()) {
            String existing = holder.path("reasoning").asString("");
            holder.put("reasoning", existing + thinking);
        }
    }

    /** {@code reasoning_content} → {@code reasoning}; an absent, empty or null reasoning is not relayed. */
    private static void reasoning(ObjectNode holder) {
        JsonNode alternative = holder.remove("reasoning_content");
        JsonNode reasoning = holder.get("reasoning");
        boolean hasReasoning = reasoning != null
                && reasoning.isString()
                && !reasoning.asString().isEmpty();
        if (!hasReasoning
                && alternative != null
                && alternative.isString()
                && !alternative.asString().isEmpty()) {
            holder.put("reasoning", alternative.asString());
            return;
        }
        if (!hasReasoning && reasoning != null) {
            holder.remove("reasoning");
        }
    }

    private static void moveGroqUsage(ObjectNode body) {
        JsonNode groq = body.remove("x_groq");
        JsonNode usage = body.get("usage");
        if (groq != null && groq.get("usage") instanceof ObjectNode groqUsage && (usage == null || usage.isNull())) {
            body.set("usage", groqUsage);
        }
    }

    /** Usage in OpenAI's accounting: completion tokens include reasoning, cached tokens in the details. */
    static void usage(ObjectNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long reasoning =
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        if (reasoning > 0
                && usage.path("total_tokens").canConvertToLong()
                && usage.get("total_tokens").asLong() == prompt + completion + reasoning) {
            usage.put("completion_tokens", completion + reasoning);
        }
        if (usage.path("prompt_cache_hit_tokens").canConvertToLong()
                && !usage.path("prompt_tokens_details").path("cached_tokens").canConvertToLong()) {
            ObjectNode details = usage.get("prompt_tokens_details") instanceof ObjectNode existing
                    ? existing
                    : usage.putObject("prompt_tokens_details");
            details.put("cached_tokens", usage.get("prompt_cache_hit_tokens").asLong());
        }
    }

    private static String newCallId() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return "call_" + new String(id);
    }
}
