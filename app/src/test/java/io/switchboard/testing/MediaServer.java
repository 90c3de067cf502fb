package io.switchboard.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback web server with media to fetch (the JDK's HTTP server): {@code /cat.png} (a 1×1 PNG), {@code /doc.pdf},
 * {@code /blob} (the PNG as {@code application/octet-stream}), {@code /page.html}, {@code /missing} (404),
 * {@code /redirect/N} (N redirects, then the PNG), {@code /big} (a {@code Content-Length} of 64 MiB, 1 KiB sent),
 * {@code /stream/N} (N KiB of PNG-typed bytes, chunked, no length). Remembers every path requested.
 */
public final class MediaServer implements AutoCloseable {
    public static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    public static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(UTF_8);

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private MediaServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static MediaServer start() throws IOException {
        return new MediaServer();
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The paths requested so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            if (path.equals("/cat.png")) {
                send(exchange, 200, "image/png", PNG);
            } else if (path.equals("/doc.pdf")) {
                send(exchange, 200, "application/pdf", PDF);
            } else if (path.equals("/blob")) {
                send(exchange, 200, "application/octet-stream", PNG);
            } else if (path.equals("/page.html")) {
                send(exchange, 200, "text/html; charset=utf-8", "<html></html>".getBytes(UTF_8));
            } else if (path.startsWith("/redirect/")) {
                int left = Integer.parseInt(path.substring("/redirect/".length()));
                exchange.getResponseHeaders().set("Location", left <= 1 ? "/cat.png" : "/redirect/" + (left - 1));
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/big")) {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.getResponseHeaders().set("Content-Length", Long.toString(64L * 1024 * 1024));
                exchange.sendResponseHeaders(200, 64L * 1024 * 1024);
                // The client gives up on the length alone; only a little is sent.
                try {
                    OutputStream out = exchange.getResponseBody();
                    out.write(new byte[1024]);
                    out.flush();
                } catch (IOException e) {
                    // The client aborted.
                }
            } else if (path.startsWith("/stream/")) {
                int kib = Integer.parseInt(path.substring("/stream/".length()));
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] block = new byte[1024];
                    for (int i = 0; i < kib; i++) {
                        out.write(block);
                    }
                } catch (IOException e) {
                    // The client aborted once it had enough.
                }
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(UTF_8));
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
