package io.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads {@link SwitchboardConfig}: defaults, then the optional YAML file, then environment variables.
 *
 * <p>Every scalar is overridable as {@code SWITCHBOARD_} + its path in upper snake case: {@code server.port} is {@code
 * SWITCHBOARD_SERVER_PORT}, {@code database.url} is {@code SWITCHBOARD_DATABASE_URL}. Providers take {@code
 * SWITCHBOARD_PROVIDERS_<SLUG>_<FIELD>} with dashes in the slug written as underscores, e.g. {@code
 * SWITCHBOARD_PROVIDERS_GOOGLE_AI_STUDIO_BASE_URL}.
 */
public final class ConfigLoader {
    private static final String PREFIX = "SWITCHBOARD_";
    private static final List<String> PROVIDER_FIELDS = List.of(
            "base_url",
            "api_key_env",
            "api_key",
            "wire_format",
            "name",
            "first_byte_timeout_ms",
            "idle_timeout_ms",
            "total_timeout_ms",
            "max_concurrent");

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ConfigLoader() {}

    public static SwitchboardConfig load(Path file, Map<String, String> environment) {
        ObjectNode tree = MAPPER.valueToTree(SwitchboardConfig.defaults());
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file not found: " + file);
            }
            try {
                JsonNode fromFile = MAPPER.readTree(Files.readString(file));
                if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                    if (!fromFile.isObject()) {
                        throw new ConfigException("config file " + file + " must contain a YAML mapping");
                    }
                    merge(tree, (ObjectNode) fromFile);
                }
            } catch (IOException | JacksonException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        }
        applyEnvironment(tree, "", environment);
        applyProviderEnvironment(tree, environment);
        try {
            return MAPPER.treeToValue(tree, SwitchboardConfig.class);
        } catch (JacksonException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode sourceObject) {
                merge(existingObject, sourceObject);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode node, String path, Map<String, String> environment) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        for (String name : names) {
            if (path.isEmpty() && (name.equals("providers") || name.equals("models"))) {
                continue;
            }
            String childPath = path.isEmpty() ? name : path + "_" + name;
            JsonNode child = node.get(name);
            if (child instanceof ObjectNode object) {
                applyEnvironment(object, childPath, environment);
                continue;
            }
            String value = environment.get(PREFIX + childPath.toUpperCase(Locale.ROOT));
            if (value != null) {
                node.put(name, value);
            }
        }
        if (path.isEmpty()) {
            String override = environment.get(PREFIX + "UPSTREAM_OVERRIDE");
            if (override != null) {
                node.put("upstream_override", override);
            }
        }
    }

    private static void applyProviderEnvironment(ObjectNode tree, Map<String, String> environment) {
        String prefix = PREFIX + "PROVIDERS_";
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = entry.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT);
            for (String field : PROVIDER_FIELDS) {
                if (rest.endsWith("_" + field) && rest.length() > field.length() + 1) {
                    String slug = rest.substring(0, rest.length() - field.length() - 1)
                            .replace('_', '-');
                    ObjectNode providers = tree.withObjectProperty("providers");
                    providers.withObjectProperty(slug).put(field, entry.getValue());
                    break;
                }
            }
        }
    }
}
