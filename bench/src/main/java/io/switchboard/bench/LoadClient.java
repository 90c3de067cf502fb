package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP/1.1 keep-alive load generator client. Each worker thread uses its own {@link Session}. */
interface LoadClient extends AutoCloseable {

    /** A fixed POST request that is sent repeatedly. */
    record Target(String name, URI uri, Map<String, String> headers, byte[] body) {
        public Target {
            if (!"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("only plain http targets are supported: " + uri);
            }
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        static Target jsonPost(String name, URI uri, String bearerToken, byte[] body) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("Accept", "application/json");
            h.put("Authorization", "Bearer " + bearerToken);
            return new Target(name, uri, h, body);
        }
    }

    /** Status code and complete response body. */
    record Exchange(int status, byte[] body) {}

    /** A worker's view of the client: for the socket client, one dedicated keep-alive connection. */
    interface Session extends AutoCloseable {
        /** Sends the target request once and reads the whole response. */
        Exchange send() throws IOException, InterruptedException;

        @Override
        void close();
    }

    Session open(Target target);

    /** Human-readable description for the report. */
    String description();

    @Override
    void close();

    static LoadClient create(String kind, Duration requestTimeout) {
        return switch (kind) {
            case "jdk" -> new JdkHttpLoadClient(requestTimeout);
            case "socket" -> new SocketLoadClient(requestTimeout);
            default -> throw new IllegalArgumentException("unknown client '" + kind + "' (expected jdk or socket)");
        };
    }
}
