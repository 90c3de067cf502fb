package io.switchboard.providers.anthropic;

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
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A loopback stub of the Anthropic API that replays one recorded response, plus request builders. */
final class AnthropicTestSupport {
    private AnthropicTestSupport() {}

    static final List<String> SUPPORTED = List.of(
            "include_reasoning",
            "max_completion_tokens",
            "max_tokens",
            "reasoning",
            "response_format",
            "stop",
            "structured_outputs",
            "temperature",
            "tool_choice",
            "tools",
            "top_k",
            "top_p");

    static UpstreamTarget target(String baseUrl, Long maxOutput) {
        Provider provider = new Provider(
                "anthropic",
                "Anthropic",
                WireFormat.ANTHROPIC,
                baseUrl,
                "ANTHROPIC_API_KEY",
                DataPolicy.UNKNOWN,
                List.of("frequency_penalty", "presence_penalty", "seed"));
        Endpoint endpoint = new Endpoint(
                "anthropic/claude-sonnet-4.5",
                "anthropic",
                "anthropic",
                "claude-sonnet-4-5",
                Pricing.FREE,
                1_000_000,
                maxOutput,
                null,
                SUPPORTED);
        return new UpstreamTarget(provider, endpoint, "sk-ant-test", false);
    }

    static UpstreamTarget target() {
        return target("https://api.anthropic.com", 64_000L);
    }

    static UpstreamCall call(String baseUrl, String requestJson) {
        return new UpstreamCall(
                target(baseUrl, 64_000L),
                (ObjectNode) Json.MAPPER.readTree(requestJson),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                new Cancellation(),
                Map.of());
    }

    static ObjectNode json(String text) {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    static String fixture(String name) {
        try (InputStream in = AnthropicTestSupport.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A recording's lines framed as Anthropic sends them: {@code event: <type>\ndata: <line>\n\n}. */
    static String sse(String chunks) {
        StringBuilder body = new StringBuilder();
        for (String line : chunks.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            String type = Json.MAPPER.readTree(line).path("type").asString();
            body.append("event: ")
                    .append(type)
                    .append('\n')
                    .append("data: ")
                    .append(line)
                    .append("\n\n");
        }
        return body.toString();
    }

    /** Serves one canned response on {@code POST /v1/messages} and remembers the last request. */
    static final class Stub implements AutoCloseable {
        private final HttpServer server;
        private volatile int status = 200;
        private volatile String contentType = "application/json";
        private volatile String body = "{}";
        private volatile Map<String, String> extraHeaders = Map.of();
        volatile String lastPath;
        volatile String lastApiKey;
        volatile String lastVersion;
        volatile String lastContentType;
        volatile JsonNode lastBody;

        Stub() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::serve);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Stub json(int status, String body) {
            this.status = status;
            this.contentType = "application/json";
            this.body = body;
            this.extraHeaders = Map.of();
            return this;
        }

        Stub events(String sseBody) {
            this.status = 200;
            this.contentType = "text/event-stream; charset=utf-8";
            this.body = sseBody;
            this.extraHeaders = Map.of();
            return this;
        }

        Stub header(String name, String value) {
            this.extraHeaders = Map.of(name, value);
            return this;
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                lastPath = exchange.getRequestURI().getPath();
                lastApiKey = exchange.getRequestHeaders().getFirst("x-api-key");
                lastVersion = exchange.getRequestHeaders().getFirst("anthropic-version");
                lastContentType = exchange.getRequestHeaders().getFirst("content-type");
                lastBody = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
                byte[] bytes = body.getBytes(UTF_8);
                exchange.getResponseHeaders().set("content-type", contentType);
                extraHeaders.forEach(
                        (name, value) -> exchange.getResponseHeaders().set(name, value));
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
