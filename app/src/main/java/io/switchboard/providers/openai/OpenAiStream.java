package io.switchboard.providers.openai;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.SseEvent;
import io.switchboard.providers.http.SseParser;
import io.switchboard.providers.http.UpstreamHttp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OpenAI-compatible SSE body chunk by chunk; {@link OpenAiOutput} brings each host's chunks into OpenAI's
 * exact shape (it may add a chunk, hence the small queue).
 */
final class OpenAiStream implements UpstreamStream {
    private final UpstreamHttp.Exchange exchange;
    private final SseParser parser;
    private final boolean simulated;
    private final OpenAiOutput output = new OpenAiOutput();
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>(2);
    private boolean finished;

    OpenAiStream(UpstreamHttp.Exchange exchange, boolean simulated) {
        this.exchange = exchange;
        this.parser = new SseParser(exchange.body());
        this.simulated = simulated;
    }

    @Override
    public ObjectNode next() throws UpstreamException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (finished) {
            return null;
        }
        while (true) {
            SseEvent event;
            try {
                event = parser.next();
            } catch (IOException e) {
                finished = true;
                throw exchange.readFailure(e);
            }
            if (event == null) {
                finished = true;
                // Some hosts omit [DONE]; a clean end of body still ends the stream normally.
                return null;
            }
            String data = event.data();
            if (data.equals("[DONE]")) {
                finished = true;
                return null;
            }
            if (data.isBlank()) {
                continue;
            }
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(data);
            } catch (JacksonException e) {
                finished = true;
                throw new UpstreamException(Kind.PROTOCOL, 0, "upstream sent an invalid stream chunk", data, null, e);
            }
            if (!(parsed instanceof ObjectNode chunk)) {
                continue;
            }
            if (chunk.has("error")) {
                finished = true;
                JsonNode error = chunk.get("error");
                int code = error.path("code").isInt() ? error.path("code").asInt() : 502;
                throw new UpstreamException(
                        Kind.STREAM_ERROR,
                        code,
                        "upstream reported an error mid-stream: "
                                + error.path("message").asString(""),
                        data,
                        null,
                        null);
            }
            List<ObjectNode> normalised = output.chunk(chunk);
            for (int i = 1; i < normalised.size(); i++) {
                pending.add(normalised.get(i));
            }
            return normalised.getFirst();
        }
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
