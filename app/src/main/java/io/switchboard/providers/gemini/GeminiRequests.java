package io.switchboard.providers.gemini;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.media.MediaFetcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a Gemini {@code GenerateContentRequest} from the client's OpenAI-shaped chat request.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they are, become the parts of
 *       {@code systemInstruction}, in order.
 *   <li>{@code user} → role {@code user}, {@code assistant} → role {@code model}; {@code tool} results join the
 *       {@code user} side; consecutive contents of the same role are merged into one (Gemini validates turn order,
 *       and all responses to one parallel call must sit in one content). Empty texts are skipped.
 *   <li>Parts: text; {@code image_url}, {@code video_url} and {@code file} (PDF) as {@code inlineData} for
 *       {@code data:} URLs, as {@code fileData} for URLs Gemini reads itself (its Files API, Cloud Storage, YouTube;
 *       see {@link GeminiMedia}), and for any other URL as {@code inlineData} of the content fetched by
 *       {@link RemoteMedia} (Gemini cannot fetch arbitrary URLs); {@code input_audio} as
 *       {@code inlineData audio/<format>}.
 *   <li>Assistant {@code tool_calls} → {@code functionCall {name, args}} parts ({@code args} is the parsed arguments
 *       object; empty arguments are {@code {}}; arguments that are not a JSON object are kept as
 *       {@code {"arguments": "<raw>"}}). Thought signatures the client echoes in the message's
 *       {@code reasoning_details} (type {@code reasoning.encrypted}, format {@code google-gemini-v1}) go back onto the
 *       part they came from: the {@code functionCall} part whose tool call id they name, or, without an id, the last
 *       text part. For Gemini 3+ a model turn with calls but no signature (history from another provider) gets
 *       Google's documented {@code skip_thought_signature_validator} on its first call, else Gemini refuses it.
 *   <li>{@code tool} messages → {@code functionResponse {name, response}} where the name, which OpenAI tool messages
 *       lack, is recovered from the earlier assistant tool call with the same {@code tool_call_id} (or the message's
 *       own {@code name}); {@code response} is always an object: {@code {"output": <content>}}, the content parsed
 *       when it is a JSON object or array, else the text. A tool message whose call cannot be found is refused here
 *       (Gemini would reject it too).
 *   <li>{@code tools} → one {@code functionDeclarations} list with sanitised parameters ({@link GeminiSchemas});
 *       {@code tool_choice} → {@code toolConfig.functionCallingConfig}: auto {@code AUTO}, none {@code NONE},
 *       required {@code ANY}, a named function {@code ANY} with {@code allowedFunctionNames}, {@code allowed_tools}
 *       {@code VALIDATED} (auto) or {@code ANY} (required) with the listed names.
 *   <li>{@code generationConfig}: {@code max_completion_tokens}/{@code max_tokens} → {@code maxOutputTokens},
 *       {@code stop} → {@code stopSequences}, {@code temperature}, {@code top_p}, {@code top_k}, {@code seed},
 *       {@code presence_penalty}, {@code frequency_penalty}; {@code response_format} {@code json_object} →
 *       {@code responseMimeType: application/json}, {@code json_schema} → the same plus a sanitised
 *       {@code responseSchema}; reasoning → {@code thinkingConfig} ({@link GeminiThinking}).
 * </ul>
 *
 * Parameters the provider lists as unsupported are ignored.
 */
final class GeminiRequests {
    static final String SIGNATURE_FORMAT = "google-gemini-v1";
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private static final Set<String> IMAGE_TYPES = union(MediaFetcher.IMAGES, MediaFetcher.DOCUMENTS);
    private static final Set<String> FILE_TYPES = union(MediaFetcher.DOCUMENTS, MediaFetcher.IMAGES);

    private GeminiRequests() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /**
     * Fetches media Gemini cannot read by URL (anything but its own file URIs and YouTube) so it can be sent inline;
     * refuses with an {@link io.switchboard.providers.InvalidRequestException}.
     */
    @FunctionalInterface
    interface RemoteMedia {
        GeminiMedia.Inline fetch(String url, Set<String> acceptedTypes);

        /** For callers that have no fetcher: every such URL is refused. */
        RemoteMedia REFUSE = (url, types) -> {
            throw new io.switchboard.providers.InvalidRequestException(
                    "Cannot use the media at " + url + ": Gemini cannot fetch it and no fetcher is configured.");
        };
    }

    static ObjectNode translate(ObjectNode request, String upstreamModel, Set<String> unsupported)
            throws UpstreamException {
        return translate(request, upstreamModel, unsupported, RemoteMedia.REFUSE);
    }

    static ObjectNode translate(ObjectNode request, String upstreamModel, Set<String> unsupported, RemoteMedia remote)
            throws UpstreamException {
        ObjectNode body = Json.object();
        ArrayNode system = Json.MAPPER.createArrayNode();
        List<ObjectNode> contents = new ArrayList<>();
        Map<String, String> callNames = new HashMap<>();
        boolean levels = GeminiThinking.usesLevels(upstreamModel);

        JsonNode messages = request.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asString("user");
            switch (role) {
                case "system", "developer" -> {
                    for (String text : texts(message.get("content"))) {
                        system.addObject().put("text", text);
                    }
                }
                case "assistant" -> append(contents, "model", assistantParts(message, callNames, levels));
                case "tool", "function" -> {
                    String id = message.path("tool_call_id").asString("");
                    String name = callNames.get(id);
                    if (name == null && message.path("name").isString()) {
                        name = message.get("name").asString();
                    }
                    if (name == null) {
                        throw invalid("messages[" + i + "] answers tool call '" + id
                                + "', which no earlier assistant message made; Gemini needs the function name");
                    }
                    ArrayNode parts = Json.MAPPER.createArrayNode();
                    ObjectNode response = parts.addObject().putObject("functionResponse");
                    response.put("name", name);
                    response.putObject("response").set("output", toolOutput(message.get("content")));
                    append(contents, "user", parts);
                }
                default -> append(contents, "user", userParts(message.get("content"), remote));
            }
        }
        if (contents.isEmpty() && !system.isEmpty()) {
            // Gemini needs at least one content; a system-only conversation is asked as a user turn.
            append(contents, "user", system);
            system = Json.MAPPER.createArrayNode();
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        ArrayNode contentArray = body.putArray("contents");
        contents.forEach(contentArray::add);

        tools(request, body);
        ObjectNode generation = generationConfig(request, upstreamModel, unsupported);
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        return body;
    }

    private static void append(List<ObjectNode> contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (!contents.isEmpty() && contents.getLast().path("role").asString("").equals(role)) {
            ((ArrayNode) contents.getLast().get("parts")).addAll(parts);
            return;
        }
        ObjectNode content = Json.object();
        content.put("role", role);
        content.set("parts", parts);
        contents.add(content);
    }

    private static ArrayNode userParts(JsonNode content, RemoteMedia remote) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isString()) {
            addText(parts, content.asString());
            return parts;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text", "input_text" -> addText(parts, part.path("text").asString(""));
                case "image_url", "input_image" -> {
                    JsonNode image = part.get("image_url");
                    String url = image != null && image.isString()
                            ? image.asString()
                            : image == null ? null : image.path("url").asString(null);
                    media(parts, url, "image/jpeg", IMAGE_TYPES, remote);
                }
                case "video_url", "input_video" ->
                    media(
                            parts,
                            part.path("video_url").path("url").asString(null),
                            "video/mp4",
                            MediaFetcher.VIDEOS,
                            remote);
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    String format = audio.path("format").asString("wav");
                    ObjectNode inline = parts.addObject().putObject("inlineData");
                    inline.put("mimeType", "audio/" + format);
                    inline.put("data", audio.path("data").asString(""));
                }
                case "file" -> file(parts, part.path("file"), remote);
                default -> {
                    // Unknown part types (cache markers, refusals) carry nothing Gemini can use.
                }
            }
        }
        return parts;
    }

    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    private static void media(
            ArrayNode parts, String url, String fallbackMimeType, Set<String> accepted, RemoteMedia remote) {
        if (url == null || url.isBlank()) {
            return;
        }
        if (GeminiMedia.isDataUrl(url)) {
            GeminiMedia.parseDataUrl(url, fallbackMimeType).ifPresent(inline -> inline(parts, inline));
            return;
        }
        if (!GeminiMedia.readableByGemini(url)) {
            inline(parts, remote.fetch(url, accepted));
            return;
        }
        ObjectNode file = parts.addObject().putObject("fileData");
        file.put("mimeType", GeminiMedia.guessMimeType(url, fallbackMimeType));
        file.put("fileUri", url);
    }

    private static void inline(ArrayNode parts, GeminiMedia.Inline inline) {
        ObjectNode data = parts.addObject().putObject("inlineData");
        data.put("mimeType", inline.mimeType());
        data.put("data", inline.data());
    }

    private static void file(ArrayNode parts, JsonNode file, RemoteMedia remote) {
        String filename = file.path("filename").asString(null);
        String fallback = GeminiMedia.guessMimeType(filename, "application/pdf");
        String data = file.path("file_data").asString(null);
        if (data != null && !data.isBlank()) {
            if (GeminiMedia.isDataUrl(data) || data.contains("://")) {
                media(parts, data, fallback, FILE_TYPES, remote);
            } else {
                // Bare base64, as some clients send it: the file name says what it is.
                ObjectNode inline = parts.addObject().putObject("inlineData");
                inline.put("mimeType", fallback);
                inline.put("data", data);
            }
            return;
        }
        String fileId = file.path("file_id").asString(null);
        if (fileId != null && !fileId.isBlank()) {
            ObjectNode reference = parts.addObject().putObject("fileData");
            reference.put("mimeType", fallback);
            reference.put("fileUri", fileId);
        }
    }

    private static ArrayNode assistantParts(JsonNode message, Map<String, String> callNames, boolean levels) {
        Map<String, String> signatures = new HashMap<>();
        String messageSignature = null;
        for (JsonNode detail : message.path("reasoning_details")) {
            if (!"reasoning.encrypted".equals(detail.path("type").asString(""))
                    || !SIGNATURE_FORMAT.equals(detail.path("format").asString(SIGNATURE_FORMAT))
                    || !detail.path("data").isString()) {
                continue;
            }
            String id = detail.path("id").asString(null);
            if (id == null || id.isEmpty()) {
                if (messageSignature == null) {
                    messageSignature = detail.get("data").asString();
                }
            } else {
                signatures.putIfAbsent(id, detail.get("data").asString());
            }
        }

        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (String text : texts(message.get("content"))) {
            parts.addObject().put("text", text);
        }
        if (messageSignature != null && !parts.isEmpty()) {
            ((ObjectNode) parts.get(parts.size() - 1)).put("thoughtSignature", messageSignature);
        }
        ObjectNode firstCall = null;
        boolean anySigned = false;
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            String name = function.path("name").asString(null);
            if (name == null || !"function".equals(call.path("type").asString("function"))) {
                continue;
            }
            String id = call.path("id").asString("");
            callNames.put(id, name);
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", name);
            functionCall.set("args", arguments(function.get("arguments")));
            String signature = signatures.get(id);
            if (signature != null) {
                part.put("thoughtSignature", signature);
                anySigned = true;
            }
            if (firstCall == null) {
                firstCall = part;
            }
        }
        if (levels && firstCall != null && !anySigned) {
            firstCall.put("thoughtSignature", SKIP_SIGNATURE);
        }
        return parts;
    }

    private static ObjectNode arguments(JsonNode arguments) {
        if (arguments instanceof ObjectNode object) {
            return object.deepCopy();
        }
        String text = arguments == null || arguments.isNull() ? "" : arguments.asString("");
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            // Not JSON: kept verbatim below rather than lost.
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("arguments", text);
        return wrapped;
    }

    private static JsonNode toolOutput(JsonNode content) {
        String text = String.join("", texts(content));
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(trimmed);
                if (parsed.isObject() || parsed.isArray()) {
                    return parsed;
                }
            } catch (JacksonException e) {
                // Plain text that merely starts with a bracket.
            }
        }
        return Json.MAPPER.getNodeFactory().stringNode(text);
    }

    /** The non-empty texts of a message content: the string itself, or its text parts. */
    private static List<String> texts(JsonNode content) {
        List<String> texts = new ArrayList<>(1);
        if (content == null || content.isNull()) {
            return texts;
        }
        if (content.isString()) {
            if (!content.asString().isEmpty()) {
                texts.add(content.asString());
            }
            return texts;
        }
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            if ((type.equals("text") || type.equals("input_text") || type.equals("output_text"))
                    && !part.path("text").asString("").isEmpty()) {
                texts.add(part.get("text").asString());
            }
        }
        return texts;
    }

    private static void tools(ObjectNode request, ObjectNode body) {
        ArrayNode declarations = Json.MAPPER.createArrayNode();
        for (JsonNode tool : request.path("tools")) {
            if (!"function".equals(tool.path("type").asString("function"))) {
                continue;
            }
            JsonNode function = tool.path("function");
            if (!function.path("name").isString()) {
                continue;
            }
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", function.get("name").asString());
            if (function.path("description").isString()) {
                declaration.put("description", function.get("description").asString());
            }
            ObjectNode parameters = GeminiSchemas.sanitize(function.get("parameters"));
            if (!GeminiSchemas.isEmptyObject(parameters)) {
                declaration.set("parameters", parameters);
            }
        }
        if (declarations.isEmpty()) {
            return;
        }
        body.putArray("tools").addObject().set("functionDeclarations", declarations);
        JsonNode choice = request.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return;
        }
        ObjectNode config = Json.object();
        if (choice.isString()) {
            switch (choice.asString()) {
                case "none" -> config.put("mode", "NONE");
                case "required", "any" -> config.put("mode", "ANY");
                default -> config.put("mode", "AUTO");
            }
        } else if (choice.path("function").path("name").isString()) {
            config.put("mode", "ANY");
            config.putArray("allowedFunctionNames")
                    .add(choice.path("function").path("name").asString());
        } else if (choice.has("allowed_tools")) {
            JsonNode allowed = choice.get("allowed_tools");
            config.put("mode", "required".equals(allowed.path("mode").asString("")) ? "ANY" : "VALIDATED");
            ArrayNode names = config.putArray("allowedFunctionNames");
            for (JsonNode tool : allowed.path("tools")) {
                String name = tool.path("function")
                        .path("name")
                        .asString(tool.path("name").asString(""));
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } else {
            config.put("mode", "AUTO");
        }
        body.putObject("toolConfig").set("functionCallingConfig", config);
    }

    private static ObjectNode generationConfig(ObjectNode request, String upstreamModel, Set<String> unsupported) {
        ObjectNode config = Json.object();
        JsonNode maxTokens = request.get("max_completion_tokens");
        if (maxTokens == null || !maxTokens.canConvertToInt()) {
            maxTokens = request.get("max_tokens");
        }
        if (maxTokens != null && maxTokens.canConvertToInt() && !unsupported.contains("max_tokens")) {
            config.put("maxOutputTokens", maxTokens.asInt());
        }
        copyNumber(request, "temperature", config, "temperature", unsupported);
        copyNumber(request, "top_p", config, "topP", unsupported);
        copyNumber(request, "top_k", config, "topK", unsupported);
        copyNumber(request, "seed", config, "seed", unsupported);
        copyNumber(request, "presence_penalty", config, "presencePenalty", unsupported);
        copyNumber(request, "frequency_penalty", config, "frequencyPenalty", unsupported);
        JsonNode stop = request.get("stop");
        if (stop != null && !unsupported.contains("stop")) {
            ArrayNode sequences = Json.MAPPER.createArrayNode();
            if (stop.isString()) {
                sequences.add(stop.asString());
            } else if (stop.isArray()) {
                stop.forEach(value -> {
                    if (value.isString()) {
                        sequences.add(value.asString());
                    }
                });
            }
            if (!sequences.isEmpty()) {
                config.set("stopSequences", sequences);
            }
        }
        JsonNode format = request.get("response_format");
        if (format != null && !unsupported.contains("response_format")) {
            switch (format.path("type").asString("")) {
                case "json_object" -> config.put("responseMimeType", "application/json");
                case "json_schema" -> {
                    config.put("responseMimeType", "application/json");
                    ObjectNode schema =
                            GeminiSchemas.sanitize(format.path("json_schema").path("schema"));
                    if (!GeminiSchemas.isEmptyObject(schema)) {
                        config.set("responseSchema", schema);
                    }
                }
                default -> {
                    // "text" is Gemini's default.
                }
            }
        }
        if (!unsupported.contains("reasoning")) {
            ObjectNode thinking = GeminiThinking.config(request, upstreamModel);
            if (thinking != null) {
                config.set("thinkingConfig", thinking);
            }
        }
        return config;
    }

    private static void copyNumber(
            ObjectNode request, String from, ObjectNode config, String to, Set<String> unsupported) {
        JsonNode value = request.get(from);
        if (value != null && value.isNumber() && !unsupported.contains(from)) {
            config.set(to, value.deepCopy());
        }
    }

    private static UpstreamException invalid(String message) {
        return new UpstreamException(Kind.HTTP_STATUS, 400, message, message, null, null);
    }
}
