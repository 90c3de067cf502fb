package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

/**
 * A request the simulator answers with an error status, as a provider would; carries the fields of an OpenAI-style
 * error body. Stackless: it is control flow, not a fault.
 */
final class RequestRejected extends Exception {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    RequestRejected(int status, String type, String message, String param, String code) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.status = status;
        this.type = requireNonNull(type, "type is null");
        this.param = param;
        this.code = code;
    }

    static RequestRejected invalid(String message, String param, String code) {
        return new RequestRejected(400, "invalid_request_error", message, param, code);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The offending request field, or {@code null}. */
    String param() {
        return param;
    }

    /** The machine-readable error code, or {@code null}. */
    String code() {
        return code;
    }
}
