package io.switchboard.simulator;

import static java.util.Objects.requireNonNullElse;

/** OpenAI-style error bodies: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {
    static final String SERVER_ERROR_MESSAGE =
            "The server had an error while processing your request. Sorry about that!";
    static final String MISSING_KEY_MESSAGE = "You didn't provide an API key. You need to provide your API key in an"
            + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field"
            + " (with blank username) if you're accessing the API from your browser and are prompted for a username and"
            + " password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

    private OpenAiErrors() {}

    static byte[] body(RequestRejected error) {
        ByteSink out = new ByteSink(256);
        out.raw(ByteSink.utf8("{\"error\":{\"message\":")).quoted(error.getMessage());
        out.raw(ByteSink.utf8(",\"type\":")).quoted(error.type());
        out.raw(ByteSink.utf8(",\"param\":")).quoted(error.param());
        out.raw(ByteSink.utf8(",\"code\":")).quoted(error.code());
        out.raw(ByteSink.utf8("}}"));
        return out.toByteArray();
    }

    /**
     * The error OpenAI sends with {@code status}; {@code X-Sim-Error-Type}, {@code -Code} and {@code -Message}
     * override its fields (for instance {@code insufficient_quota} on a 429).
     */
    static RequestRejected injected(int status, Directives directives) {
        String type;
        String code;
        String message;
        switch (status) {
            case 400 -> {
                type = "invalid_request_error";
                code = null;
                message = "Invalid request (injected by the simulator).";
            }
            case 401 -> {
                type = "invalid_request_error";
                code = "invalid_api_key";
                message = "Incorrect API key provided. You can find your API key at"
                        + " https://platform.openai.com/account/api-keys.";
            }
            case 403 -> {
                type = "request_forbidden";
                code = "unsupported_country_region_territory";
                message = "Country, region, or territory not supported";
            }
            case 404 -> {
                type = "invalid_request_error";
                code = "model_not_found";
                message = "The model does not exist or you do not have access to it.";
            }
            case 429 -> {
                type = "requests";
                code = "rate_limit_exceeded";
                message = "Rate limit reached for requests. Please try again in 1s.";
            }
            case 500 -> {
                type = "server_error";
                code = null;
                message = SERVER_ERROR_MESSAGE;
            }
            case 503 -> {
                type = "server_error";
                code = "server_is_overloaded";
                message = "The server is overloaded or not ready yet.";
            }
            default -> {
                type = status >= 500 ? "server_error" : "invalid_request_error";
                code = null;
                message = "Simulated error with status " + status + ".";
            }
        }
        return new RequestRejected(
                status,
                requireNonNullElse(directives.errorType(), type),
                requireNonNullElse(directives.errorMessage(), message),
                null,
                directives.errorCode() == null ? code : directives.errorCode());
    }
}
