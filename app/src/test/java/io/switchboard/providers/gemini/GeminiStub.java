package io.switchboard.providers.gemini;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.catalog.DataPolicy;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.json.Json;
import io.switchboard.providers.Cancellation;
import io.switchboard.providers.UpstreamCall;
import io.switchboard.providers.UpstreamTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Google's endpoint on loopback (the JDK's HTTP server): replays one prepared answer, a JSON body with a
 * status or an SSE body framed as Gemini frames it (a {@code data:} event per chunk, no terminator), and remembers
 * the last request.
 */
final class GeminiStub implements AutoCloseable {
    static final String API_KEY = "test-gemini-key";

    /** What the stub received last. */
    record Received(String method, String path, String query, String apiKey, String accept, JsonNode body) {}

    private final HttpServer server;
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile byte[] reply = new byte[0];
    private volatile Received received;

    private GeminiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static GeminiStub start() throws IOException {
        return new GeminiStub();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void replyJson(int newStatus, String body) {
        status = newStatus;
        contentType = "application/json; charset=UTF-8";
        reply = body.getBytes(UTF_8);
    }

    /** Replays recorded chunks as Gemini streams them: {@code data: <chunk>\n\n} each, then the body ends. */
    void replySse(List<String> chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append("data: ").append(chunk).append("\r\n\r\n");
        }
        status = 200;
        contentType = "text/event-stream";
        reply = body.toString().getBytes(UTF_8);
    }

    Received received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received = new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("x-goog-api-key"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    body.length == 0 ? null : Json.MAPPER.readTree(body));
            byte[] answer = reply;
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } finally {
            exchange.close();
        }
    }

    /** One attempt at the stub for {@code upstreamModel}, with an OpenAI-shaped request. */
    UpstreamCall call(String upstreamModel, String requestJson) {
        Provider provider = new Provider(
                "google-ai-studio",
                "Google AI Studio",
                WireFormat.GEMINI,
                baseUrl(),
                "GEMINI_API_KEY",
                DataPolicy.UNKNOWN,
                List.of("logit_bias"));
        Endpoint endpoint = new Endpoint(
                "google/" + upstreamModel,
                "google-ai-studio",
                "google-ai-studio",
                upstreamModel,
                Pricing.FREE,
                1_048_576,
                65_536L,
                null,
                List.of());
        return new UpstreamCall(
                new UpstreamTarget(provider, endpoint, API_KEY, false),
                (ObjectNode) Json.MAPPER.readTree(requestJson),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                new Cancellation(),
                Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
