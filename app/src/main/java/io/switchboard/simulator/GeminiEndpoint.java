package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini API of the simulator: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse} (also under {@code /v1}). The key goes in {@code x-goog-api-key} or the
 * {@code key} query parameter (any non-empty value; without one: 403 {@code PERMISSION_DENIED}). The answer model,
 * pacing and {@code X-Sim-*} directives are those of the OpenAI endpoint; request rules on {@link GeminiChatRequest},
 * the wire shape on {@link GeminiWriter}, errors on {@link GeminiErrors}.
 *
 * <p>With {@code responseMimeType: application/json} the text is JSON instead of words: arguments generated from
 * {@code responseSchema} (or {@code responseJsonSchema}) like tool arguments, else {@code {"text": "<words>"}};
 * {@code maxOutputTokens} does not truncate it.
 */
final class GeminiEndpoint {
    private static final HttpField JSON =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
    private static final HttpField EVENT_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final String[] PREFIXES = {"/v1beta/models/", "/v1/models/"};
    private static final String GENERATE = ":generateContent";
    private static final String STREAM = ":streamGenerateContent";

    private final long timeToFirstTokenNanos;
    private final long tokenIntervalNanos;
    private final SimulatorStats stats;
    private final BooleanSupplier running;

    GeminiEndpoint(long timeToFirstTokenNanos, long tokenIntervalNanos, SimulatorStats stats, BooleanSupplier running) {
        this.timeToFirstTokenNanos = timeToFirstTokenNanos;
        this.tokenIntervalNanos = tokenIntervalNanos;
        this.stats = requireNonNull(stats, "stats is null");
        this.running = requireNonNull(running, "running is null");
    }

    /** True for a Gemini generate path. */
    static boolean matches(String path) {
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix) && (path.endsWith(GENERATE) || path.endsWith(STREAM))) {
                return path.length() > prefix.length() + GENERATE.length();
            }
        }
        return false;
    }

    /** Answers one request; a {@link StreamInterrupted} propagates to the handler, which ends the response. */
    void handle(Request request, Response response, Callback callback, long startNanos) {
        try {
            generate(request, response, callback, startNanos);
        } catch (StreamInterrupted e) {
            throw e;
        } catch (Exception e) {
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                reject(
                        response,
                        callback,
                        new RequestRejected(500, "INTERNAL", GeminiErrors.INTERNAL_MESSAGE, null, null));
            }
        }
    }

    private void generate(Request request, Response response, Callback callback, long startNanos) throws Exception {
        String path = request.getHttpURI().getPath();
        if (!"POST".equals(request.getMethod())) {
            reject(response, callback, new RequestRejected(404, "NOT_FOUND", "Method not found.", null, null));
            return;
        }
        boolean stream = path.endsWith(STREAM);
        String prefix = path.startsWith(PREFIXES[0]) ? PREFIXES[0] : PREFIXES[1];
        String model = path.substring(prefix.length(), path.length() - (stream ? STREAM : GENERATE).length());
        Fields query = Request.extractQueryParameters(request);
        String key = request.getHeaders().get("x-goog-api-key");
        if (key == null || key.isBlank()) {
            key = query.getValue("key");
        }
        if (key == null || key.isBlank()) {
            reject(
                    response,
                    callback,
                    new RequestRejected(403, "PERMISSION_DENIED", GeminiErrors.MISSING_KEY_MESSAGE, null, null));
            return;
        }
        Directives directives;
        try {
            directives = Directives.from(request.getHeaders());
        } catch (IllegalArgumentException e) {
            reject(response, callback, new RequestRejected(400, "INVALID_ARGUMENT", e.getMessage(), null, null));
            return;
        }
        // read the body before any delay: an idle timeout during the delay would fail a later read
        ByteBuffer body = Content.Source.asByteBuffer(request);
        if (directives.delayMs() > 0) {
            EventStream.sleepNanos(TimeUnit.MILLISECONDS.toNanos(directives.delayMs()));
        }
        if (directives.hasStatus()) {
            reject(response, callback, GeminiErrors.injected(directives.status(), directives));
            return;
        }
        if (stream && !"sse".equals(query.getValue("alt"))) {
            reject(
                    response,
                    callback,
                    new RequestRejected(
                            400,
                            "INVALID_ARGUMENT",
                            "The simulator streams only with alt=sse (Gemini's JSON-array stream is not simulated).",
                            null,
                            null));
            return;
        }

        GeminiChatRequest gemini;
        try {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            gemini = GeminiChatRequest.parse(bytes, 0, bytes.length, model, stream);
        } catch (RequestRejected e) {
            reject(response, callback, e);
            return;
        }
        SimulatedAnswer answer =
                AnswerGenerator.answer(gemini.prompt(), directives.tokens(), directives.cachedTokens());
        if (gemini.jsonMode() && !answer.hasToolCalls()) {
            answer = jsonAnswer(gemini, answer);
        }
        GeminiWriter writer = new GeminiWriter(model, answer);
        EventStream events = new EventStream(
                request, response, directives, tokenIntervalNanos, stats, GeminiWriter.errorEvent(), running);

        if (stream) {
            EventStream.sleepNanos(timeToFirstTokenNanos);
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(EVENT_STREAM);
            headers.put(NO_CACHE);
            serverTiming(headers, startNanos);
            writer.stream(events);
            callback.succeeded();
            return;
        }

        byte[] completion = writer.body();
        events.awaitWholeBody(timeToFirstTokenNanos, answer.usage().completionTokens(), completion);
        if (directives.errorAfterChunks() >= 0) {
            reject(response, callback, GeminiErrors.injected(500, Directives.NONE));
            return;
        }
        if (directives.stallAfterChunks() >= 0) {
            EventStream.stall(request, stats, running);
            throw new StreamInterrupted("stalled", true, null);
        }
        response.setStatus(200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON);
        headers.put(HttpHeader.CONTENT_LENGTH, completion.length);
        serverTiming(headers, startNanos);
        response.write(true, ByteBuffer.wrap(completion), callback);
    }

    /** The answer as JSON text: generated from the response schema, or the words wrapped in an object. */
    private static SimulatedAnswer jsonAnswer(GeminiChatRequest gemini, SimulatedAnswer answer) {
        String json;
        if (gemini.responseSchema().isObject()) {
            json = ToolArguments.generate(
                    gemini.responseSchema(), gemini.prompt().seed());
        } else {
            ObjectNode wrapped = MAPPER.createObjectNode();
            wrapped.put("text", answer.text());
            json = MAPPER.writeValueAsString(wrapped);
        }
        List<Token> content = ToolArguments.fragments(json);
        SimulatedUsage usage = answer.usage();
        return new SimulatedAnswer(
                answer.reasoning(),
                content,
                List.of(),
                FinishReason.STOP,
                new SimulatedUsage(
                        usage.promptTokens(),
                        usage.cachedTokens(),
                        usage.reasoningTokens() + content.size(),
                        usage.reasoningTokens()));
    }

    private static void serverTiming(HttpFields.Mutable headers, long startNanos) {
        headers.put("server-timing", "gfet4t7; dur=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void reject(Response response, Callback callback, RequestRejected error) {
        byte[] body = GeminiErrors.body(error);
        response.setStatus(error.status());
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
