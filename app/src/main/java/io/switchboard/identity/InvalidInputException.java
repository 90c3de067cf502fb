package io.switchboard.identity;

import static java.util.Objects.requireNonNull;

/** Input a person typed that cannot be accepted; {@code field} names the form field the message belongs next to. */
public final class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidInputException(String field, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.field = requireNonNull(field, "field is null");
    }

    public String field() {
        return field;
    }
}
