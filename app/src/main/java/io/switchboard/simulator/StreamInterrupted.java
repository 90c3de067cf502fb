package io.switchboard.simulator;

/**
 * Ends a stream before its natural end: an injected failure, an injected in-stream error, a stall that ran out, or a
 * client that went away. Stackless: it is control flow.
 */
final class StreamInterrupted extends RuntimeException {
    private final boolean abortConnection;

    StreamInterrupted(String message, boolean abortConnection, Throwable cause) {
        super(message, cause, false, false);
        this.abortConnection = abortConnection;
    }

    /**
     * {@code true} when the response must end abruptly (the handler fails its callback so Jetty drops the connection);
     * {@code false} when the response was completed and the handler succeeds its callback.
     */
    boolean abortConnection() {
        return abortConnection;
    }
}
