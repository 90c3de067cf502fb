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

/**
 * {@code POST /v1/messages}: the Anthropic Messages wire format over the same answer model and the same
 * {@code X-Sim-*} directives as the OpenAI route. Requests need {@code x-api-key} (or {@code Authorization: Bearer})
 * and {@code anthropic-version}; errors use Anthropic's envelope ({@code X-Sim-Status: 529} is an
 * {@code overloaded_error}, 429 a {@code rate_limit_error} with {@code retry-after: 1}); an in-stream error
 * ({@code X-Sim-Error-After-Chunks}) is an {@code event: error} with {@code overloaded_error}. With
 * {@code output_config.format} of type {@code json_schema} the text is a JSON object generated from the schema.
 */
final class AnthropicRoute {
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField EVENT_STREAM =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField RETRY_AFTER = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, "1");
    private static final HttpField LIMIT_REQUESTS = new HttpField("anthropic-ratelimit-requests-limit", "4000");
    private static final HttpField REMAINING_REQUESTS = new HttpField("anthropic-ratelimit-requests-remaining", "3999");
    private static final HttpField LIMIT_TOKENS = new HttpField("anthropic-ratelimit-tokens-limit", "2000000");
    private static final HttpField REMAINING_TOKENS = new HttpField("anthropic-ratelimit-tokens-remaining", "1999970");
    private static final String REQUEST_ID = "request-id";

    private final long timeToFirstTokenNanos;
    private final long tokenIntervalNanos;
    private final SimulatorStats stats;
    private final BooleanSupplier running;

    AnthropicRoute(SimulatorOptions options, SimulatorStats stats, BooleanSupplier running) {
        this.timeToFirstTokenNanos = options.timeToFirstToken().toNanos();
        this.tokenIntervalNanos = options.tokenIntervalNanos();
        this.stats = requireNonNull(stats, "stats is null");
        this.running = requireNonNull(running, "running is null");
    }

    void handle(Request request, Response response, Callback callback) {
        String requestId = "req_011" + Ids.alphanumeric(21);
        response.getHeaders().put(REQUEST_ID, requestId);
        if (!"POST".equals(request.getMethod())) {
            reject(
                    response,
                    callback,
                    requestId,
                    new RequestRejected(
                            405, "invalid_request_error", "Method Not Allowed: " + request.getMethod(), null, null));
            return;
        }
        String key = request.getHeaders().get("x-api-key");
        if ((key == null || key.isBlank())
                && !SimulatorHandler.hasBearerToken(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            reject(
                    response,
                    callback,
                    requestId,
                    new RequestRejected(401, "authentication_error", "x-api-key header is required", null, null));
            return;
        }
        if (request.getHeaders().get("anthropic-version") == null) {
            reject(
                    response,
                    callback,
                    requestId,
                    RequestRejected.invalid("anthropic-version: header is required", null, null));
            return;
        }
        Directives directives;
        try {
            directives = Directives.from(request.getHeaders());
        } catch (IllegalArgumentException e) {
            reject(response, callback, requestId, RequestRejected.invalid(e.getMessage(), null, null));
            return;
        }
        // read the body before any delay: an idle timeout during the delay would fail a later read
        ByteBuffer body;
        try {
            body = Content.Source.asByteBuffer(request);
        } catch (java.io.IOException e) {
            throw new StreamInterrupted("cannot read the request body", true, e);
        }
        if (directives.delayMs() > 0) {
            EventStream.sleepNanos(TimeUnit.MILLISECONDS.toNanos(directives.delayMs()));
        }
        if (directives.hasStatus()) {
            RequestRejected injected = AnthropicWriter.injected(directives.status(), directives);
            if (injected.status() == 429) {
                response.getHeaders().put(RETRY_AFTER);
            }
            reject(response, callback, requestId, injected);
            return;
        }

        AnthropicMessagesRequest messages;
        try {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            messages = AnthropicMessagesRequest.parse(bytes, 0, bytes.length);
        } catch (RequestRejected e) {
            reject(response, callback, requestId, e);
            return;
        }
        SimulatedPrompt prompt = messages.prompt();
        SimulatedAnswer answer = AnswerGenerator.answer(prompt, directives.tokens(), directives.cachedTokens());
        String stopSequence = stopSequence(prompt, answer, directives);
        if (messages.jsonSchema() != null && !answer.hasToolCalls()) {
            answer = jsonAnswer(prompt, answer, messages);
        }
        AnthropicWriter writer = new AnthropicWriter(messages, answer, stopSequence);
        EventStream events = new EventStream(
                request, response, directives, tokenIntervalNanos, stats, AnthropicWriter.errorEvent(), running);

        if (messages.stream()) {
            EventStream.sleepNanos(timeToFirstTokenNanos);
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(EVENT_STREAM);
            headers.put(NO_CACHE);
            rateLimitHeaders(headers);
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
                    requestId,
                    new RequestRejected(500, "api_error", "Internal server error", null, null));
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
        rateLimitHeaders(headers);
        response.write(true, ByteBuffer.wrap(completion), callback);
    }

    /**
     * The stop sequence that cut the text, or null: the answer without stop sequences is computed too, and where the
     * texts part the matching sequence begins.
     */
    private static String stopSequence(SimulatedPrompt prompt, SimulatedAnswer answer, Directives directives) {
        if (prompt.stop().isEmpty() || answer.hasToolCalls()) {
            return null;
        }
        SimulatedPrompt unstopped = new SimulatedPrompt(
                prompt.seed(),
                prompt.promptTokens(),
                prompt.lastRole(),
                prompt.lastText(),
                prompt.tools(),
                prompt.toolChoice(),
                prompt.parallelToolCalls(),
                prompt.maxTokens(),
                List.of(),
                prompt.reasoningTokens(),
                prompt.reasoningVisible());
        String full = AnswerGenerator.answer(unstopped, directives.tokens(), directives.cachedTokens())
                .text();
        String cut = answer.text();
        if (full.equals(cut)) {
            return null;
        }
        for (String stop : prompt.stop()) {
            if (full.startsWith(stop, cut.length())) {
                return stop;
            }
        }
        return null;
    }

    /** Structured output: the text is a JSON object generated from the schema, streamed in fragments. */
    private static SimulatedAnswer jsonAnswer(
            SimulatedPrompt prompt, SimulatedAnswer answer, AnthropicMessagesRequest messages) {
        List<Token> content = ToolArguments.fragments(ToolArguments.generate(messages.jsonSchema(), prompt.seed()));
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

    private static void rateLimitHeaders(HttpFields.Mutable headers) {
        headers.put(LIMIT_REQUESTS);
        headers.put(REMAINING_REQUESTS);
        headers.put(LIMIT_TOKENS);
        headers.put(REMAINING_TOKENS);
    }

    private static void reject(Response response, Callback callback, String requestId, RequestRejected error) {
        byte[] body = AnthropicWriter.errorBody(error, requestId);
        response.setStatus(error.status());
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
