package io.switchboard.providers.openai;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's error envelope, {@code {"error":{"message","type","param","code"}}}, which compatible hosts copy more or less
 * faithfully: the provider's message joins the exception message (so the client learns, for instance, that a reasoning
 * model wants {@code max_completion_tokens}), the body stays the raw error.
 */
final class OpenAiErrors {
    private static final int MAX_MESSAGE = 500;

    private OpenAiErrors() {}

    static UpstreamException enrich(UpstreamException failure) {
        if (failure.kind() != Kind.HTTP_STATUS || failure.raw().isEmpty()) {
            return failure;
        }
        String message = message(failure.raw().get());
        if (message == null) {
            return failure;
        }
        return new UpstreamException(
                Kind.HTTP_STATUS,
                failure.status(),
                failure.getMessage() + ": " + message,
                failure.raw().get(),
                failure.retryAfter().orElse(null),
                failure.getCause());
    }

    /** {@code error.message} (or a bare string {@code error}, or a top-level {@code message}), or null. */
    static String message(String raw) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(raw);
        } catch (JacksonException e) {
            return null;
        }
        if (parsed == null || !parsed.isObject()) {
            return null;
        }
        JsonNode error = parsed.get("error");
        String message = null;
        if (error != null && error.isObject() && error.path("message").isString()) {
            message = error.get("message").asString();
        } else if (error != null && error.isString()) {
            message = error.asString();
        } else if (parsed.path("message").isString()) {
            message = parsed.get("message").asString();
        }
        if (message == null || message.isBlank()) {
            return null;
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }
}
