package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.json.Json;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request the gateway refuses or cannot serve, rendered once as OpenRouter's error envelope {@code
 * {"error":{"code","message","metadata"}}} with the same HTTP status.
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ObjectNode metadata;
    private final Duration retryAfter;

    public ApiException(int status, String message) {
        this(status, message, null, null);
    }

    public ApiException(int status, String message, ObjectNode metadata, Duration retryAfter) {
        super(requireNonNull(message, "message is null"));
        this.status = status;
        this.metadata = metadata;
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public ObjectNode envelope() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", status);
        error.put("message", getMessage());
        if (metadata != null) {
            error.set("metadata", metadata);
        }
        return root;
    }
}
