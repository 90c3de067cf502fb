package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import io.switchboard.simulator.SimulatedPrompt.Tool;
import io.switchboard.simulator.SimulatedPrompt.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of a Gemini {@code GenerateContentRequest} the simulator uses, validated the way Gemini rejects requests
 * (wording included), so that translation mistakes of a gateway surface as the 400s the real API would send:
 *
 * <ul>
 *   <li>malformed JSON, missing {@code contents}, a role other than {@code user}/{@code model};
 *   <li>a {@code Schema} ({@code functionDeclarations[].parameters}, {@code generationConfig.responseSchema}) with a
 *       field Gemini does not know ({@code additionalProperties}, {@code $schema}, {@code $ref}, {@code const}, ...),
 *       a type array, a non-string {@code enum} value, or a function whose parameters are an object without
 *       properties ({@code parametersJsonSchema}/{@code responseJsonSchema} take any JSON Schema);
 *   <li>a {@code functionResponse} without name or whose {@code response} is not an object, and a turn of function
 *       responses whose count differs from the calls of the model turn before it;
 *   <li>thought signatures: one that the simulator did not issue (and is not Google's
 *       {@code skip_thought_signature_validator}) is refused as invalid; for Gemini 3 and later models the first
 *       {@code functionCall} part of every model turn must carry one, as Gemini 3 demands.
 * </ul>
 *
 * <p>Mapping to the answer model: prompt tokens as for OpenAI ({@code ceil(characters / 4) + 4 per content + 85 per
 * inlineData/fileData part}, characters of texts, function call names and arguments, function responses and the
 * system instruction); the last content is a {@code tool} result when it holds a {@code functionResponse};
 * {@code toolConfig.functionCallingConfig} {@code NONE} → none, {@code ANY} with one allowed name → that function,
 * {@code ANY} → required, otherwise auto; parallel calls always allowed; {@code maxOutputTokens} and
 * {@code stopSequences} as {@code max_tokens} and {@code stop}. Thinking happens only with a {@code thinkingConfig}:
 * {@code thinkingLevel} as the same-named effort (minimal 8, low 16, medium 32, high 64 tokens),
 * {@code thinkingBudget} 0 none, -1 32, N {@code min(N, 96)}, neither 32; the thoughts are returned only with
 * {@code includeThoughts}.
 */
record GeminiChatRequest(
        String model, boolean stream, SimulatedPrompt prompt, boolean jsonMode, JsonNode responseSchema) {
    GeminiChatRequest {
        requireNonNull(model, "model is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(responseSchema, "responseSchema is null");
    }

    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final Pattern VERSION = Pattern.compile("gemini-(\\d+)");
    private static final Set<String> SCHEMA_FIELDS = Set.of(
            "type",
            "format",
            "title",
            "description",
            "nullable",
            "enum",
            "maxItems",
            "minItems",
            "properties",
            "required",
            "minProperties",
            "maxProperties",
            "minLength",
            "maxLength",
            "pattern",
            "example",
            "anyOf",
            "propertyOrdering",
            "default",
            "items",
            "minimum",
            "maximum");
    private static final Set<String> TYPES =
            Set.of("string", "number", "integer", "boolean", "array", "object", "null");
    private static final int MAX_REASONING_TOKENS = 96;
    private static final int DYNAMIC_REASONING_TOKENS = 32;

    static GeminiChatRequest parse(byte[] body, int offset, int length, String model, boolean stream)
            throws RequestRejected {
        JsonNode root;
        try {
            root = MAPPER.readTree(body, offset, length);
        } catch (JacksonException e) {
            throw invalid("Invalid JSON payload received. Unexpected token.");
        }
        if (root == null || !root.isObject()) {
            throw invalid("Invalid JSON payload received. Unexpected token.");
        }
        JsonNode contents = root.get("contents");
        if (!(contents instanceof ArrayNode contentArray) || contentArray.isEmpty()) {
            throw invalid("* GenerateContentRequest.contents: contents is not specified\n");
        }
        boolean signaturesRequired = requiresSignatures(model);

        long seed = Ids.FNV_OFFSET;
        long characters = 0;
        int images = 0;
        int messages = contentArray.size();
        StringBuilder text = new StringBuilder(256);
        JsonNode system = root.path("systemInstruction").path("parts");
        if (system.isArray() && !system.isEmpty()) {
            for (JsonNode part : system) {
                text.append(part.path("text").asString(""));
            }
            characters += text.length();
            seed = Ids.fnv1a(Ids.fnv1a(seed, "system"), text);
            messages++;
        }

        String lastRole = "user";
        String lastText = "";
        int previousCalls = 0;
        for (int i = 0; i < contentArray.size(); i++) {
            JsonNode content = contentArray.get(i);
            String role = content.path("role").asString("user");
            if (!role.equals("user") && !role.equals("model")) {
                throw invalid("Please use a valid role: user, model.");
            }
            text.setLength(0);
            StringBuilder other = new StringBuilder();
            int calls = 0;
            int responses = 0;
            boolean firstCall = true;
            JsonNode parts = content.path("parts");
            for (int p = 0; p < parts.size(); p++) {
                JsonNode part = parts.get(p);
                String where = "contents[" + i + "].parts[" + p + "]";
                JsonNode signature = part.get("thoughtSignature");
                if (signature != null && !validSignature(signature.asString(""))) {
                    throw invalid("Unable to submit request because Thought signature is not valid. Learn more:"
                            + " https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
                }
                if (part.path("text").isString()) {
                    text.append(part.get("text").asString());
                } else if (part.path("functionCall").isObject()) {
                    JsonNode call = part.get("functionCall");
                    calls++;
                    if (firstCall && role.equals("model") && signaturesRequired && signature == null) {
                        throw invalid("Function call is missing a thought_signature in functionCall parts. This is"
                                + " required for tools to work correctly, and missing thought_signature may lead to"
                                + " degraded model performance. Additional data, function call `default_api:"
                                + call.path("name").asString("") + "` , position " + (p + 1) + ". Please refer to"
                                + " https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
                    }
                    firstCall = false;
                    other.append(call.path("name").asString(""));
                    other.append(call.path("args").toString());
                } else if (part.path("functionResponse").isObject()) {
                    JsonNode response = part.get("functionResponse");
                    responses++;
                    if (response.path("name").asString("").isEmpty()) {
                        throw invalid("* GenerateContentRequest." + where + ".function_response.name: Name cannot be"
                                + " empty.\n");
                    }
                    if (!response.path("response").isObject()) {
                        throw invalid("Invalid value at '" + where
                                + ".function_response.response' (type.googleapis.com/google.protobuf.Struct), "
                                + response.path("response"));
                    }
                    other.append(response.get("name").asString());
                    other.append(response.get("response").toString());
                } else if (part.has("inlineData") || part.has("fileData")) {
                    images++;
                }
            }
            if (responses > 0 && responses != previousCalls) {
                throw invalid("Please ensure that the number of function response parts is equal to the number of"
                        + " function call parts of the function call turn.");
            }
            previousCalls = role.equals("model") ? calls : 0;
            characters += text.length() + other.length();
            String seedRole = role.equals("model") ? "assistant" : responses > 0 ? "tool" : "user";
            if (i == contentArray.size() - 1) {
                lastText = text.toString();
            }
            seed = Ids.fnv1a(Ids.fnv1a(seed, seedRole), text.append(other));
            lastRole = seedRole;
        }
        int promptTokens = SimulatedPrompt.estimateTokens(characters, messages, images);

        List<Tool> tools = tools(root.get("tools"));
        ToolChoice toolChoice = toolChoice(root.path("toolConfig").path("functionCallingConfig"));
        JsonNode generation = root.path("generationConfig");
        int maxTokens = maxTokens(generation.get("maxOutputTokens"));
        List<String> stop = new ArrayList<>();
        for (JsonNode sequence : generation.path("stopSequences")) {
            if (sequence.isString()) {
                stop.add(sequence.asString());
            }
        }

        int reasoningTokens = 0;
        boolean reasoningVisible = false;
        JsonNode thinking = generation.get("thinkingConfig");
        if (thinking instanceof ObjectNode) {
            reasoningVisible = thinking.path("includeThoughts").asBoolean(false);
            JsonNode level = thinking.get("thinkingLevel");
            JsonNode budget = thinking.get("thinkingBudget");
            if (level != null && level.isString()) {
                reasoningTokens = AnswerGenerator.reasoningTokensFor(level.asString());
            } else if (budget != null && budget.canConvertToInt()) {
                int value = budget.asInt();
                reasoningTokens =
                        value == 0 ? 0 : value < 0 ? DYNAMIC_REASONING_TOKENS : Math.min(value, MAX_REASONING_TOKENS);
            } else {
                reasoningTokens = DYNAMIC_REASONING_TOKENS;
            }
        }

        JsonNode schema = generation.get("responseSchema");
        if (schema != null) {
            validateSchema(schema, "generation_config.response_schema", false);
        } else {
            schema = generation.get("responseJsonSchema");
        }
        boolean jsonMode =
                "application/json".equals(generation.path("responseMimeType").asString(""));

        SimulatedPrompt prompt = new SimulatedPrompt(
                seed,
                promptTokens,
                lastRole,
                lastText,
                tools,
                toolChoice,
                true,
                maxTokens,
                stop,
                reasoningTokens,
                reasoningVisible);
        return new GeminiChatRequest(
                model, stream, prompt, jsonMode, schema == null ? MissingNode.getInstance() : lowerCaseTypes(schema));
    }

    /** Gemini 3 and later refuse function-call turns without a thought signature. */
    static boolean requiresSignatures(String model) {
        Matcher version = VERSION.matcher(model.toLowerCase(Locale.ROOT));
        return version.find() && Integer.parseInt(version.group(1)) >= 3;
    }

    private static boolean validSignature(String signature) {
        return signature.equals(SKIP_SIGNATURE) || GeminiWriter.isSimulatorSignature(signature);
    }

    private static List<Tool> tools(JsonNode tools) throws RequestRejected {
        List<Tool> result = new ArrayList<>();
        if (tools == null || !tools.isArray()) {
            return result;
        }
        for (int t = 0; t < tools.size(); t++) {
            JsonNode declarations = tools.get(t).path("functionDeclarations");
            for (int d = 0; d < declarations.size(); d++) {
                JsonNode declaration = declarations.get(d);
                String name = declaration.path("name").asString("");
                String where = "tools[" + t + "].function_declarations[" + d + "]";
                if (name.isEmpty()) {
                    throw invalid("* GenerateContentRequest." + where + ".name: Name cannot be empty.\n");
                }
                JsonNode parameters = declaration.get("parameters");
                if (parameters != null) {
                    validateSchema(parameters, where + ".parameters", true);
                } else {
                    parameters = declaration.get("parametersJsonSchema");
                }
                result.add(new Tool(name, parameters == null ? MissingNode.getInstance() : lowerCaseTypes(parameters)));
            }
        }
        return result;
    }

    private static void validateSchema(JsonNode schema, String where, boolean functionParameters)
            throws RequestRejected {
        if (!schema.isObject()) {
            throw invalid("Invalid JSON payload received. Unknown name at '" + where + "': Proto field is not"
                    + " repeating, cannot start list.");
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            if (!SCHEMA_FIELDS.contains(field.getKey())) {
                throw invalid("Invalid JSON payload received. Unknown name \"" + field.getKey() + "\" at '" + where
                        + "': Cannot find field.");
            }
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            if (!type.isString()) {
                throw invalid("Invalid JSON payload received. Unknown name \"type\" at '" + where
                        + "': Proto field is not repeating, cannot start list.");
            }
            if (!TYPES.contains(type.asString().toLowerCase(Locale.ROOT))) {
                throw invalid("Invalid value at '" + where + ".type' (type.googleapis.com/google.ai.generativelanguage"
                        + ".v1beta.Type), \"" + type.asString() + "\"");
            }
        }
        JsonNode enumeration = schema.get("enum");
        if (enumeration != null) {
            for (int i = 0; i < enumeration.size(); i++) {
                if (!enumeration.get(i).isString()) {
                    throw invalid(
                            "Invalid value at '" + where + ".enum[" + i + "]' (TYPE_STRING), " + enumeration.get(i));
                }
            }
        }
        boolean isObject = type != null && type.asString().equalsIgnoreCase("object");
        if (functionParameters && isObject && schema.path("properties").isEmpty()) {
            throw invalid("* GenerateContentRequest." + where + ".properties: should be non-empty for OBJECT type\n");
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            validateSchema(property.getValue(), where + ".properties[" + property.getKey() + "].value", false);
        }
        if (schema.has("items")) {
            validateSchema(schema.get("items"), where + ".items", false);
        }
        JsonNode anyOf = schema.path("anyOf");
        for (int i = 0; i < anyOf.size(); i++) {
            validateSchema(anyOf.get(i), where + ".any_of[" + i + "]", false);
        }
    }

    /** A copy with lower-case {@code type} values, the form {@link ToolArguments} reads. */
    private static JsonNode lowerCaseTypes(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        lowerCase(copy);
        return copy;
    }

    private static void lowerCase(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isString()) {
                object.put("type", type.asString().toLowerCase(Locale.ROOT));
            }
            for (JsonNode child : object.values()) {
                lowerCase(child);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode child : array) {
                lowerCase(child);
            }
        }
    }

    private static ToolChoice toolChoice(JsonNode config) {
        String mode = config.path("mode").asString("AUTO").toUpperCase(Locale.ROOT);
        JsonNode allowed = config.path("allowedFunctionNames");
        return switch (mode) {
            case "NONE" -> ToolChoice.NONE;
            case "ANY" ->
                allowed.size() == 1 && allowed.get(0).isString()
                        ? new ToolChoice.Named(allowed.get(0).asString())
                        : ToolChoice.REQUIRED;
            default -> ToolChoice.AUTO;
        };
    }

    private static int maxTokens(JsonNode value) throws RequestRejected {
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), " + value);
        }
        if (value.asInt() < 1) {
            throw invalid("* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be"
                    + " positive.\n");
        }
        return value.asInt();
    }

    private static RequestRejected invalid(String message) {
        return new RequestRejected(400, "INVALID_ARGUMENT", message, null, null);
    }
}
