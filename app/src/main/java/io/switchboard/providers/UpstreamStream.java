package io.switchboard.providers;

import tools.jackson.databind.node.ObjectNode;

/**
 * An open upstream stream whose response status was 2xx. Chunks come translated to the OpenAI {@code
 * chat.completion.chunk} shape. Read from one thread; {@link #abort} may be called from any thread.
 */
public interface UpstreamStream extends AutoCloseable {
    /**
     * Blocks for the next chunk; null when the stream ended normally.
     *
     * @throws UpstreamException when the connection breaks, the idle timeout passes or the provider reports an error
     */
    ObjectNode next() throws UpstreamException;

    /** Cancels the upstream request, e.g. because the client disconnected. Idempotent. */
    void abort(Throwable cause);

    boolean simulated();

    @Override
    void close();
}
