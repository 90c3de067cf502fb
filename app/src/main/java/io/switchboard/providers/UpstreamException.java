package io.switchboard.providers;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** A failed upstream exchange, classified so routing can decide whether another endpoint may be tried. */
public final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where the exchange failed. */
    public enum Kind {
        /** No connection could be made. */
        CONNECT,
        /** No response headers within the first-byte timeout. */
        FIRST_BYTE_TIMEOUT,
        /** The stream went silent for longer than the idle timeout, or the total timeout passed. */
        IDLE_TIMEOUT,
        /** The provider answered with a non-2xx status. */
        HTTP_STATUS,
        /** The provider reported an error inside a stream that had started. */
        STREAM_ERROR,
        /** The connection broke or the body could not be read or parsed. */
        PROTOCOL,
        /** We aborted it, because the client went away. */
        CANCELLED
    }

    private final Kind kind;
    private final int status;
    private final String raw;
    private final Duration retryAfter;

    public UpstreamException(Kind kind, int status, String message, String raw, Duration retryAfter, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
        this.status = status;
        this.raw = raw;
        this.retryAfter = retryAfter;
    }

    public UpstreamException(Kind kind, String message, Throwable cause) {
        this(kind, 0, message, null, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's HTTP status, or 0 when it never answered. */
    public int status() {
        return status;
    }

    /** The provider's error body as received, for {@code error.metadata.raw}. */
    public Optional<String> raw() {
        return Optional.ofNullable(raw);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether another endpoint may serve the same request: transport failures, timeouts, 408, 429 and 5xx. A 4xx
     * other than those means the request itself is wrong, and so it would fail everywhere.
     */
    public boolean retryable() {
        return switch (kind) {
            case CONNECT, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT, PROTOCOL, STREAM_ERROR -> true;
            case CANCELLED -> false;
            case HTTP_STATUS -> status == 408 || status == 429 || status >= 500 || status == 529;
        };
    }
}
