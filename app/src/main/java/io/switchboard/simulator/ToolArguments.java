package io.switchboard.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plausible tool-call arguments generated from a tool's JSON schema: every property gets a value of its type, from
 * {@code enum}/{@code const}/{@code default} when present, else from its name ({@code location} → "San Francisco",
 * {@code unit} → "celsius", ...), else from the seed.
 */
final class ToolArguments {
    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 5;
    private static final int MAX_FRAGMENT = 12;

    private ToolArguments() {}

    /** Compact JSON arguments for {@code parameters}; {@code "{}"} when the schema has no properties. */
    static String generate(JsonNode parameters, long seed) {
        JsonNode properties = parameters.path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            return "{}";
        }
        SplittableRandom random = new SplittableRandom(seed);
        return MAPPER.writeValueAsString(object(properties, random, 0));
    }

    /**
     * Splits JSON arguments the way providers stream them: runs of letters and digits (with a leading space) and runs
     * of punctuation, each at most 12 characters.
     */
    static List<Token> fragments(String arguments) {
        List<Token> fragments = new ArrayList<>();
        int start = 0;
        int length = arguments.length();
        for (int i = 1; i <= length; i++) {
            boolean boundary = i == length
                    || i - start >= MAX_FRAGMENT
                    || isWord(arguments.charAt(i)) != isWord(arguments.charAt(i - 1))
                            && !(arguments.charAt(i - 1) == ' ' && isWord(arguments.charAt(i)));
            if (boundary && i < length && Character.isLowSurrogate(arguments.charAt(i))) {
                boundary = false;
            }
            if (boundary) {
                fragments.add(Token.of(arguments.substring(start, i)));
                start = i;
            }
        }
        return fragments;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || Character.isSurrogate(c);
    }

    private static ObjectNode object(JsonNode properties, SplittableRandom random, int depth) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            object.set(property.getKey(), value(property.getKey(), property.getValue(), random, depth + 1));
        }
        return object;
    }

    private static JsonNode value(String name, JsonNode schema, SplittableRandom random, int depth) {
        JsonNode enumeration = schema.path("enum");
        if (enumeration.isArray() && !enumeration.isEmpty()) {
            return enumeration.get(0).deepCopy();
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.has("default")) {
            return schema.get("default").deepCopy();
        }
        for (String alternatives : new String[] {"anyOf", "oneOf"}) {
            JsonNode options = schema.path(alternatives);
            if (options.isArray()) {
                for (JsonNode option : options) {
                    if (!"null".equals(option.path("type").asString(""))) {
                        return value(name, option, random, depth);
                    }
                }
            }
        }
        if (depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        return switch (type(schema)) {
            case "object" -> object(schema.path("properties"), random, depth);
            case "array" -> arrayValue(name, schema, random, depth);
            case "integer" -> NODES.numberNode(clamp(schema, integerFor(name, random)));
            case "number" -> NODES.numberNode((double) clamp(schema, integerFor(name, random)) + 0.5);
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(stringFor(name, schema, random));
        };
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode candidate : type) {
                if (!"null".equals(candidate.asString(""))) {
                    return candidate.asString("");
                }
            }
            return "null";
        }
        if (type.isString()) {
            return type.stringValue();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private static ArrayNode arrayValue(String name, JsonNode schema, SplittableRandom random, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(1, schema.path("minItems").asInt(1));
        JsonNode items = schema.path("items");
        String itemName = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        for (int i = 0; i < Math.min(count, 3); i++) {
            array.add(value(itemName, items, random, depth + 1));
        }
        return array;
    }

    private static long integerFor(String name, SplittableRandom random) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.contains("year")) {
            return 2026;
        }
        if (key.contains("age")) {
            return 30;
        }
        if (key.contains("limit") || key.contains("count") || key.contains("max") || key.equals("n")) {
            return 5;
        }
        return 1 + random.nextInt(9);
    }

    private static long clamp(JsonNode schema, long value) {
        long result = value;
        if (schema.path("minimum").isNumber()) {
            result = Math.max(result, (long) Math.ceil(schema.path("minimum").asDouble()));
        }
        if (schema.path("maximum").isNumber()) {
            result = Math.min(result, (long) Math.floor(schema.path("maximum").asDouble()));
        }
        return result;
    }

    private static String stringFor(String name, JsonNode schema, SplittableRandom random) {
        switch (schema.path("format").asString("")) {
            case "date" -> {
                return "2026-01-15";
            }
            case "date-time" -> {
                return "2026-01-15T09:30:00Z";
            }
            case "time" -> {
                return "09:30:00";
            }
            case "email" -> {
                return "alex@example.com";
            }
            case "uri", "url" -> {
                return "https://example.com";
            }
            case "uuid" -> {
                return "3f2b9c7e-1d4a-4e8b-9c2f-7a6d5e4b3c21";
            }
            default -> {}
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (key.contains("location") || key.contains("city") || key.contains("place") || key.contains("address")) {
            return "San Francisco";
        }
        if (key.contains("country")) {
            return "United States";
        }
        if (key.contains("unit")) {
            return "celsius";
        }
        if (key.contains("timezone") || key.equals("tz")) {
            return "America/Los_Angeles";
        }
        if (key.contains("date")) {
            return "2026-01-15";
        }
        if (key.contains("time")) {
            return "09:30";
        }
        if (key.contains("email")) {
            return "alex@example.com";
        }
        if (key.contains("url") || key.contains("link")) {
            return "https://example.com";
        }
        if (key.contains("lang")) {
            return "en";
        }
        if (key.contains("currency")) {
            return "USD";
        }
        if (key.equals("id") || key.endsWith("_id") || key.endsWith("id")) {
            return "id_" + (1000 + random.nextInt(9000));
        }
        if (key.contains("name")) {
            return "Alex";
        }
        if (key.contains("query") || key.equals("q") || key.contains("search") || key.contains("topic")) {
            return "latest " + WordGenerator.word(random) + " news";
        }
        return WordGenerator.word(random) + " " + WordGenerator.word(random);
    }
}
