package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import io.switchboard.simulator.SimulatedPrompt.Tool;
import io.switchboard.simulator.SimulatedPrompt.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an Anthropic Messages request body the simulator uses, validated the way Anthropic rejects requests that
 * a translating gateway gets wrong: {@code max_tokens} is required, roles are {@code user}/{@code assistant}, text
 * blocks must be non-empty, every {@code tool_use} needs its {@code tool_result} in the next message, tool ids must
 * match {@code ^[a-zA-Z0-9_-]+$}, {@code thinking.budget_tokens} must be at least 1024 and below {@code max_tokens},
 * thinking excludes a forced {@code tool_choice}, {@code temperature} is at most 1, and a {@code thinking} block sent
 * back must carry the signature the simulator gave it (so it must come back unchanged).
 *
 * <p>Prompt tokens are estimated as for OpenAI ({@code ceil(characters / 4) + 4 per message + 85 per image or
 * document}), the system prompt counting as one message. Reasoning tokens come from {@code thinking.budget_tokens}:
 * {@code budget / 64}, between 8 and 96 ({@code adaptive} thinking: 32). The last message counts as a {@code tool}
 * message when it carries {@code tool_result} blocks, so the answer to tool results is text.
 *
 * @param jsonSchema {@code output_config.format.schema} when a {@code json_schema} output format was requested, else
 *     null
 */
record AnthropicMessagesRequest(String model, boolean stream, JsonNode jsonSchema, SimulatedPrompt prompt) {
    AnthropicMessagesRequest {
        requireNonNull(model, "model is null");
        requireNonNull(prompt, "prompt is null");
    }

    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final Pattern TOOL_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
    private static final int MIN_BUDGET = 1024;
    private static final int MIN_REASONING = 8;
    private static final int MAX_REASONING = 96;

    static AnthropicMessagesRequest parse(byte[] body, int offset, int length) throws RequestRejected {
        JsonNode root;
        try {
            root = MAPPER.readTree(body, offset, length);
        } catch (JacksonException e) {
            throw invalid("There was an issue with the format of your request: the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("There was an issue with the format of your request: the body must be a JSON object");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isString() || model.stringValue().isBlank()) {
            throw invalid("model: Field required");
        }
        JsonNode maxTokensNode = root.get("max_tokens");
        if (maxTokensNode == null || maxTokensNode.isNull()) {
            throw invalid("max_tokens: Field required");
        }
        if (!maxTokensNode.isIntegralNumber() || !maxTokensNode.canConvertToInt() || maxTokensNode.intValue() < 1) {
            throw invalid("max_tokens: Input should be a valid integer greater than or equal to 1");
        }
        int maxTokens = maxTokensNode.intValue();
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw invalid("messages: Field required");
        }
        if (messages.isEmpty()) {
            throw invalid("messages: at least one message is required");
        }
        JsonNode temperature = root.get("temperature");
        if (temperature != null
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 1)) {
            throw invalid("temperature: Input should be less than or equal to 1");
        }

        long seed = Ids.FNV_OFFSET;
        long characters = 0;
        int images = 0;
        int counted = messages.size();
        StringBuilder text = new StringBuilder(256);
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            images += appendContent(system, text, "system");
            characters += text.length();
            seed = Ids.fnv1a(Ids.fnv1a(seed, "system"), text);
            counted++;
        }
        String lastRole = "";
        String lastText = "";
        Set<String> openToolUses = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages." + i;
            String role = message.path("role").asString("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw invalid(where + ".role: Input should be 'user' or 'assistant'");
            }
            JsonNode content = message.get("content");
            if (content == null || !(content.isString() || content.isArray())) {
                throw invalid(where + ".content: Field required");
            }
            Set<String> answered = new HashSet<>();
            Set<String> uses = new HashSet<>();
            text.setLength(0);
            images += appendContent(content, text, where);
            boolean toolResults = false;
            if (content.isArray()) {
                for (int b = 0; b < content.size(); b++) {
                    JsonNode block = content.get(b);
                    String type = block.path("type").asString("");
                    String blockWhere = where + ".content." + b;
                    switch (type) {
                        case "tool_use" -> {
                            if (!role.equals("assistant")) {
                                throw invalid(blockWhere + ": tool_use blocks are only allowed in assistant messages");
                            }
                            String id = block.path("id").asString("");
                            if (!TOOL_ID.matcher(id).matches()) {
                                throw invalid(blockWhere + ".id: String should match pattern '^[a-zA-Z0-9_-]+$'");
                            }
                            if (!block.path("input").isObject()) {
                                throw invalid(blockWhere + ".input: Input should be a valid dictionary");
                            }
                            uses.add(id);
                        }
                        case "tool_result" -> {
                            toolResults = true;
                            String id = block.path("tool_use_id").asString("");
                            if (!TOOL_ID.matcher(id).matches()) {
                                throw invalid(
                                        blockWhere + ".tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'");
                            }
                            if (!openToolUses.contains(id)) {
                                throw invalid(blockWhere + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                                        + id + ". Each `tool_result` block must have a corresponding `tool_use` block"
                                        + " in the previous message.");
                            }
                            answered.add(id);
                        }
                        case "thinking" -> {
                            if (!role.equals("assistant")) {
                                throw invalid(blockWhere + ": thinking blocks are only allowed in assistant messages");
                            }
                            String thinking = block.path("thinking").asString("");
                            if (!AnthropicWriter.signature(thinking)
                                    .equals(block.path("signature").asString(""))) {
                                throw invalid(blockWhere + ": Invalid `signature` in `thinking` block");
                            }
                        }
                        default -> {}
                    }
                }
            }
            if (!openToolUses.isEmpty() && !answered.containsAll(openToolUses)) {
                openToolUses.removeAll(answered);
                throw invalid(where + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                        + String.join(", ", openToolUses)
                        + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
            }
            openToolUses = uses;
            characters += text.length();
            String seedRole = toolResults ? "tool" : role;
            seed = Ids.fnv1a(Ids.fnv1a(seed, seedRole), text);
            lastRole = seedRole;
            if (i == messages.size() - 1) {
                lastText = text.toString();
            }
        }
        int promptTokens = SimulatedPrompt.estimateTokens(characters, counted, images);

        List<Tool> tools = tools(root.get("tools"));
        JsonNode choice = root.path("tool_choice");
        ToolChoice toolChoice = toolChoice(choice);
        boolean parallelToolCalls = !choice.path("disable_parallel_tool_use").asBoolean(false);
        List<String> stop = stop(root.get("stop_sequences"));

        int reasoningTokens = 0;
        JsonNode thinking = root.path("thinking");
        String thinkingType = thinking.path("type").asString("");
        if (thinkingType.equals("enabled")) {
            JsonNode budget = thinking.get("budget_tokens");
            if (budget == null || !budget.canConvertToInt()) {
                throw invalid("thinking.enabled.budget_tokens: Field required");
            }
            if (budget.intValue() < MIN_BUDGET) {
                throw invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
            }
            if (budget.intValue() >= maxTokens) {
                throw invalid("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our"
                        + " documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking");
            }
            reasoningTokens = Math.clamp(budget.intValue() / 64, MIN_REASONING, MAX_REASONING);
        } else if (thinkingType.equals("adaptive")) {
            reasoningTokens = AnswerGenerator.reasoningTokensFor("medium");
        }
        if (reasoningTokens > 0
                && (toolChoice instanceof ToolChoice.Required || toolChoice instanceof ToolChoice.Named)) {
            throw invalid("Thinking may not be enabled when tool_choice forces tool use.");
        }

        JsonNode format = root.path("output_config").path("format");
        JsonNode jsonSchema = null;
        if (format.path("type").asString("").equals("json_schema")) {
            jsonSchema = format.get("schema");
            if (jsonSchema == null || !jsonSchema.isObject()) {
                throw invalid("output_config.format.schema: Field required");
            }
        }

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
                true);
        return new AnthropicMessagesRequest(
                model.stringValue(), root.path("stream").asBoolean(false), jsonSchema, prompt);
    }

    private static RequestRejected invalid(String message) {
        return RequestRejected.invalid(message, null, null);
    }

    /** Appends the text of a string or of text/tool blocks; returns the number of image and document blocks. */
    private static int appendContent(JsonNode content, StringBuilder text, String where) throws RequestRejected {
        if (content.isString()) {
            if (content.stringValue().isEmpty() && !where.equals("system")) {
                throw invalid(where + ": messages must have non-empty content");
            }
            text.append(content.stringValue());
            return 0;
        }
        int images = 0;
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> {
                    String value = block.path("text").asString("");
                    if (value.isEmpty()) {
                        throw invalid(where + ": text content blocks must be non-empty");
                    }
                    text.append(value);
                }
                case "image", "document" -> {
                    if (!block.path("source").isObject()) {
                        throw invalid(where + ": source: Field required");
                    }
                    images++;
                }
                case "tool_use" -> {
                    text.append(block.path("name").asString(""));
                    text.append(MAPPER.writeValueAsString(block.path("input")));
                }
                case "tool_result" -> {
                    JsonNode result = block.get("content");
                    if (result != null && result.isString()) {
                        text.append(result.stringValue());
                    } else if (result != null && result.isArray()) {
                        images += appendContent(result, text, where);
                    }
                }
                default -> {}
            }
        }
        return images;
    }

    private static List<Tool> tools(JsonNode tools) throws RequestRejected {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw invalid("tools: Input should be a valid list");
        }
        List<Tool> result = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            JsonNode name = tool.get("name");
            if (name == null || !name.isString()) {
                throw invalid("tools." + i + ".name: Field required");
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || !schema.isObject()) {
                throw invalid("tools." + i + ".custom.input_schema: Field required");
            }
            if (!"object".equals(schema.path("type").asString(""))) {
                throw invalid("tools." + i + ".custom.input_schema.type: Input should be 'object'");
            }
            result.add(new Tool(name.stringValue(), schema));
        }
        return result;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        return switch (choice.path("type").asString("auto")) {
            case "none" -> ToolChoice.NONE;
            case "any" -> ToolChoice.REQUIRED;
            case "tool" -> new ToolChoice.Named(choice.path("name").asString(""));
            default -> ToolChoice.AUTO;
        };
    }

    private static List<String> stop(JsonNode stop) throws RequestRejected {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (!stop.isArray()) {
            throw invalid("stop_sequences: Input should be a valid list");
        }
        List<String> stops = new ArrayList<>(stop.size());
        for (JsonNode value : stop) {
            if (!value.isString() || value.stringValue().isBlank()) {
                throw invalid("stop_sequences: each stop sequence must contain non-whitespace characters");
            }
            stops.add(value.stringValue());
        }
        return stops;
    }
}
