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
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes, authenticates and answers simulator requests on the request's (virtual) thread. Wire formats plug in as a
 * request parser plus a writer: OpenAI Chat Completions here, Anthropic Messages in {@link AnthropicRoute}, Gemini in
 * {@link GeminiEndpoint}.
 */
final class SimulatorHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(SimulatorHandler.class);

    private static final HttpField SIMULATED = new HttpField("X-Simulated", "true");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField EVENT_STREAM =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField RETRY_AFTER = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, "1");
    private static final HttpField OPENAI_VERSION = new HttpField("openai-version", "2020-10-01");
    private static final HttpField LIMIT_REQUESTS = new HttpField("x-ratelimit-limit-requests", "30000");
    private static final HttpField REMAINING_REQUESTS = new HttpField("x-ratelimit-remaining-requests", "29999");
    private static final HttpField LIMIT_TOKENS = new HttpField("x-ratelimit-limit-tokens", "150000000");
    private static final HttpField REMAINING_TOKENS = new HttpField("x-ratelimit-remaining-tokens", "149999970");
    private static final String REQUEST_ID = "x-request-id";
    private static final String PROCESSING_MS = "openai-processing-ms";

    private static final byte[] MODELS = ByteSink.utf8("{\"object\":\"list\",\"data\":["
            + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},"
            + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"},"
            + "{\"id\":\"gpt-4.1-nano\",\"object\":\"model\",\"created\":1744321707,\"owned_by\":\"system\"},"
            + "{\"id\":\"gpt-5-mini\",\"object\":\"model\",\"created\":1754425928,\"owned_by\":\"system\"},"
            + "{\"id\":\"o4-mini\",\"object\":\"model\",\"created\":1744225351,\"owned_by\":\"system\"}]}");

    private final long timeToFirstTokenNanos;
    private final long tokenIntervalNanos;
    private final SimulatorStats stats;
    private final BooleanSupplier running;
    private final AnthropicRoute anthropic;
    private final GeminiEndpoint gemini;

    SimulatorHandler(SimulatorOptions options, SimulatorStats stats, BooleanSupplier running) {
        super(Invocable.InvocationType.BLOCKING);
        this.timeToFirstTokenNanos = options.timeToFirstToken().toNanos();
        this.tokenIntervalNanos = options.tokenIntervalNanos();
        this.stats = requireNonNull(stats, "stats is null");
        this.running = requireNonNull(running, "running is null");
        this.anthropic = new AnthropicRoute(options, stats, running);
        this.gemini = new GeminiEndpoint(timeToFirstTokenNanos, tokenIntervalNanos, stats, running);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long startNanos = System.nanoTime();
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(SIMULATED);
        headers.put(REQUEST_ID, "req_" + Ids.hex(32));
        String path = request.getHttpURI().getPath();
        try {
            switch (path) {
                case "/v1/chat/completions", "/chat/completions" -> {
                    stats.chatRequests.increment();
                    chatCompletions(request, response, callback, startNanos);
                }
                case "/v1/messages" -> {
                    stats.chatRequests.increment();
                    anthropic.handle(request, response, callback);
                }
                case "/v1/models", "/models" -> models(request, response, callback);
                default -> {
                    if (GeminiEndpoint.matches(path)) {
                        stats.chatRequests.increment();
                        gemini.handle(request, response, callback, startNanos);
                    } else {
                        reject(response, callback, notFound(request));
                    }
                }
            }
        } catch (StreamInterrupted e) {
            end(request, callback, e);
        } catch (Exception e) {
            log.debug("Simulator request failed", e);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                reject(response, callback, new RequestRejected(500, "server_error", e.toString(), null, null));
            }
        }
        return true;
    }

    private void chatCompletions(Request request, Response response, Callback callback, long startNanos)
            throws Exception {
        if (!"POST".equals(request.getMethod())) {
            reject(response, callback, wrongMethod(request));
            return;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (!hasBearerToken(authorization)) {
            String message = authorization == null
                    ? OpenAiErrors.MISSING_KEY_MESSAGE
                    : "Incorrect API key provided. You can find your API key at"
                            + " https://platform.openai.com/account/api-keys.";
            reject(
                    response,
                    callback,
                    new RequestRejected(401, "invalid_request_error", message, null, "invalid_api_key"));
            return;
        }
        Directives directives;
        try {
            directives = Directives.from(request.getHeaders());
        } catch (IllegalArgumentException e) {
            reject(response, callback, RequestRejected.invalid(e.getMessage(), null, "invalid_simulator_directive"));
            return;
        }
        // read the body before any delay: an idle timeout during the delay would fail a later read
        ByteBuffer body = Content.Source.asByteBuffer(request);
        if (directives.delayMs() > 0) {
            EventStream.sleepNanos(TimeUnit.MILLISECONDS.toNanos(directives.delayMs()));
        }
        if (directives.hasStatus()) {
            RequestRejected injected = OpenAiErrors.injected(directives.status(), directives);
            if (injected.status() == 429) {
                response.getHeaders().put(RETRY_AFTER);
            }
            reject(response, callback, injected);
            return;
        }

        OpenAiChatRequest chat;
        try {
            if (body.hasArray()) {
                chat = OpenAiChatRequest.parse(body.array(), body.arrayOffset() + body.position(), body.remaining());
            } else {
                byte[] copy = new byte[body.remaining()];
                body.get(copy);
                chat = OpenAiChatRequest.parse(copy, 0, copy.length);
            }
        } catch (RequestRejected e) {
            reject(response, callback, e);
            return;
        }
        SimulatedAnswer answer = AnswerGenerator.answer(chat.prompt(), directives.tokens(), directives.cachedTokens());
        if (chat.jsonMode() && !answer.hasToolCalls()) {
            answer = jsonAnswer(chat, answer);
        }
        OpenAiChatWriter writer = new OpenAiChatWriter(chat, answer, System.currentTimeMillis() / 1000);
        EventStream events = new EventStream(
                request, response, directives, tokenIntervalNanos, stats, OpenAiChatWriter.errorEvent(), running);

        if (chat.stream()) {
            EventStream.sleepNanos(timeToFirstTokenNanos);
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(EVENT_STREAM);
            headers.put(NO_CACHE);
            providerHeaders(headers, startNanos);
            writer.stream(events);
            callback.succeeded();
            return;
        }

        byte[] completion = writer.body();
        events.awaitWholeBody(timeToFirstTokenNanos, answer.usage().completionTokens(), completion);
        if (directives.errorAfterChunks() >= 0) {
            reject(
                    response,
                    callback,
                    new RequestRejected(500, "server_error", OpenAiErrors.SERVER_ERROR_MESSAGE, null, null));
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
        providerHeaders(headers, startNanos);
        response.write(true, ByteBuffer.wrap(completion), callback);
    }

    private static void models(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            reject(response, callback, wrongMethod(request));
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, MODELS.length);
        response.write(true, ByteBuffer.wrap(MODELS), callback);
    }

    private static void providerHeaders(HttpFields.Mutable headers, long startNanos) {
        headers.put(PROCESSING_MS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        headers.put(OPENAI_VERSION);
        headers.put(LIMIT_REQUESTS);
        headers.put(REMAINING_REQUESTS);
        headers.put(LIMIT_TOKENS);
        headers.put(REMAINING_TOKENS);
    }

    /** Ends an interrupted response: abruptly (Jetty drops the connection) or as completed. */
    private static void end(Request request, Callback callback, StreamInterrupted interruption) {
        if (interruption.abortConnection()) {
            // closing the endpoint guarantees a real drop even before the response was committed,
            // where failing the callback alone would make Jetty send a 500 page
            request.getConnectionMetaData().getConnection().getEndPoint().close(interruption);
            callback.failed(interruption);
        } else {
            callback.succeeded();
        }
    }

    static boolean hasBearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7) {
            return false;
        }
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
    }

    private static void reject(Response response, Callback callback, RequestRejected error) {
        byte[] body = OpenAiErrors.body(error);
        response.setStatus(error.status());
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static RequestRejected notFound(Request request) {
        return new RequestRejected(
                404,
                "invalid_request_error",
                "Invalid URL (" + request.getMethod() + " "
                        + request.getHttpURI().getPath() + ")",
                null,
                null);
    }

    private static RequestRejected wrongMethod(Request request) {
        return new RequestRejected(
                405,
                "invalid_request_error",
                "Invalid method for URL (" + request.getMethod() + " "
                        + request.getHttpURI().getPath() + ")",
                null,
                null);
    }

    /** Structured output: a JSON object from the schema, or the words as {@code {"text": ...}}, streamed in fragments. */
    private static SimulatedAnswer jsonAnswer(OpenAiChatRequest chat, SimulatedAnswer answer) {
        String json;
        if (chat.jsonSchema().isObject()) {
            json = ToolArguments.generate(chat.jsonSchema(), chat.prompt().seed());
        } else {
            ObjectNode wrapped = JsonMapper.shared().createObjectNode();
            wrapped.put("text", answer.text());
            json = JsonMapper.shared().writeValueAsString(wrapped);
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
}
