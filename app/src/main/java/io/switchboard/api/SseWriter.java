package io.switchboard.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Writes one SSE response. Commits 200 with the event-stream headers on the first write, sends each event with one
 * blocking write, and keeps the connection alive with comment lines while the upstream is silent. Writes from the
 * relay and from the heartbeat thread are serialised by a lock.
 */
final class SseWriter {
    private static final byte[] DATA_PREFIX = "data: ".getBytes(UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(UTF_8);
    private static final byte[] HEARTBEAT = ": SWITCHBOARD PROCESSING\n\n".getBytes(UTF_8);

    private final Exchange exchange;
    private final long heartbeatIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWrite = System.nanoTime();
    private volatile boolean heartbeatStopped;
    private boolean committed;
    private Thread heartbeat;

    SseWriter(Exchange exchange, long heartbeatIntervalMs) {
        this.exchange = exchange;
        this.heartbeatIntervalNanos = heartbeatIntervalMs * 1_000_000;
    }

    /** Starts the heartbeat; {@code onClientGone} runs if a heartbeat write fails. */
    void startHeartbeat(Runnable onClientGone) {
        heartbeat = Thread.ofVirtual().name("sse-heartbeat").start(() -> {
            while (!heartbeatStopped) {
                long sleepNanos = heartbeatIntervalNanos - (System.nanoTime() - lastWrite);
                try {
                    if (sleepNanos > 0) {
                        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (heartbeatStopped || System.nanoTime() - lastWrite < heartbeatIntervalNanos) {
                    continue;
                }
                try {
                    write(HEARTBEAT, true);
                } catch (IOException e) {
                    onClientGone.run();
                    return;
                }
            }
        });
    }

    boolean committed() {
        lock.lock();
        try {
            return committed;
        } finally {
            lock.unlock();
        }
    }

    void data(byte[] json) throws IOException {
        byte[] event = new byte[json.length + 8];
        System.arraycopy(DATA_PREFIX, 0, event, 0, 6);
        System.arraycopy(json, 0, event, 6, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        write(event, false);
    }

    void done() throws IOException {
        write(DONE, false);
    }

    private void write(byte[] bytes, boolean fromHeartbeat) throws IOException {
        lock.lock();
        try {
            if (fromHeartbeat && heartbeatStopped) {
                return;
            }
            if (!committed) {
                exchange.response().setStatus(200);
                exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                exchange.response().getHeaders().put("X-Accel-Buffering", "no");
                committed = true;
            }
            exchange.writeBlocking(ByteBuffer.wrap(bytes));
            lastWrite = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the heartbeat. Returns true when nothing was ever written, so the caller may still answer with an HTTP
     * error status instead of an in-stream error.
     */
    boolean stopHeartbeat() {
        lock.lock();
        try {
            heartbeatStopped = true;
            if (heartbeat != null) {
                heartbeat.interrupt();
            }
            return !committed;
        } finally {
            lock.unlock();
        }
    }
}
