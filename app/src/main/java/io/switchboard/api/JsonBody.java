package io.switchboard.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strictly validated JSON object body of the management API: every problem is a 400 naming the field and what it
 * must be. Numbers are read as exact decimals (a limit of 0.1 is 0.1, not 0.1000000000000000055).
 */
final class JsonBody {
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * Reads the request body as one JSON object whose fields are all in {@code allowed}.
     *
     * @param ignored fields OpenRouter clients may send that are accepted and ignored
     */
    static JsonBody read(Exchange exchange, Set<String> allowed, Set<String> ignored)
            throws ApiException, java.io.IOException {
        byte[] bytes = exchange.body(MAX_BODY_BYTES);
        JsonNode parsed;
        try {
            parsed = bytes.length == 0 ? null : EXACT.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiException.badRequest("The body must be a JSON object.");
        }
        for (String field : object.propertyNames()) {
            if (!allowed.contains(field) && !ignored.contains(field)) {
                throw ApiException.badRequest("Unknown field '" + field + "'. Allowed fields: "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + ".");
            }
        }
        return new JsonBody(object);
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /** A required non-blank string of at most {@code maxLength} characters. */
    String requiredString(String field, int maxLength) throws ApiException {
        if (!node.has(field) || node.get(field).isNull()) {
            throw ApiException.badRequest("'" + field + "' is required.");
        }
        return string(field, maxLength);
    }

    /** A non-blank string of at most {@code maxLength} characters (call only when present and not null). */
    String string(String field, int maxLength) throws ApiException {
        JsonNode value = node.get(field);
        if (!value.isString()) {
            throw ApiException.badRequest("'" + field + "' must be a string, not " + describe(value) + ".");
        }
        String text = value.asString().strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("'" + field + "' must not be empty.");
        }
        if (text.length() > maxLength) {
            throw ApiException.badRequest("'" + field + "' must be at most " + maxLength + " characters.");
        }
        return text;
    }

    /** A boolean (call only when present); null is rejected. */
    boolean bool(String field) throws ApiException {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be true or false, not " + describe(value) + ".");
        }
        return value.booleanValue();
    }

    /** A non-negative USD amount, or null when the field is null. */
    BigDecimal usdOrNull(String field) throws ApiException {
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(
                    "'" + field + "' must be a number (USD) or null, not " + describe(value) + ".");
        }
        BigDecimal amount = value.decimalValue();
        java.util.Optional<String> problem = io.switchboard.accounting.UsdAmounts.problem(amount);
        if (problem.isPresent()) {
            throw ApiException.badRequest("'" + field + "' " + problem.get() + ".");
        }
        return amount;
    }

    /** A positive integer at most {@code max}, or null when the field is null. */
    Integer positiveIntOrNull(String field, int max) throws ApiException {
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
            throw ApiException.badRequest(
                    "'" + field + "' must be an integer from 1 to " + max + ", not " + describe(value) + ".");
        }
        return value.asInt();
    }

    /** An ISO-8601 instant with an offset (e.g. 2027-12-31T23:59:59Z), or null when the field is null. */
    Instant instantOrNull(String field) throws ApiException {
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.badRequest("'" + field + "' must be an ISO-8601 date-time string such as"
                    + " 2027-12-31T23:59:59Z, or null, not " + describe(value) + ".");
        }
        try {
            return OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + field + "' must be an ISO-8601 date-time with a time zone such as"
                    + " 2027-12-31T23:59:59Z, not '" + value.asString() + "'.");
        }
    }

    JsonNode get(String field) {
        return node.get(field);
    }

    static String describe(JsonNode value) {
        if (value.isString()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.isNull() ? "null" : value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
