package io.switchboard.providers.gemini;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.SseEvent;
import io.switchboard.providers.http.SseParser;
import io.switchboard.providers.http.UpstreamHttp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code :streamGenerateContent?alt=sse}: every event is a whole {@code GenerateContentResponse}, and the body
 * simply ends (no terminator). Each event becomes zero or more {@code chat.completion.chunk}s, one per delta of
 * {@link GeminiOutput}; the first carries {@code role: "assistant"}. At the end of the body come one chunk with an
 * empty delta and the finish reason, then one chunk with {@code choices: []} and the usage of the last
 * {@code usageMetadata}.
 *
 * <p>{@link #prime()} reads ahead to the first event with output, so that an error event arriving before anything
 * else counts as an HTTP error (the gateway may still fall back); later error events are stream errors.
 */
final class GeminiStream implements UpstreamStream {
    private final UpstreamHttp.Exchange exchange;
    private final SseParser parser;
    private final boolean simulated;
    private final GeminiOutput output;
    private final long created;
    private final Deque<ObjectNode> ready = new ArrayDeque<>();
    private boolean started;
    private boolean bodyEnded;
    private boolean finished;

    GeminiStream(UpstreamHttp.Exchange exchange, boolean simulated, GeminiOutput output, long created) {
        this.exchange = exchange;
        this.parser = new SseParser(exchange.body());
        this.simulated = simulated;
        this.output = output;
        this.created = created;
    }

    /** Reads until there is a chunk to return or the body ended; an error before that is an HTTP error. */
    void prime() throws UpstreamException {
        while (ready.isEmpty() && !bodyEnded) {
            readEvent();
        }
    }

    @Override
    public ObjectNode next() throws UpstreamException {
        while (true) {
            ObjectNode chunk = ready.poll();
            if (chunk != null) {
                return chunk;
            }
            if (bodyEnded) {
                finished = true;
                return null;
            }
            readEvent();
        }
    }

    private void readEvent() throws UpstreamException {
        SseEvent event;
        try {
            event = parser.next();
        } catch (IOException e) {
            bodyEnded = true;
            finished = true;
            throw exchange.readFailure(e);
        }
        if (event == null) {
            bodyEnded = true;
            end();
            return;
        }
        String data = event.data();
        if (data.isBlank()) {
            return;
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(data);
        } catch (JacksonException e) {
            bodyEnded = true;
            finished = true;
            throw new UpstreamException(Kind.PROTOCOL, 0, "upstream sent an invalid stream chunk", data, null, e);
        }
        if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
            parsed = parsed.get(0);
        }
        if (!(parsed instanceof ObjectNode response)) {
            return;
        }
        if (response.path("error").isObject()) {
            bodyEnded = true;
            finished = true;
            throw GeminiErrors.inBody(response.get("error"), data, started);
        }
        for (ObjectNode delta : output.accept(response)) {
            ready.add(chunk(delta));
        }
    }

    /** The end of the body: calls still open, the finish chunk, the usage chunk. */
    private void end() {
        for (ObjectNode delta : output.flush()) {
            ready.add(chunk(delta));
        }
        if (output.finishReason() != null) {
            ObjectNode finish = chunk(Json.object());
            output.finish((ObjectNode) finish.get("choices").get(0));
            ready.add(finish);
        }
        ObjectNode usage = output.usage();
        if (usage != null) {
            ObjectNode chunk = envelope();
            chunk.putArray("choices");
            chunk.set("usage", usage);
            ready.add(chunk);
        }
    }

    private ObjectNode chunk(ObjectNode delta) {
        if (!started) {
            started = true;
            ObjectNode first = Json.object();
            first.put("role", "assistant");
            first.setAll(delta);
            delta = first;
        }
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        return chunk;
    }

    private ObjectNode envelope() {
        ObjectNode chunk = Json.object();
        String id = output.responseId();
        chunk.put("id", id == null ? "gemini-stream" : id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", output.model());
        return chunk;
    }

    @Override
    public void abort(Throwable cause) {
        exchange.abort(cause);
    }

    @Override
    public boolean simulated() {
        return simulated;
    }

    @Override
    public void close() {
        if (!finished) {
            exchange.abort(new IllegalStateException("stream closed before its end"));
        }
        exchange.close();
    }
}
