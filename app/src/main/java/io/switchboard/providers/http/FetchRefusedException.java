package io.switchboard.providers.http;

import static java.util.Objects.requireNonNull;

/** A guarded GET that was stopped on purpose: the address is not allowed, or the body is too large. */
public final class FetchRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the fetch was stopped. */
    public enum Reason {
        /** The host resolved to an address the {@link AddressGuard} refuses; nothing was sent. */
        ADDRESS,
        /** The body is larger than allowed (by its {@code Content-Length} or while it was read). */
        TOO_LARGE
    }

    private final Reason reason;

    public FetchRefusedException(Reason reason, String message) {
        super(requireNonNull(message, "message is null"));
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
