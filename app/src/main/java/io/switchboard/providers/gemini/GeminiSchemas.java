package io.switchboard.providers.gemini;

import io.switchboard.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a JSON Schema (tool {@code parameters}, {@code response_format.json_schema.schema}) into the OpenAPI 3.0
 * subset that Gemini's {@code Schema} accepts. Gemini rejects every field it does not know with a 400 ("Invalid JSON
 * payload received. Unknown name ..."), so the rules work on a whitelist:
 *
 * <ol>
 *   <li>Kept: {@code type}, {@code format} (see 6), {@code description}, {@code nullable}, {@code enum} (see 5),
 *       {@code properties}, {@code required}, {@code items}, {@code anyOf}, {@code minItems}, {@code maxItems},
 *       {@code minLength}, {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum},
 *       {@code minProperties}, {@code maxProperties}, {@code propertyOrdering}. Everything else is dropped, notably
 *       {@code $schema}, {@code $id}, {@code $comment}, {@code title}, {@code default}, {@code examples},
 *       {@code additionalProperties}, {@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code multipleOf},
 *       {@code uniqueItems}, {@code propertyNames}, {@code patternProperties}, {@code prefixItems}, {@code not},
 *       {@code if}/{@code then}/{@code else}, {@code strict}.
 *   <li>{@code $ref} to {@code #/$defs/X} or {@code #/definitions/X} is inlined (sanitised; a {@code description}
 *       next to the {@code $ref} wins). A reference met again while it is being inlined (a recursive schema), or one
 *       that cannot be resolved, becomes {@code {"type":"object"}}. {@code $defs}/{@code definitions} are dropped.
 *   <li>Type arrays: a {@code "null"} member becomes {@code nullable: true}; one other type stays the type; several
 *       become {@code anyOf} with one branch per type.
 *   <li>{@code anyOf}/{@code oneOf}: {@code {"type":"null"}} branches become {@code nullable: true}; one branch left
 *       is flattened into the schema (the outer {@code description} wins); {@code oneOf} becomes {@code anyOf}.
 *       {@code allOf} branches are merged: properties and required united, other keywords first one wins.
 *   <li>{@code const} becomes a one-value {@code enum}. Gemini enums are strings only: an enum (or const) with
 *       numbers or booleans is dropped and its values are appended to the description ("Allowed values: 1, 2"), so the
 *       model still sees them without the JSON type of the arguments changing. A {@code null} member sets
 *       {@code nullable}.
 *   <li>{@code format} is kept only where Gemini knows it: {@code enum}/{@code date-time} on strings,
 *       {@code int32}/{@code int64} on integers, {@code float}/{@code double} on numbers.
 *   <li>{@code required} keeps only names declared in {@code properties}; a schema with {@code properties} but no
 *       type gets {@code "object"}, one with {@code items} but no type gets {@code "array"}; tuple {@code items}
 *       (an array) keep their first schema. Boolean schemas ({@code true}) become empty schemas.
 *   <li>An object without properties stays {@code {"type":"object"}}; at the root of tool parameters the caller omits
 *       {@code parameters} altogether ({@link #isEmptyObject}), which is how Gemini wants functions without arguments.
 * </ol>
 */
final class GeminiSchemas {
    private static final int MAX_DEPTH = 32;
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");
    private static final List<String> COPIED =
            List.of("minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum");
    private static final List<String> COPIED_OBJECT = List.of("minProperties", "maxProperties", "propertyOrdering");
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "string", Set.of("enum", "date-time"),
            "integer", Set.of("int32", "int64"),
            "number", Set.of("float", "double"));

    private GeminiSchemas() {}

    /** The Gemini form of {@code schema}; an empty object when {@code schema} is not an object. */
    static ObjectNode sanitize(JsonNode schema) {
        if (!(schema instanceof ObjectNode root)) {
            return Json.object();
        }
        return new Sanitizer(root).convert(root, 0);
    }

    /** True for a sanitised schema that describes an object without any property (or nothing at all). */
    static boolean isEmptyObject(ObjectNode sanitized) {
        JsonNode type = sanitized.get("type");
        boolean objectOrUntyped = type == null || "object".equals(type.asString(""));
        return objectOrUntyped
                && !sanitized.has("anyOf")
                && (!sanitized.has("properties") || sanitized.get("properties").isEmpty());
    }

    private static final class Sanitizer {
        private final ObjectNode root;
        private final Deque<String> expanding = new ArrayDeque<>();

        Sanitizer(ObjectNode root) {
            this.root = root;
        }

        ObjectNode convert(JsonNode node, int depth) {
            if (!(node instanceof ObjectNode schema)) {
                return Json.object();
            }
            if (depth > MAX_DEPTH) {
                ObjectNode truncated = Json.object();
                truncated.put("type", "object");
                return truncated;
            }
            JsonNode ref = schema.get("$ref");
            if (ref != null && ref.isString()) {
                return inline(schema, ref.asString(), depth);
            }
            ObjectNode out = convertOwn(schema, depth);
            JsonNode allOf = schema.get("allOf");
            if (allOf instanceof ArrayNode branches) {
                for (JsonNode branch : branches) {
                    merge(out, convert(branch, depth + 1));
                }
            }
            return out;
        }

        private ObjectNode inline(ObjectNode schema, String ref, int depth) {
            JsonNode target = resolve(ref);
            ObjectNode out;
            if (target == null || expanding.contains(ref)) {
                out = Json.object();
                out.put("type", "object");
                if (target != null && target.path("description").isString()) {
                    out.put("description", target.get("description").asString());
                }
            } else {
                expanding.push(ref);
                out = convert(target, depth + 1);
                expanding.pop();
            }
            if (schema.path("description").isString()) {
                out.put("description", schema.get("description").asString());
            }
            if (schema.path("nullable").asBoolean(false)) {
                out.put("nullable", true);
            }
            return out;
        }

        private JsonNode resolve(String ref) {
            for (String prefix : new String[] {"#/$defs/", "#/definitions/"}) {
                if (ref.startsWith(prefix)) {
                    String container = prefix.substring(2, prefix.length() - 1);
                    JsonNode found = root.path(container).get(ref.substring(prefix.length()));
                    return found instanceof ObjectNode ? found : null;
                }
            }
            return ref.equals("#") ? root : null;
        }

        private ObjectNode convertOwn(ObjectNode schema, int depth) {
            boolean nullable = schema.path("nullable").asBoolean(false);
            List<String> types = new ArrayList<>(1);
            JsonNode type = schema.get("type");
            if (type != null && type.isString()) {
                nullable |= addType(type.asString(), types);
            } else if (type instanceof ArrayNode typeArray) {
                for (JsonNode member : typeArray) {
                    if (member.isString()) {
                        nullable |= addType(member.asString(), types);
                    }
                }
            }

            List<ObjectNode> branches = new ArrayList<>();
            for (String keyword : new String[] {"anyOf", "oneOf"}) {
                JsonNode alternatives = schema.get(keyword);
                if (alternatives instanceof ArrayNode array) {
                    for (JsonNode alternative : array) {
                        if (isNullSchema(alternative)) {
                            nullable = true;
                        } else {
                            branches.add(convert(alternative, depth + 1));
                        }
                    }
                }
            }
            if (types.size() > 1) {
                for (String member : types) {
                    ObjectNode branch = Json.object();
                    branch.put("type", member);
                    branches.add(branch);
                }
                types.clear();
            }

            ObjectNode out;
            if (branches.size() == 1 && types.isEmpty()) {
                out = branches.getFirst();
                branches.clear();
            } else {
                out = Json.object();
            }
            if (!types.isEmpty()) {
                out.put("type", types.getFirst());
            }
            if (!branches.isEmpty()) {
                ArrayNode anyOf = out.putArray("anyOf");
                branches.forEach(anyOf::add);
            }
            if (schema.path("description").isString()) {
                out.put("description", schema.get("description").asString());
            }
            nullable |= enumeration(schema, out);

            JsonNode properties = schema.get("properties");
            if (properties instanceof ObjectNode propertyMap) {
                ObjectNode converted = out.putObject("properties");
                for (Map.Entry<String, JsonNode> property : propertyMap.properties()) {
                    converted.set(property.getKey(), convert(property.getValue(), depth + 1));
                }
                if (!out.has("type")) {
                    out.put("type", "object");
                }
            }
            JsonNode required = schema.get("required");
            if (required instanceof ArrayNode names && out.path("properties") instanceof ObjectNode declared) {
                Set<String> kept = new LinkedHashSet<>();
                for (JsonNode name : names) {
                    if (name.isString() && declared.has(name.asString())) {
                        kept.add(name.asString());
                    }
                }
                if (!kept.isEmpty()) {
                    ArrayNode requiredOut = out.putArray("required");
                    kept.forEach(requiredOut::add);
                }
            }
            JsonNode items = schema.get("items");
            if (items instanceof ArrayNode tuple) {
                items = tuple.isEmpty() ? null : tuple.get(0);
            }
            if (items instanceof ObjectNode itemSchema) {
                out.set("items", convert(itemSchema, depth + 1));
                if (!out.has("type")) {
                    out.put("type", "array");
                }
            }
            for (String keyword : COPIED) {
                JsonNode value = schema.get(keyword);
                if (value != null && (value.isNumber() || value.isString())) {
                    out.set(keyword, value.deepCopy());
                }
            }
            for (String keyword : COPIED_OBJECT) {
                JsonNode value = schema.get(keyword);
                if (value != null && (value.isNumber() || value.isArray())) {
                    out.set(keyword, value.deepCopy());
                }
            }
            JsonNode format = schema.get("format");
            if (format != null && format.isString()) {
                Set<String> known = FORMATS.getOrDefault(out.path("type").asString(""), Set.of());
                if (known.contains(format.asString())) {
                    out.put("format", format.asString());
                }
            }
            if (nullable) {
                out.put("nullable", true);
            }
            return out;
        }

        /** Adds a JSON Schema type name; returns true when it was {@code "null"}. */
        private static boolean addType(String type, List<String> types) {
            if (type.equals("null")) {
                return true;
            }
            if (TYPES.contains(type) && !types.contains(type)) {
                types.add(type);
            }
            return false;
        }

        private static boolean isNullSchema(JsonNode schema) {
            JsonNode type = schema.path("type");
            if (type.isString()) {
                return type.asString().equals("null") && !schema.has("properties");
            }
            return type instanceof ArrayNode array
                    && array.size() == 1
                    && array.get(0).asString("").equals("null");
        }

        /** Applies {@code enum}/{@code const} to {@code out}; returns true when null is one of the values. */
        private static boolean enumeration(ObjectNode schema, ObjectNode out) {
            List<JsonNode> values = new ArrayList<>();
            if (schema.get("enum") instanceof ArrayNode array) {
                array.forEach(values::add);
            } else if (schema.has("const")) {
                values.add(schema.get("const"));
            } else {
                return false;
            }
            boolean nullable = false;
            boolean allStrings = true;
            List<JsonNode> kept = new ArrayList<>();
            for (JsonNode value : values) {
                if (value.isNull()) {
                    nullable = true;
                } else {
                    allStrings &= value.isString();
                    kept.add(value);
                }
            }
            if (kept.isEmpty()) {
                return nullable;
            }
            if (allStrings) {
                ArrayNode enumOut = out.putArray("enum");
                kept.forEach(value -> enumOut.add(value.asString()));
                if (!out.has("type") && !out.has("anyOf")) {
                    out.put("type", "string");
                }
            } else {
                StringBuilder allowed = new StringBuilder("Allowed values: ");
                for (int i = 0; i < kept.size(); i++) {
                    allowed.append(i == 0 ? "" : ", ").append(kept.get(i).toString());
                }
                String description = out.path("description").asString("");
                out.put("description", description.isEmpty() ? allowed.toString() : description + " " + allowed);
            }
            return nullable;
        }

        /** Merges an {@code allOf} branch: properties and required united, anything else only where absent. */
        private static void merge(ObjectNode out, ObjectNode branch) {
            for (Map.Entry<String, JsonNode> field : branch.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("properties") && out.get(key) instanceof ObjectNode existing) {
                    for (Map.Entry<String, JsonNode> property : value.properties()) {
                        if (!existing.has(property.getKey())) {
                            existing.set(property.getKey(), property.getValue());
                        }
                    }
                } else if (key.equals("required") && out.get(key) instanceof ArrayNode existing) {
                    Set<String> present = new LinkedHashSet<>();
                    existing.forEach(name -> present.add(name.asString()));
                    for (JsonNode name : value) {
                        if (present.add(name.asString())) {
                            existing.add(name.asString());
                        }
                    }
                } else if (!out.has(key)) {
                    out.set(key, value);
                }
            }
        }
    }
}
