package io.switchboard.simulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against a real simulator, plus SSE and raw-socket helpers. */
final class SimulatorTestSupport {
    static final JsonMapper JSON = JsonMapper.shared();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static {
        // logback without configuration logs Jetty at DEBUG; keep test output readable
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    private SimulatorTestSupport() {}

    static Simulator start() throws Exception {
        return Simulator.start(SimulatorOptions.defaults());
    }

    static HttpResponse<String> post(Simulator simulator, String body, String... headers)
            throws IOException, InterruptedException {
        return postTo(simulator, "/chat/completions", body, withAuth(headers));
    }

    static HttpResponse<String> postWithoutAuth(Simulator simulator, String body, String... headers)
            throws IOException, InterruptedException {
        return postTo(simulator, "/chat/completions", body, headers);
    }

    static HttpResponse<String> postTo(Simulator simulator, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(Simulator simulator, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String[] withAuth(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer sk-test";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The {@code data:} payloads of an SSE body, in order, {@code [DONE]} included. */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            if (!block.startsWith("data: ") || block.indexOf('\n') >= 0) {
                throw new AssertionError("not a single-line data event: " + block);
            }
            events.add(block.substring("data: ".length()));
        }
        return events;
    }

    /** The chunk objects of an SSE body, {@code [DONE]} excluded. */
    static List<JsonNode> chunks(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events(body)) {
            if (!event.equals("[DONE]")) {
                chunks.add(json(event));
            }
        }
        return chunks;
    }

    static String chatRequest(String userText, boolean stream) {
        return """
                {"model":"gpt-4.1-nano","stream":%s,"stream_options":{"include_usage":true},
                 "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":%s}]}
                """.formatted(stream, JSON.writeValueAsString(userText));
    }

    /** A raw HTTP/1.1 exchange, for observing connection-level behaviour the JDK client hides. */
    static final class RawExchange implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final StringBuilder received = new StringBuilder();

        RawExchange(Simulator simulator, String body, String... headerLines) throws IOException {
            socket = new Socket("127.0.0.1", simulator.port());
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder()
                    .append("POST /v1/chat/completions HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\n")
                    .append("Authorization: Bearer sk-test\r\n")
                    .append("Content-Type: application/json\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            byte[] content = body.getBytes(UTF_8);
            request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(UTF_8));
            out.write(content);
            out.flush();
            in = socket.getInputStream();
        }

        /** Reads until {@code text} occurs {@code times} times in what was received. */
        String readUntil(String text, int times) throws IOException {
            byte[] buffer = new byte[4096];
            while (count(received, text) < times) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IOException("closed before '" + text + "' x" + times + ": " + received);
                }
                received.append(new String(buffer, 0, read, UTF_8));
            }
            return received.toString();
        }

        /** Reads with the given timeout; returns what arrived, or null on timeout. -1 length means closed. */
        String readFor(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buffer = new byte[4096];
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return "<closed>";
                }
                String text = new String(buffer, 0, read, UTF_8);
                received.append(text);
                return text;
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
        }

        /** Reads everything until the server closes the connection. */
        String readToClose() throws IOException {
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.append(new String(buffer, 0, read, UTF_8));
            }
            return received.toString();
        }

        private static int count(CharSequence haystack, String needle) {
            int count = 0;
            int from = 0;
            String text = haystack.toString();
            while ((from = text.indexOf(needle, from)) >= 0) {
                count++;
                from += needle.length();
            }
            return count;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Polls until the condition holds or the timeout passes. */
    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
