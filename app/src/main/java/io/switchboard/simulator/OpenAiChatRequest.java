package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import io.switchboard.simulator.SimulatedPrompt.Tool;
import io.switchboard.simulator.SimulatedPrompt.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The parts of an OpenAI Chat Completions request body the simulator uses, validated the way OpenAI rejects requests.
 *
 * <p>Prompt tokens are {@code ceil(characters / 4) + 4 per message + 85 per image part}, where characters are those of
 * every text content, assistant tool-call name and arguments. The answer seed hashes every message's role and text.
 *
 * <p>{@code response_format} {@code json_schema} makes the answer a JSON object generated from the schema (as tool
 * arguments are), {@code json_object} the words wrapped as {@code {"text": ...}}: {@code jsonMode} and
 * {@code jsonSchema} (a missing node without a schema).
 */
record OpenAiChatRequest(
        String model,
        boolean stream,
        boolean includeUsage,
        boolean includeObfuscation,
        SimulatedPrompt prompt,
        boolean jsonMode,
        JsonNode jsonSchema) {
    OpenAiChatRequest {
        requireNonNull(model, "model is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(jsonSchema, "jsonSchema is null");
    }

    private static final JsonMapper MAPPER = JsonMapper.shared();

    static final String MALFORMED_JSON = "We could not parse the JSON body of your request. (HINT: This likely means"
            + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent"
            + " was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help"
            + " center at help.openai.com.)";

    static OpenAiChatRequest parse(byte[] body, int offset, int length) throws RequestRejected {
        JsonNode root;
        try {
            root = MAPPER.readTree(body, offset, length);
        } catch (JacksonException e) {
            throw RequestRejected.invalid(MALFORMED_JSON, null, null);
        }
        if (root == null || !root.isObject()) {
            throw RequestRejected.invalid(MALFORMED_JSON, null, null);
        }
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw RequestRejected.invalid("you must provide a model parameter", null, null);
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            throw RequestRejected.invalid("Invalid type for 'model': expected a string.", "model", "invalid_type");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw RequestRejected.invalid(
                    "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw RequestRejected.invalid(
                    "Invalid type for 'messages': expected an array of objects.", "messages", "invalid_type");
        }
        if (messages.isEmpty()) {
            throw RequestRejected.invalid("[] is too short - 'messages'", "messages", "empty_array");
        }

        long seed = Ids.FNV_OFFSET;
        long characters = 0;
        int images = 0;
        String lastRole = "";
        String lastText = "";
        StringBuilder text = new StringBuilder(256);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode role = message.get("role");
            if (role == null || !role.isString()) {
                throw RequestRejected.invalid(
                        "Missing required parameter: 'messages[" + i + "].role'.",
                        "messages[" + i + "].role",
                        "missing_required_parameter");
            }
            text.setLength(0);
            images += appendContent(message.get("content"), text);
            JsonNode toolCalls = message.get("tool_calls");
            if (toolCalls != null && toolCalls.isArray()) {
                for (JsonNode call : toolCalls) {
                    JsonNode function = call.path("function");
                    text.append(function.path("name").asString(""));
                    text.append(function.path("arguments").asString(""));
                }
            }
            characters += text.length();
            seed = Ids.fnv1a(Ids.fnv1a(seed, role.stringValue()), text);
            lastRole = role.stringValue();
            if (i == messages.size() - 1) {
                lastText = text.toString();
            }
        }
        int promptTokens = SimulatedPrompt.estimateTokens(characters, messages.size(), images);

        List<Tool> tools = tools(root.get("tools"));
        ToolChoice toolChoice = toolChoice(root.get("tool_choice"));
        boolean parallelToolCalls = root.path("parallel_tool_calls").asBoolean(true);
        int maxTokens = maxTokens(root);
        List<String> stop = stop(root.get("stop"));

        int reasoningTokens = 0;
        boolean reasoningVisible = true;
        JsonNode effort = root.get("reasoning_effort");
        if (effort != null && effort.isString()) {
            reasoningTokens = AnswerGenerator.reasoningTokensFor(effort.stringValue());
        }
        JsonNode reasoning = root.get("reasoning");
        if (reasoning != null && reasoning.isObject()) {
            if (reasoning.path("enabled").asBoolean(true)) {
                reasoningTokens = AnswerGenerator.reasoningTokensFor(
                        reasoning.path("effort").asString(effort == null ? "medium" : effort.asString("medium")));
                JsonNode budget = reasoning.get("max_tokens");
                if (budget != null && budget.canConvertToInt() && budget.intValue() > 0) {
                    reasoningTokens = Math.min(reasoningTokens, budget.intValue());
                }
            } else {
                reasoningTokens = 0;
            }
            reasoningVisible = !reasoning.path("exclude").asBoolean(false);
        }

        boolean stream = root.path("stream").asBoolean(false);
        JsonNode streamOptions = root.path("stream_options");
        boolean includeUsage = streamOptions.path("include_usage").asBoolean(false);
        boolean includeObfuscation = streamOptions.path("include_obfuscation").asBoolean(true);

        SimulatedPrompt prompt = new SimulatedPrompt(
                seed,
                promptTokens,
                lastRole,
                lastText,
                tools,
                toolChoice,
                parallelToolCalls,
                maxTokens,
                stop,
                reasoningTokens,
                reasoningVisible);
        JsonNode format = root.path("response_format");
        String formatType = format.path("type").asString("");
        boolean jsonMode = formatType.equals("json_object") || formatType.equals("json_schema");
        JsonNode jsonSchema = formatType.equals("json_schema")
                ? format.path("json_schema").path("schema")
                : MissingNode.getInstance();
        return new OpenAiChatRequest(
                model.stringValue(), stream, includeUsage, includeObfuscation, prompt, jsonMode, jsonSchema);
    }

    /** Appends the text of a message content (string or parts) and returns the number of image parts. */
    private static int appendContent(JsonNode content, StringBuilder text) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isString()) {
            text.append(content.stringValue());
            return 0;
        }
        int images = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asString("");
                switch (type) {
                    case "text", "input_text" -> text.append(part.path("text").asString(""));
                    case "image_url", "input_image" -> images++;
                    default -> {}
                }
            }
        }
        return images;
    }

    private static List<Tool> tools(JsonNode tools) throws RequestRejected {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw RequestRejected.invalid("Invalid type for 'tools': expected an array.", "tools", "invalid_type");
        }
        List<Tool> result = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode function = tools.get(i).path("function");
            JsonNode name = function.get("name");
            if (name == null || !name.isString()) {
                if (!"function".equals(tools.get(i).path("type").asString("function"))) {
                    continue;
                }
                throw RequestRejected.invalid(
                        "Missing required parameter: 'tools[" + i + "].function.name'.",
                        "tools[" + i + "].function.name",
                        "missing_required_parameter");
            }
            JsonNode parameters = function.get("parameters");
            result.add(new Tool(name.stringValue(), parameters == null ? MissingNode.getInstance() : parameters));
        }
        return result;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> ToolChoice.AUTO;
            };
        }
        JsonNode name = choice.path("function").path("name");
        if (name.isString()) {
            return new ToolChoice.Named(name.stringValue());
        }
        if ("required".equals(choice.path("allowed_tools").path("mode").asString(""))) {
            return ToolChoice.REQUIRED;
        }
        return ToolChoice.AUTO;
    }

    private static int maxTokens(JsonNode root) throws RequestRejected {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw RequestRejected.invalid(
                        "Invalid type for '" + field + "': expected an integer.", field, "invalid_type");
            }
            if (value.intValue() < 1) {
                throw RequestRejected.invalid(
                        "Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got "
                                + value.intValue() + " instead.",
                        field,
                        "integer_below_min_value");
            }
            return value.intValue();
        }
        return -1;
    }

    private static List<String> stop(JsonNode stop) throws RequestRejected {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.stringValue());
        }
        if (stop.isArray() && stop.size() <= 4) {
            List<String> stops = new ArrayList<>(stop.size());
            for (JsonNode value : stop) {
                if (!value.isString()) {
                    throw RequestRejected.invalid(
                            "Invalid type for 'stop': expected a string or an array of strings.",
                            "stop",
                            "invalid_type");
                }
                stops.add(value.stringValue());
            }
            return stops;
        }
        throw RequestRejected.invalid(
                "Invalid 'stop': expected a string or an array of at most 4 strings.", "stop", "invalid_value");
    }
}
