package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An upstream LLM provider simulator speaking the OpenAI Chat Completions wire format, for tests and benchmarks of the
 * gateway. It answers {@code POST /v1/chat/completions} (also {@code /chat/completions}) with deterministic text
 * derived from the conversation, realistic usage, tool calls and reasoning, streamed or not, exactly shaped like
 * OpenAI's recorded responses; {@code GET /v1/models} lists a few models (no key needed). Every response carries
 * {@code X-Simulated: true} and an {@code x-request-id}.
 *
 * <p>It also speaks Gemini: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse} with the same answers and the same directives, in Gemini's shapes (see
 * {@link GeminiEndpoint}); its base URL for a Gemini client is {@link #baseUrl()} without {@code /v1}.
 *
 * <p>Requests need {@code Authorization: Bearer <anything non-empty>} (else 401 {@code invalid_api_key}); malformed
 * JSON or a missing {@code model}/{@code messages} is a 400, as OpenAI words them. How answers are derived (length,
 * {@code max_tokens}, {@code stop}, reasoning, the tool-call rule) is described on {@link AnswerGenerator}; prompt
 * tokens on {@link OpenAiChatRequest}; the exact stream shape on {@link OpenAiChatWriter}.
 *
 * <p>It also speaks the Anthropic Messages format on {@code POST /v1/messages} (key in {@code x-api-key} or a
 * bearer token, {@code anthropic-version} required), over the same answers and directives; see {@code AnthropicRoute}
 * and {@code AnthropicWriter}.
 *
 * <p><b>Failure and shape injection</b>, per request, by headers:
 *
 * <table>
 *   <caption>X-Sim directives</caption>
 *   <tr><th>Header</th><th>Effect</th></tr>
 *   <tr><td>{@code X-Sim-Status: N}</td><td>answer status N (400 and up) with an OpenAI-style error body
 *       (429 {@code rate_limit_exceeded} plus {@code Retry-After: 1}, 500/5xx {@code server_error}, 503
 *       {@code server_is_overloaded}, 401 {@code invalid_api_key}, 404 {@code model_not_found}, ...)</td></tr>
 *   <tr><td>{@code X-Sim-Error-Type}, {@code X-Sim-Error-Code}, {@code X-Sim-Error-Message}</td><td>override the
 *       fields of that error body (e.g. {@code insufficient_quota} on a 429)</td></tr>
 *   <tr><td>{@code X-Sim-Delay-Ms: N}</td><td>sleep N ms before anything is sent (before the status of an
 *       injected error, before the response, before the first chunk); adds to the time to first token</td></tr>
 *   <tr><td>{@code X-Sim-Fail-After-Chunks: N}</td><td>stream: after the role chunk and N content chunks, drop the
 *       connection abruptly (no finish chunk, no {@code [DONE]}, unterminated chunked body); non-streaming: send the
 *       headers and half of the body, then drop the connection</td></tr>
 *   <tr><td>{@code X-Sim-Error-After-Chunks: N}</td><td>stream: after N content chunks send
 *       {@code data: {"error":{"message":...,"type":"server_error",...}}} and end the response normally (no
 *       {@code [DONE]}); non-streaming: a 500 {@code server_error}</td></tr>
 *   <tr><td>{@code X-Sim-Stall-After-Chunks: N}</td><td>after N content chunks (non-streaming: before responding)
 *       send nothing more but keep the connection open until the client goes away (counted as cancelled) or 5
 *       minutes pass, then drop it</td></tr>
 *   <tr><td>{@code X-Sim-Cached-Tokens: N}</td><td>report {@code min(N, prompt_tokens)} as
 *       {@code prompt_tokens_details.cached_tokens}</td></tr>
 *   <tr><td>{@code X-Sim-Tokens: N}</td><td>produce exactly N completion tokens (reasoning included) instead of the
 *       natural 24 to 40; {@code max_tokens} still caps them</td></tr>
 * </table>
 *
 * <p>"Content chunks" are the chunks carrying reasoning, text or tool-call deltas; the role chunk is always sent first.
 * A count at or beyond the number of content chunks interrupts the stream just before its finish chunk. An unparsable
 * directive value is a 400.
 *
 * <p><b>Pacing.</b> Streams wait {@link SimulatorOptions#timeToFirstToken()} before the role chunk and then emit
 * content chunks at {@link SimulatorOptions#tokensPerSecond()}; a non-streaming response waits the time the stream
 * would have taken. Each SSE event is written and flushed on its own; a failed write (the client went away) stops the
 * stream and counts in {@link #cancelledCount()}.
 *
 * <p>Runs on Jetty core with blocking handlers on virtual threads; no logging on the request path.
 */
public final class Simulator implements AutoCloseable {
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService virtualThreads;
    private final SimulatorStats stats;
    private final String host;

    private Simulator(
            Server server,
            ServerConnector connector,
            ExecutorService virtualThreads,
            SimulatorStats stats,
            String host) {
        this.server = server;
        this.connector = connector;
        this.virtualThreads = virtualThreads;
        this.stats = stats;
        this.host = host;
    }

    /** Starts a simulator listening on {@code options.host()} and {@code options.port()} (0 = ephemeral). */
    public static Simulator start(SimulatorOptions options) throws Exception {
        requireNonNull(options, "options is null");
        ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("simulator-", 0).factory());
        QueuedThreadPool threadPool = new QueuedThreadPool(16, 2);
        threadPool.setName("simulator");
        threadPool.setVirtualThreadsExecutor(virtualThreads);
        Server server = new Server(threadPool);
        server.setStopTimeout(0);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        // Jetty ignores idle timeouts while a handler neither reads nor writes, so stalls and delays outlive it
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);

        SimulatorStats stats = new SimulatorStats();
        server.setHandler(new SimulatorHandler(options, stats, server::isRunning));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            virtualThreads.shutdownNow();
            throw e;
        }
        return new Simulator(server, connector, virtualThreads, stats, options.host());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The OpenAI-compatible base URL, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        String urlHost = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "http://" + urlHost + ":" + port() + "/v1";
    }

    /** Requests received on {@code /v1/chat/completions}, {@code /v1/messages} and the Gemini generate paths, whatever their outcome. */
    public long requestCount() {
        return stats.chatRequests.sum();
    }

    /** Responses whose client went away before the simulator finished writing them. */
    public long cancelledCount() {
        return stats.cancelledStreams.sum();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("failed to stop the simulator", e);
        } finally {
            virtualThreads.shutdownNow();
        }
    }
}
