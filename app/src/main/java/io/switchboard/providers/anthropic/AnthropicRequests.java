package io.switchboard.providers.anthropic;

import io.switchboard.catalog.Endpoint;
import io.switchboard.json.Json;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.UpstreamTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Anthropic Messages body from the client's OpenAI-shaped request.
 *
 * <ul>
 *   <li><b>Messages.</b> {@code system}/{@code developer} messages (any position) become the top-level {@code system}:
 *       a string when it is one plain text, else text blocks keeping {@code cache_control}. {@code tool} messages become
 *       {@code tool_result} blocks of a user turn; consecutive turns of the same role are merged, and in a user turn the
 *       tool results come first. Assistant turns are {@code [thinking..., text..., tool_use...]}: the thinking blocks
 *       come back unchanged from {@code reasoning_details} ({@code reasoning.text} with a signature → {@code thinking},
 *       {@code reasoning.encrypted} → {@code redacted_thinking}; entries of another {@code format} are dropped).
 *       Empty texts are skipped (Anthropic rejects them) and a final assistant prefill loses its trailing whitespace. A
 *       message-level {@code cache_control} moves to the message's last block. Tool-call ids are made to match
 *       {@code ^[a-zA-Z0-9_-]+$} by replacing other characters with {@code _}, the same way on calls and results.
 *   <li><b>Parts.</b> {@code image_url}: a {@code data:} URL becomes a base64 source ({@code application/pdf} a
 *       {@code document}), an http(s) URL a {@code url} source; {@code file} with {@code file_data}: a PDF (or
 *       {@code text/plain}) {@code document}. Audio, {@code file_id} and unknown part types are refused.
 *   <li><b>Tools.</b> {@code parameters} become {@code input_schema} (an empty object schema when absent);
 *       {@code tool_choice} auto/none/required/named → auto/none/any/tool; {@code allowed_tools} filters the tools;
 *       {@code parallel_tool_calls: false} → {@code disable_parallel_tool_use}. With thinking on, a forcing choice is
 *       relaxed to {@code auto}, which Anthropic requires.
 *   <li><b>Reasoning.</b> {@code reasoning} ({@code effort}, {@code max_tokens}, {@code enabled}, {@code exclude}),
 *       {@code reasoning_effort} and {@code include_reasoning} become {@code thinking: {type: enabled, budget_tokens}}:
 *       an explicit budget is used as is (at least 1024), an effort is a share of {@code max_tokens} (minimal 0.1, low
 *       0.2, medium 0.5, high 0.8, xhigh/max 0.95; between 1024 and 128000), as OpenRouter documents. Effort
 *       {@code none} or {@code enabled: false} sends {@code {type: disabled}}. An Anthropic-style {@code thinking} object
 *       is passed through. Thinking removes {@code temperature} and {@code top_k} (and {@code top_p} below 0.95). Endpoints
 *       that list supported parameters without {@code reasoning} get no thinking.
 *   <li><b>max_tokens</b> is always sent: the client's {@code max_completion_tokens}/{@code max_tokens}, else the
 *       endpoint's maximum output, else 4096; raised to {@code budget + max_tokens} when the budget would not fit below
 *       it, and capped at the endpoint's maximum.
 *   <li><b>Other.</b> {@code stop} → {@code stop_sequences} (whitespace-only ones dropped); {@code temperature} capped at
 *       1 (Anthropic's range) and {@code top_p} dropped when {@code temperature} is set (recent models reject both);
 *       {@code top_k} kept; {@code user}/{@code safety_identifier} → {@code metadata.user_id}; top-level
 *       {@code cache_control} (automatic caching) kept. {@code response_format} {@code json_schema} → Anthropic's native
 *       structured output {@code output_config: {format: {type: json_schema, schema}}}, so the JSON arrives as ordinary
 *       text content; {@code json_object} (which Anthropic has no mode for) adds a system instruction to answer with one
 *       JSON object. Everything else (penalties, seed, logprobs, n, ...) is dropped.
 * </ul>
 *
 * Requests that cannot be expressed throw {@link InvalidRequestException} (a 400 for the client).
 */
final class AnthropicRequests {
    static final String REASONING_FORMAT = "anthropic-claude-v1";
    static final long DEFAULT_MAX_TOKENS = 4096;
    static final long MIN_BUDGET = 1024;
    static final long MAX_BUDGET = 128_000;
    static final String JSON_OBJECT_INSTRUCTION =
            "Respond with a single valid JSON object only, without any text before or after it.";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TOOL_ID_INVALID = Pattern.compile("[^a-zA-Z0-9_-]");

    private AnthropicRequests() {}

    /**
     * @param body the Anthropic request body
     * @param excludeReasoning the client asked for reasoning to happen but not to be returned
     */
    record Translation(ObjectNode body, boolean excludeReasoning) {}

    static Translation translate(ObjectNode request, UpstreamTarget target, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", target.endpoint().upstreamModel());

        ArrayNode system = NODES.arrayNode();
        ArrayNode messages = messages(request.path("messages"), system);

        Reasoning reasoning = reasoning(request, target.endpoint());
        long maxTokens = maxTokens(request, target.endpoint(), reasoning);
        body.put("max_tokens", maxTokens);

        JsonNode responseFormat = request.path("response_format");
        String formatType = responseFormat.path("type").asString("");
        if (formatType.equals("json_object")) {
            system.addObject().put("type", "text").put("text", JSON_OBJECT_INSTRUCTION);
        }
        if (!system.isEmpty()) {
            body.set("system", systemValue(system));
        }
        body.set("messages", messages);
        if (reasoning.thinking() != null) {
            body.set("thinking", reasoning.thinking());
        }

        tools(request, body, reasoning.enabled());

        stopSequences(request.get("stop"), body);
        sampling(request, body, reasoning.enabled());
        String user = request.path("user").asString(null);
        if (user == null || user.isBlank()) {
            user = request.path("safety_identifier").asString(null);
        }
        if (user != null && !user.isBlank()) {
            body.putObject("metadata").put("user_id", user);
        }
        if (formatType.equals("json_schema")) {
            JsonNode schema = responseFormat.path("json_schema").path("schema");
            if (!schema.isObject()) {
                throw new InvalidRequestException(
                        "response_format.json_schema.schema must be a JSON schema object for Anthropic models.");
            }
            body.putObject("output_config")
                    .putObject("format")
                    .put("type", "json_schema")
                    .set("schema", schema.deepCopy());
        }
        if (request.path("cache_control").isObject()) {
            body.set("cache_control", request.get("cache_control").deepCopy());
        }
        if (stream) {
            body.put("stream", true);
        }
        return new Translation(body, reasoning.exclude());
    }

    // ---------------------------------------------------------------- messages

    private static ArrayNode messages(JsonNode input, ArrayNode system) {
        ArrayNode turns = NODES.arrayNode();
        for (int i = 0; i < input.size(); i++) {
            JsonNode message = input.get(i);
            String where = "messages[" + i + "]";
            String role = message.path("role").asString("");
            ArrayNode blocks;
            String anthropicRole;
            switch (role) {
                case "system", "developer" -> {
                    blocks = textBlocks(message.get("content"), where, false);
                    applyMessageCacheControl(message, blocks);
                    system.addAll(blocks);
                    continue;
                }
                case "user" -> {
                    anthropicRole = "user";
                    blocks = userBlocks(message.get("content"), where);
                }
                case "assistant" -> {
                    anthropicRole = "assistant";
                    blocks = assistantBlocks(message, where);
                }
                case "tool" -> {
                    anthropicRole = "user";
                    blocks = NODES.arrayNode();
                    blocks.add(toolResult(message, where));
                }
                default ->
                    throw new InvalidRequestException(where + ".role '" + role
                            + "' is not supported by Anthropic models; use tools and tool" + " messages.");
            }
            applyMessageCacheControl(message, blocks);
            if (blocks.isEmpty()) {
                continue;
            }
            JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.path("role").asString().equals(anthropicRole)) {
                ((ArrayNode) last.get("content")).addAll(blocks);
            } else {
                ObjectNode turn = turns.addObject();
                turn.put("role", anthropicRole);
                turn.set("content", blocks);
            }
        }
        for (JsonNode turn : turns) {
            if (turn.path("role").asString().equals("user")) {
                toolResultsFirst((ArrayNode) turn.get("content"));
            }
        }
        trimFinalPrefill(turns);
        return turns;
    }

    private static JsonNode systemValue(ArrayNode system) {
        if (system.size() == 1 && !system.get(0).has("cache_control")) {
            return system.get(0).get("text");
        }
        return system;
    }

    /** Anthropic requires the results of the previous turn's tool calls at the start of the next user turn. */
    private static void toolResultsFirst(ArrayNode content) {
        List<JsonNode> results = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        for (JsonNode block : content) {
            (block.path("type").asString().equals("tool_result") ? results : others).add(block);
        }
        if (results.isEmpty() || others.isEmpty()) {
            return;
        }
        content.removeAll();
        results.forEach(content::add);
        others.forEach(content::add);
    }

    /** A final assistant turn is a prefill that the model continues; Anthropic rejects trailing whitespace in it. */
    private static void trimFinalPrefill(ArrayNode turns) {
        if (turns.isEmpty()) {
            return;
        }
        JsonNode last = turns.get(turns.size() - 1);
        if (!last.path("role").asString().equals("assistant")) {
            return;
        }
        ArrayNode content = (ArrayNode) last.get("content");
        JsonNode lastBlock = content.get(content.size() - 1);
        if (lastBlock.path("type").asString().equals("text") && lastBlock instanceof ObjectNode text) {
            String trimmed = text.path("text").asString().stripTrailing();
            if (trimmed.isEmpty()) {
                content.remove(content.size() - 1);
                if (content.isEmpty()) {
                    turns.remove(turns.size() - 1);
                }
            } else {
                text.put("text", trimmed);
            }
        }
    }

    private static void applyMessageCacheControl(JsonNode message, ArrayNode blocks) {
        JsonNode cacheControl = message.get("cache_control");
        if (cacheControl != null && cacheControl.isObject() && !blocks.isEmpty()) {
            JsonNode last = blocks.get(blocks.size() - 1);
            if (last instanceof ObjectNode block
                    && !block.path("type").asString().contains("thinking")) {
                block.set("cache_control", cacheControl.deepCopy());
            }
        }
    }

    /** Text-only content (system messages, assistant text): a string or text parts. */
    private static ArrayNode textBlocks(JsonNode content, String where, boolean allowRefusalParts) {
        ArrayNode blocks = NODES.arrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isString()) {
            addText(blocks, content.asString(), null);
            return blocks;
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(where + ".content must be a string or an array of parts.");
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String type = part.path("type").asString("");
            if (type.equals("text")) {
                addText(blocks, part.path("text").asString(""), part.get("cache_control"));
            } else if (!(allowRefusalParts && type.equals("refusal"))) {
                throw new InvalidRequestException(
                        where + ".content[" + p + "] of type '" + type + "' is not allowed in this message.");
            }
        }
        return blocks;
    }

    private static void addText(ArrayNode blocks, String text, JsonNode cacheControl) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode block = blocks.addObject();
        block.put("type", "text");
        block.put("text", text);
        copyCacheControl(cacheControl, block);
    }

    private static void copyCacheControl(JsonNode cacheControl, ObjectNode block) {
        if (cacheControl != null && cacheControl.isObject()) {
            block.set("cache_control", cacheControl.deepCopy());
        }
    }

    private static ArrayNode userBlocks(JsonNode content, String where) {
        ArrayNode blocks = NODES.arrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isString()) {
            addText(blocks, content.asString(), null);
            return blocks;
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String partWhere = where + ".content[" + p + "]";
            String type = part.path("type").asString("");
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asString(""), part.get("cache_control"));
                case "image_url" -> {
                    JsonNode image = part.get("image_url");
                    String url = image != null && image.isString()
                            ? image.asString()
                            : part.path("image_url").path("url").asString("");
                    ObjectNode block = mediaBlock(url, partWhere);
                    copyCacheControl(part.get("cache_control"), block);
                    blocks.add(block);
                }
                case "file" -> {
                    ObjectNode block = fileBlock(part.path("file"), partWhere);
                    copyCacheControl(part.get("cache_control"), block);
                    blocks.add(block);
                }
                case "input_audio" ->
                    throw new InvalidRequestException(
                            partWhere + ": audio input is not supported by Anthropic models.");
                default ->
                    throw new InvalidRequestException(
                            partWhere + ": content part type '" + type + "' is not supported by Anthropic models.");
            }
        }
        return blocks;
    }

    /** An {@code image_url} value: a data URL (base64 image, or a PDF document) or an http(s) URL. */
    private static ObjectNode mediaBlock(String url, String where) {
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url, where);
            if (data.mediaType().equals("application/pdf")) {
                return base64Block("document", data);
            }
            if (!data.mediaType().startsWith("image/")) {
                throw new InvalidRequestException(
                        where + ": media type " + data.mediaType() + " is not supported as an image by Anthropic.");
            }
            return base64Block("image", data);
        }
        if (isHttpUrl(url)) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "image");
            block.putObject("source").put("type", "url").put("url", url);
            return block;
        }
        throw new InvalidRequestException(where + ": image_url.url must be an http(s) URL or a base64 data URL.");
    }

    /** A {@code file} part: {@code file_data} as a data URL (PDF, plain text or image) or an http(s) URL to a PDF. */
    private static ObjectNode fileBlock(JsonNode file, String where) {
        if (file.hasNonNull("file_id") && !file.hasNonNull("file_data")) {
            throw new InvalidRequestException(
                    where + ": file_id references are not supported for Anthropic models; send file_data.");
        }
        String fileData = file.path("file_data").asString("");
        if (fileData.isEmpty()) {
            throw new InvalidRequestException(where + ".file.file_data is required.");
        }
        if (isHttpUrl(fileData)) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "document");
            block.putObject("source").put("type", "url").put("url", fileData);
            return block;
        }
        DataUrl data = fileData.startsWith("data:")
                ? DataUrl.parse(fileData, where)
                : new DataUrl("application/pdf", fileData);
        if (data.mediaType().equals("application/pdf")) {
            return base64Block("document", data);
        }
        if (data.mediaType().equals("text/plain")) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "document");
            ObjectNode source = block.putObject("source");
            source.put("type", "text");
            source.put("media_type", "text/plain");
            source.put("data", data.decodedText(where));
            return block;
        }
        if (data.mediaType().startsWith("image/")) {
            return base64Block("image", data);
        }
        throw new InvalidRequestException(
                where + ": file type " + data.mediaType() + " is not supported by Anthropic models.");
    }

    private static ObjectNode base64Block(String type, DataUrl data) {
        ObjectNode block = NODES.objectNode();
        block.put("type", type);
        ObjectNode source = block.putObject("source");
        source.put("type", "base64");
        source.put("media_type", data.mediaType());
        source.put("data", data.payload());
        return block;
    }

    private static boolean isHttpUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** {@code data:<media type>[;parameters];base64,<payload>}. */
    private record DataUrl(String mediaType, String payload) {
        static DataUrl parse(String url, String where) {
            int comma = url.indexOf(',');
            if (comma < 0) {
                throw new InvalidRequestException(where + ": malformed data URL.");
            }
            String[] header = url.substring("data:".length(), comma).split(";");
            boolean base64 = false;
            for (int i = 1; i < header.length; i++) {
                base64 |= header[i].trim().equalsIgnoreCase("base64");
            }
            if (!base64) {
                throw new InvalidRequestException(where + ": data URLs must be base64-encoded.");
            }
            String mediaType = header[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType.equals("image/jpg")) {
                mediaType = "image/jpeg";
            }
            return new DataUrl(mediaType, url.substring(comma + 1));
        }

        String decodedText(String where) {
            try {
                return new String(Base64.getMimeDecoder().decode(payload), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(where + ": file_data is not valid base64.", e);
            }
        }
    }

    private static ArrayNode assistantBlocks(JsonNode message, String where) {
        ArrayNode blocks = thinkingBlocks(message.get("reasoning_details"));
        blocks.addAll(textBlocks(message.get("content"), where, true));
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int c = 0; c < toolCalls.size(); c++) {
                blocks.add(toolUse(toolCalls.get(c), where + ".tool_calls[" + c + "]"));
            }
        }
        return blocks;
    }

    /**
     * Rebuilds Anthropic thinking blocks from OpenRouter {@code reasoning_details}. A streamed answer yields several
     * {@code reasoning.text} entries per block (text pieces, then the signature) sharing one {@code index}; they are
     * joined. A text block without a signature cannot be sent back (Anthropic verifies it) and is dropped.
     */
    static ArrayNode thinkingBlocks(JsonNode details) {
        ArrayNode blocks = NODES.arrayNode();
        if (details == null || !details.isArray()) {
            return blocks;
        }
        ObjectNode pending = null;
        JsonNode pendingIndex = null;
        for (JsonNode detail : details) {
            String format = detail.path("format").asString(null);
            if (format != null && !format.equals(REASONING_FORMAT)) {
                continue;
            }
            String type = detail.path("type").asString("");
            JsonNode index = detail.get("index");
            if (type.equals("reasoning.text")) {
                boolean continues = pending != null
                        && index != null
                        && pendingIndex != null
                        && index.asLong() == pendingIndex.asLong();
                if (!continues) {
                    flushThinking(blocks, pending);
                    pending = NODES.objectNode();
                    pending.put("type", "thinking");
                    pending.put("thinking", "");
                    pendingIndex = index;
                }
                pending.put(
                        "thinking",
                        pending.path("thinking").asString()
                                + detail.path("text").asString(""));
                String signature = detail.path("signature").asString("");
                if (!signature.isEmpty()) {
                    pending.put("signature", signature);
                }
            } else if (type.equals("reasoning.encrypted")) {
                flushThinking(blocks, pending);
                pending = null;
                String data = detail.path("data").asString("");
                if (!data.isEmpty()) {
                    blocks.addObject().put("type", "redacted_thinking").put("data", data);
                }
            }
        }
        flushThinking(blocks, pending);
        return blocks;
    }

    private static void flushThinking(ArrayNode blocks, ObjectNode pending) {
        if (pending != null && !pending.path("signature").asString("").isEmpty()) {
            blocks.add(pending);
        }
    }

    private static ObjectNode toolUse(JsonNode call, String where) {
        JsonNode function = call.path("function");
        String name = function.path("name").asString("");
        if (name.isEmpty()) {
            throw new InvalidRequestException(where + ".function.name is required.");
        }
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_use");
        block.put("id", toolId(call.path("id").asString(""), where + ".id"));
        block.put("name", name);
        block.set("input", arguments(function.get("arguments"), where + ".function.arguments"));
        copyCacheControl(call.get("cache_control"), block);
        return block;
    }

    /** OpenAI sends arguments as a JSON string, Anthropic needs the object. */
    static ObjectNode arguments(JsonNode arguments, String where) {
        if (arguments == null || arguments.isNull()) {
            return NODES.objectNode();
        }
        if (arguments instanceof ObjectNode object) {
            return object.deepCopy();
        }
        String text = arguments.asString("");
        if (text.isBlank()) {
            return NODES.objectNode();
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidRequestException(where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new InvalidRequestException(where + " must be a JSON object.");
        }
        return object;
    }

    private static ObjectNode toolResult(JsonNode message, String where) {
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_result");
        block.put("tool_use_id", toolId(message.path("tool_call_id").asString(""), where + ".tool_call_id"));
        JsonNode content = message.get("content");
        if (content != null && content.isString()) {
            if (!content.asString().isEmpty()) {
                block.put("content", content.asString());
            }
        } else if (content != null && content.isArray()) {
            ArrayNode parts = NODES.arrayNode();
            for (int p = 0; p < content.size(); p++) {
                JsonNode part = content.get(p);
                String type = part.path("type").asString("");
                switch (type) {
                    case "text" -> addText(parts, part.path("text").asString(""), part.get("cache_control"));
                    case "image_url" -> {
                        JsonNode image = part.get("image_url");
                        String url = image != null && image.isString()
                                ? image.asString()
                                : part.path("image_url").path("url").asString("");
                        parts.add(mediaBlock(url, where + ".content[" + p + "]"));
                    }
                    default ->
                        throw new InvalidRequestException(where + ".content[" + p + "]: part type '" + type
                                + "' is not supported in a tool result for Anthropic models.");
                }
            }
            if (!parts.isEmpty()) {
                block.set("content", parts);
            }
        }
        return block;
    }

    /** Anthropic tool ids must match {@code ^[a-zA-Z0-9_-]+$}; the same id always maps to the same result. */
    static String toolId(String id, String where) {
        if (id.isEmpty()) {
            throw new InvalidRequestException(where + " is required.");
        }
        return TOOL_ID_INVALID.matcher(id).replaceAll("_");
    }

    // ---------------------------------------------------------------- tools

    private static void tools(JsonNode request, ObjectNode body, boolean thinking) {
        JsonNode tools = request.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        JsonNode choice = request.get("tool_choice");
        String type = null;
        String name = null;
        Set<String> allowed = null;
        if (choice != null && choice.isString()) {
            type = switch (choice.asString()) {
                case "none" -> "none";
                case "required" -> "any";
                case "auto" -> "auto";
                default ->
                    throw new InvalidRequestException(
                            "tool_choice must be 'none', 'auto', 'required' or a function, got '" + choice.asString()
                                    + "'.");
            };
        } else if (choice != null && choice.isObject()) {
            String choiceType = choice.path("type").asString("function");
            if (choiceType.equals("allowed_tools")) {
                JsonNode allowedTools = choice.path("allowed_tools");
                type = allowedTools.path("mode").asString("auto").equals("required") ? "any" : "auto";
                allowed = new HashSet<>();
                for (JsonNode tool : allowedTools.path("tools")) {
                    allowed.add(tool.path("function")
                            .path("name")
                            .asString(tool.path("name").asString("")));
                }
            } else {
                name = choice.path("function")
                        .path("name")
                        .asString(choice.path("name").asString(""));
                if (name.isEmpty()) {
                    throw new InvalidRequestException("tool_choice.function.name is required.");
                }
                type = "tool";
            }
        }
        ArrayNode anthropicTools = body.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.path("type").asString("function").equals("function")) {
                throw new InvalidRequestException("tools[" + i + "]: only function tools are supported for Anthropic"
                        + " models, got '" + tool.path("type").asString() + "'.");
            }
            JsonNode function = tool.path("function");
            String toolName = function.path("name").asString("");
            if (toolName.isEmpty()) {
                throw new InvalidRequestException("tools[" + i + "].function.name is required.");
            }
            if (allowed != null && !allowed.contains(toolName)) {
                continue;
            }
            ObjectNode converted = anthropicTools.addObject();
            converted.put("name", toolName);
            String description = function.path("description").asString("");
            if (!description.isEmpty()) {
                converted.put("description", description);
            }
            converted.set("input_schema", inputSchema(function.get("parameters")));
            copyCacheControl(
                    tool.has("cache_control") ? tool.get("cache_control") : function.get("cache_control"), converted);
        }
        if (thinking && ("any".equals(type) || "tool".equals(type))) {
            // Anthropic: "Thinking may not be enabled when tool_choice forces tool use".
            type = "auto";
            name = null;
        }
        JsonNode parallel = request.get("parallel_tool_calls");
        boolean disableParallel = parallel != null && parallel.isBoolean() && !parallel.asBoolean();
        if (type == null && !disableParallel) {
            return;
        }
        ObjectNode toolChoice = body.putObject("tool_choice");
        toolChoice.put("type", type == null ? "auto" : type);
        if (name != null) {
            toolChoice.put("name", name);
        }
        if (disableParallel && !"none".equals(type)) {
            toolChoice.put("disable_parallel_tool_use", true);
        }
    }

    private static ObjectNode inputSchema(JsonNode parameters) {
        if (!(parameters instanceof ObjectNode object) || object.isEmpty()) {
            ObjectNode empty = NODES.objectNode();
            empty.put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        ObjectNode schema = object.deepCopy();
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        return schema;
    }

    // ---------------------------------------------------------------- reasoning and limits

    /**
     * @param thinking the {@code thinking} object to send, or null
     * @param enabled whether the model will think (so forcing tool choices and sampling changes are not allowed)
     * @param budget requested thinking budget, or 0 when derived from an effort ratio
     * @param ratio share of {@code max_tokens} for an effort, or 0
     */
    private record Reasoning(ObjectNode thinking, boolean enabled, boolean exclude, long budget, double ratio) {
        static final Reasoning NONE = new Reasoning(null, false, false, 0, 0);
    }

    private static Reasoning reasoning(JsonNode request, Endpoint endpoint) {
        List<String> supported = endpoint.supportedParameters();
        boolean exclude = request.path("reasoning").path("exclude").asBoolean(false)
                || request.path("include_reasoning").isBoolean()
                        && !request.path("include_reasoning").asBoolean();
        if (!supported.isEmpty() && !supported.contains("reasoning") && !supported.contains("include_reasoning")) {
            return Reasoning.NONE;
        }
        JsonNode thinking = request.get("thinking");
        if (thinking instanceof ObjectNode passthrough) {
            String type = passthrough.path("type").asString("");
            long budget = passthrough.path("budget_tokens").asLong(0);
            return new Reasoning(
                    passthrough.deepCopy(),
                    type.equals("enabled") || type.equals("adaptive"),
                    exclude,
                    type.equals("enabled") ? Math.max(MIN_BUDGET, budget) : 0,
                    0);
        }
        JsonNode reasoning = request.get("reasoning");
        String effort = request.path("reasoning_effort").asString(null);
        Long budget = null;
        boolean requested = effort != null;
        boolean disabled = false;
        if (reasoning != null && reasoning.isObject()) {
            requested = true;
            if (reasoning.path("effort").isString()) {
                effort = reasoning.path("effort").asString();
            }
            if (reasoning.path("max_tokens").canConvertToLong()
                    && reasoning.path("max_tokens").asLong() > 0) {
                budget = reasoning.path("max_tokens").asLong();
            }
            if (reasoning.path("enabled").isBoolean()
                    && !reasoning.path("enabled").asBoolean()) {
                disabled = true;
            }
        }
        if (!requested && request.path("include_reasoning").asBoolean(false)) {
            requested = true;
        }
        if (!requested) {
            return Reasoning.NONE;
        }
        if (disabled || "none".equalsIgnoreCase(effort)) {
            ObjectNode off = NODES.objectNode();
            off.put("type", "disabled");
            return new Reasoning(off, false, exclude, 0, 0);
        }
        ObjectNode on = NODES.objectNode();
        on.put("type", "enabled");
        if (budget != null) {
            return new Reasoning(on, true, exclude, Math.max(MIN_BUDGET, Math.min(budget, MAX_BUDGET)), 0);
        }
        return new Reasoning(on, true, exclude, 0, ratio(effort == null ? "medium" : effort));
    }

    static double ratio(String effort) {
        return switch (effort.toLowerCase(Locale.ROOT)) {
            case "minimal" -> 0.1;
            case "low" -> 0.2;
            case "high" -> 0.8;
            case "xhigh", "max" -> 0.95;
            default -> 0.5;
        };
    }

    /** Sets {@code thinking.budget_tokens} as a side effect; returns the {@code max_tokens} to send. */
    private static long maxTokens(JsonNode request, Endpoint endpoint, Reasoning reasoning) {
        Long requested = positive(request.get("max_completion_tokens"));
        if (requested == null) {
            requested = positive(request.get("max_tokens"));
        }
        Long cap = endpoint.maxOutput().filter(value -> value > 0).orElse(null);
        long maxTokens = requested != null ? requested : cap != null ? cap : DEFAULT_MAX_TOKENS;
        if (cap != null) {
            maxTokens = Math.min(maxTokens, cap);
        }
        ObjectNode thinking = reasoning.thinking();
        if (thinking == null || !thinking.path("type").asString().equals("enabled")) {
            return maxTokens;
        }
        long budget = reasoning.budget() > 0
                ? reasoning.budget()
                : Math.clamp((long) Math.floor(maxTokens * reasoning.ratio()), MIN_BUDGET, MAX_BUDGET);
        if (maxTokens <= budget) {
            // The budget counts toward max_tokens and must be below it: keep the client's room for the answer.
            maxTokens = budget + maxTokens;
        }
        if (cap != null && maxTokens > cap) {
            maxTokens = cap;
            budget = Math.min(budget, maxTokens - 1);
        }
        if (budget < MIN_BUDGET) {
            // The endpoint cannot fit the smallest budget Anthropic accepts: answer without thinking.
            thinking.removeAll();
            thinking.put("type", "disabled");
            return maxTokens;
        }
        thinking.put("budget_tokens", budget);
        return maxTokens;
    }

    private static Long positive(JsonNode node) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            return null;
        }
        long value = node.asLong();
        return value > 0 ? value : null;
    }

    // ---------------------------------------------------------------- sampling and stop

    private static void stopSequences(JsonNode stop, ObjectNode body) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = NODES.arrayNode();
        if (stop.isString()) {
            if (!stop.asString().isBlank()) {
                sequences.add(stop.asString());
            }
        } else if (stop.isArray()) {
            for (JsonNode value : stop) {
                if (value.isString() && !value.asString().isBlank()) {
                    sequences.add(value.asString());
                }
            }
        }
        if (!sequences.isEmpty()) {
            body.set("stop_sequences", sequences);
        }
    }

    private static void sampling(JsonNode request, ObjectNode body, boolean thinking) {
        JsonNode temperature = request.get("temperature");
        JsonNode topP = request.get("top_p");
        JsonNode topK = request.get("top_k");
        if (thinking) {
            // Thinking is incompatible with temperature and top_k changes; top_p may only be between 0.95 and 1.
            if (topP != null && topP.isNumber() && topP.asDouble() >= 0.95) {
                body.put("top_p", topP.asDouble());
            }
            return;
        }
        boolean hasTemperature = temperature != null && temperature.isNumber();
        if (hasTemperature) {
            body.put("temperature", Math.min(1.0, Math.max(0.0, temperature.asDouble())));
        } else if (topP != null && topP.isNumber()) {
            body.put("top_p", topP.asDouble());
        }
        if (topK != null && topK.isIntegralNumber() && topK.asLong() > 0) {
            body.put("top_k", topK.asLong());
        }
    }
}
