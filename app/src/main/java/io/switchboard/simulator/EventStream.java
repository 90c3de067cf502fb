package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Blocking writer of one event stream, independent of the wire format. Each event is one {@link Response#write} that
 * is flushed before the next is assembled. Content events are paced at the configured rate and counted; before each
 * content event and before the finish event, {@link #checkpoint(boolean)} applies the {@code X-Sim-*-After-Chunks}
 * directives. A failed write means the client went away: it is counted as a cancelled stream and ends the stream.
 */
final class EventStream {
    static final Duration MAX_STALL = Duration.ofMinutes(5);
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final long STALL_PROBE_MILLIS = 50;

    private final Request request;
    private final Response response;
    private final Directives directives;
    private final long intervalNanos;
    private final SimulatorStats stats;
    private final byte[] errorEvent;
    private final BooleanSupplier running;
    private final Blocker.Shared blocker = new Blocker.Shared();
    private int contentEvents;
    private long nextContentAt;

    /**
     * @param errorEvent the wire format's in-stream error event, written for {@code X-Sim-Error-After-Chunks}
     * @param running false once the simulator is closing, which ends stalls
     */
    EventStream(
            Request request,
            Response response,
            Directives directives,
            long intervalNanos,
            SimulatorStats stats,
            byte[] errorEvent,
            BooleanSupplier running) {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.directives = requireNonNull(directives, "directives is null");
        this.intervalNanos = intervalNanos;
        this.stats = requireNonNull(stats, "stats is null");
        this.errorEvent = requireNonNull(errorEvent, "errorEvent is null");
        this.running = requireNonNull(running, "running is null");
    }

    /**
     * The non-streaming path of every wire format: waits as long as generating {@code tokens} would take, then, for
     * {@code X-Sim-Fail-After-Chunks}, sends the headers and half of {@code body} and drops the connection.
     */
    void awaitWholeBody(long timeToFirstTokenNanos, int tokens, byte[] body) {
        sleepNanos(timeToFirstTokenNanos + intervalNanos * Math.max(0, tokens - 1));
        if (directives.failAfterChunks() >= 0) {
            response.setStatus(200);
            response.getHeaders().put(JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            control(ByteBuffer.wrap(body, 0, body.length / 2));
            throw new StreamInterrupted("failure injected in the body", true, null);
        }
    }

    /** Writes an event that carries no generated tokens (role, finish, usage): not paced, not counted. */
    void control(ByteBuffer event) {
        write(false, event);
    }

    /** Writes a content event (text, reasoning or tool-call fragment) after the checkpoint and the pacing wait. */
    void content(ByteBuffer event) {
        checkpoint(false);
        pace();
        write(false, event);
        contentEvents++;
    }

    /** Writes the final event and completes the response body. */
    void last(ByteBuffer event) {
        write(true, event);
    }

    int contentEvents() {
        return contentEvents;
    }

    /**
     * Applies the chunk-count directives whose value {@link #contentEvents()} has reached: abort the connection, send
     * the error event and end, or stall. Called before every content event with {@code beforeFinish} false, and once
     * before the finish event with {@code beforeFinish} true, where a count beyond the number of content events also
     * applies: the stream is then interrupted just before its finish event.
     */
    void checkpoint(boolean beforeFinish) {
        if (reached(directives.failAfterChunks(), beforeFinish)) {
            throw new StreamInterrupted("failure injected after " + contentEvents + " chunks", true, null);
        }
        if (reached(directives.errorAfterChunks(), beforeFinish)) {
            write(true, ByteBuffer.wrap(errorEvent));
            throw new StreamInterrupted("error event injected after " + contentEvents + " chunks", false, null);
        }
        if (reached(directives.stallAfterChunks(), beforeFinish)) {
            if (stall(request, stats, running)) {
                throw new StreamInterrupted("client went away during a stall", true, null);
            }
            throw new StreamInterrupted("stall ended after " + MAX_STALL, true, null);
        }
    }

    private boolean reached(int chunks, boolean beforeFinish) {
        return chunks == contentEvents || (beforeFinish && chunks > contentEvents);
    }

    /**
     * Sends nothing until the client goes away, the simulator closes or {@link #MAX_STALL} passes. HTTP/1.1 does not
     * report a peer close while the handler neither reads nor writes, so the socket is probed with non-blocking reads;
     * the connection is aborted afterwards anyway, so consuming stray bytes is harmless.
     *
     * @return whether the client went away (then counted as a cancelled stream)
     */
    static boolean stall(Request request, SimulatorStats stats, BooleanSupplier running) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        ByteBuffer probe = BufferUtil.allocate(256);
        long deadline = System.nanoTime() + MAX_STALL.toNanos();
        while (true) {
            if (!running.getAsBoolean() || System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (clientGone(endPoint, probe)) {
                stats.cancelledStreams.increment();
                return true;
            }
            try {
                Thread.sleep(STALL_PROBE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static boolean clientGone(EndPoint endPoint, ByteBuffer probe) {
        if (!endPoint.isOpen()) {
            return true;
        }
        try {
            BufferUtil.clear(probe);
            return endPoint.fill(probe) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void pace() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (nextContentAt == 0) {
            nextContentAt = now;
        } else if (nextContentAt - now > 0) {
            sleepNanos(nextContentAt - now);
        }
        nextContentAt += intervalNanos;
    }

    /** Sleeps; an interrupt (the simulator closing) aborts the stream. */
    static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamInterrupted("interrupted", true, e);
        }
    }

    private void write(boolean last, ByteBuffer event) {
        try (Blocker.Callback callback = blocker.callback()) {
            response.write(last, event, callback);
            callback.block();
        } catch (IOException e) {
            stats.cancelledStreams.increment();
            throw new StreamInterrupted("client went away", true, e);
        }
    }
}
