package io.switchboard.providers.openai;

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
 * An OpenAI-compatible host on loopback (the JDK's HTTP server): replays one prepared answer, a JSON body with a status
 * or an SSE stream framed as OpenAI frames it ({@code data: <chunk>} per event, then {@code data: [DONE]}), and
 * remembers the last request.
 */
final class OpenAiStub implements AutoCloseable {
    static final String API_KEY = "sk-test-openai-compatible";

    /** What the stub received last. */
    record Received(String path, String authorization, String accept, JsonNode body) {}

    private final HttpServer server;
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile byte[] reply = new byte[0];
    private volatile Received received;

    private OpenAiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static OpenAiStub start() throws IOException {
        return new OpenAiStub();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void replyJson(int newStatus, String body) {
        status = newStatus;
        contentType = "application/json";
        reply = body.getBytes(UTF_8);
    }

    /** Replays recorded chunks as OpenAI streams them: {@code data: <chunk>\n\n} each, then {@code data: [DONE]}. */
    void replySse(List<String> chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append("data: ").append(chunk).append("\n\n");
        }
        body.append("data: [DONE]\n\n");
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
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
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

    /** One attempt at the stub as provider {@code slug}, with an OpenAI-shaped request. */
    UpstreamCall call(String slug, String upstreamModel, String requestJson) {
        Provider provider = new Provider(
                slug, slug, WireFormat.OPENAI, baseUrl(), "TEST_API_KEY", DataPolicy.UNKNOWN, List.of("logit_bias"));
        Endpoint endpoint = new Endpoint(
                "test/" + upstreamModel, slug, slug, upstreamModel, Pricing.FREE, 128_000, null, null, List.of());
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
