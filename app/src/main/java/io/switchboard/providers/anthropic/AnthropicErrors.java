package io.switchboard.providers.anthropic;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Anthropic's error envelope {@code {"type":"error","error":{"type","message"},"request_id"}}. */
final class AnthropicErrors {
    private AnthropicErrors() {}

    /** The HTTP status Anthropic pairs with an error type; used for errors that arrive inside a 200 stream or body. */
    static int status(String type) {
        return switch (type == null ? "" : type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "api_error" -> 500;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 502;
        };
    }

    /** {@code "overloaded_error: Overloaded"} from an error envelope, or null when the text is not one. */
    static String describe(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return describe(Json.MAPPER.readTree(raw));
        } catch (JacksonException e) {
            return null;
        }
    }

    static String describe(JsonNode envelope) {
        JsonNode error = envelope.path("error");
        if (!error.isObject()) {
            return null;
        }
        String type = error.path("type").asString("error");
        String message = error.path("message").asString("");
        return message.isEmpty() ? type : type + ": " + message;
    }

    /** Adds the provider's own error type and message to a non-2xx failure, keeping status, raw body and retry-after. */
    static UpstreamException enrich(UpstreamException failure) {
        if (failure.kind() != Kind.HTTP_STATUS) {
            return failure;
        }
        String description = describe(failure.raw().orElse(null));
        if (description == null) {
            return failure;
        }
        return new UpstreamException(
                Kind.HTTP_STATUS,
                failure.status(),
                failure.getMessage() + " (" + description + ")",
                failure.raw().orElse(null),
                failure.retryAfter().orElse(null),
                failure.getCause());
    }

    /** An {@code error} event or an error body that came with a 2xx status. */
    static UpstreamException inBand(Kind kind, JsonNode envelope, String raw) {
        String type = envelope.path("error").path("type").asString(null);
        String description = describe(envelope);
        return new UpstreamException(
                kind,
                status(type),
                "upstream reported an error" + (kind == Kind.STREAM_ERROR ? " mid-stream" : "") + ": "
                        + (description == null ? "unknown error" : description),
                raw,
                null,
                null);
    }
}
