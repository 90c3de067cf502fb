package io.switchboard.providers.gemini;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's error bodies, {@code {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}}}
 * (sometimes wrapped in a one-element array): the message and status go into the exception message, the body stays
 * the raw error, and a {@code google.rpc.RetryInfo} detail's {@code retryDelay} ("34.4s") becomes the retry delay
 * when the response had no {@code Retry-After} header.
 */
final class GeminiErrors {
    private GeminiErrors() {}

    /** Adds what Gemini's body says to a non-2xx failure of {@code UpstreamHttp}. */
    static UpstreamException enrich(UpstreamException failure) {
        if (failure.kind() != Kind.HTTP_STATUS || failure.raw().isEmpty()) {
            return failure;
        }
        JsonNode error = errorObject(failure.raw().get());
        if (error == null) {
            return failure;
        }
        Duration retryAfter = failure.retryAfter().orElse(retryDelay(error));
        return new UpstreamException(
                Kind.HTTP_STATUS,
                failure.status(),
                "upstream returned HTTP " + failure.status() + describe(error),
                failure.raw().get(),
                retryAfter,
                failure.getCause());
    }

    /** An error object that arrived in place of a response, inside a 2xx body or an SSE event. */
    static UpstreamException inBody(JsonNode error, String raw, boolean streamStarted) {
        int code = error.path("code").canConvertToInt() ? error.get("code").asInt() : 0;
        int status = code >= 400 && code <= 599 ? code : 500;
        if (streamStarted) {
            return new UpstreamException(
                    Kind.STREAM_ERROR,
                    status,
                    "upstream reported an error mid-stream" + describe(error),
                    raw,
                    retryDelay(error),
                    null);
        }
        return new UpstreamException(
                Kind.HTTP_STATUS, status, "upstream returned an error" + describe(error), raw, retryDelay(error), null);
    }

    /** The {@code error} object of a Gemini error body, or null when the text is not one. */
    static JsonNode errorObject(String raw) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(raw);
        } catch (JacksonException e) {
            return null;
        }
        if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
            parsed = parsed.get(0);
        }
        if (parsed == null || !parsed.path("error").isObject()) {
            return null;
        }
        return parsed.get("error");
    }

    /** {@code RetryInfo.retryDelay} in protobuf's JSON form ("34.4s"), or null. */
    static Duration retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (!detail.path("@type").asString("").endsWith("google.rpc.RetryInfo")) {
                continue;
            }
            String delay = detail.path("retryDelay").asString("");
            if (!delay.endsWith("s")) {
                continue;
            }
            try {
                BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                if (seconds.signum() >= 0) {
                    return Duration.ofMillis(seconds.movePointRight(3).longValue());
                }
            } catch (NumberFormatException e) {
                // Not a duration: no delay then.
            }
        }
        return null;
    }

    private static String describe(JsonNode error) {
        String status = error.path("status").asString("");
        String message = error.path("message").asString("");
        StringBuilder text = new StringBuilder();
        if (!status.isEmpty()) {
            text.append(" (").append(status).append(')');
        }
        if (!message.isEmpty()) {
            text.append(": ").append(message);
        }
        return text.toString();
    }
}
