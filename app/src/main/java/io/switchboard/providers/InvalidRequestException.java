package io.switchboard.providers;

/**
 * The client's request cannot be expressed in the provider's wire format (for instance tool-call arguments that are not
 * JSON, or a content part the provider has no equivalent for). Thrown by adapters while translating, before anything is
 * sent; the API layer answers 400 with the message and does not try other endpoints, since the request itself is wrong.
 */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
