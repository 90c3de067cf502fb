package io.switchboard.simulator;

import static java.util.Objects.requireNonNullElse;

/**
 * Gemini-style error bodies: {@code {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}}}.
 * A {@link RequestRejected} carries the gRPC status name ({@code INVALID_ARGUMENT}, ...) as its type. A 429 carries a
 * {@code google.rpc.QuotaFailure} and a {@code google.rpc.RetryInfo} detail ({@code retryDelay} {@value #RETRY_DELAY})
 * and, like Gemini, no {@code Retry-After} header.
 */
final class GeminiErrors {
    static final String RETRY_DELAY = "7s";
    static final String INTERNAL_MESSAGE = "An internal error has occurred. Please retry or report in"
            + " https://developers.generativeai.google/guide/troubleshooting";
    static final String MISSING_KEY_MESSAGE = "Method doesn't allow unregistered callers (callers without established"
            + " identity). Please use API Key or other form of API consumer identity to call this API.";

    private GeminiErrors() {}

    static byte[] body(RequestRejected error) {
        ByteSink out = new ByteSink(256);
        out.raw(ByteSink.utf8("{\"error\":{\"code\":")).number(error.status());
        out.raw(ByteSink.utf8(",\"message\":")).quoted(error.getMessage());
        out.raw(ByteSink.utf8(",\"status\":")).quoted(error.type());
        if (error.status() == 429) {
            out.raw(ByteSink.utf8(",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                    + "\"violations\":[{\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},"
                    + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + RETRY_DELAY
                    + "\"}]"));
        }
        out.raw(ByteSink.utf8("}}"));
        return out.toByteArray();
    }

    /**
     * The error Gemini sends with {@code status}; {@code X-Sim-Error-Type} overrides the status name and
     * {@code X-Sim-Error-Message} the message ({@code X-Sim-Error-Code} has no Gemini counterpart).
     */
    static RequestRejected injected(int status, Directives directives) {
        String name;
        String message;
        switch (status) {
            case 400 -> {
                name = "INVALID_ARGUMENT";
                message = "Request contains an invalid argument.";
            }
            case 401 -> {
                name = "UNAUTHENTICATED";
                message = "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
                        + " cookie or other valid authentication credential.";
            }
            case 403 -> {
                name = "PERMISSION_DENIED";
                message = "The caller does not have permission";
            }
            case 404 -> {
                name = "NOT_FOUND";
                message = "Requested entity was not found.";
            }
            case 429 -> {
                name = "RESOURCE_EXHAUSTED";
                message = "You exceeded your current quota, please check your plan and billing details.";
            }
            case 500 -> {
                name = "INTERNAL";
                message = INTERNAL_MESSAGE;
            }
            case 503 -> {
                name = "UNAVAILABLE";
                message = "The model is overloaded. Please try again later.";
            }
            case 504 -> {
                name = "DEADLINE_EXCEEDED";
                message = "Deadline expired before operation could complete.";
            }
            default -> {
                name = status >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION";
                message = "Simulated error with status " + status + ".";
            }
        }
        return new RequestRejected(
                status,
                requireNonNullElse(directives.errorType(), name),
                requireNonNullElse(directives.errorMessage(), message),
                null,
                null);
    }
}
