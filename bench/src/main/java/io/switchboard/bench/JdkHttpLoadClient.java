package io.switchboard.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link java.net.http.HttpClient} forced to HTTP/1.1, no proxy, no redirects. One client is shared
 * by all workers; its connection pool keeps one keep-alive connection per concurrent request.
 */
final class JdkHttpLoadClient implements LoadClient {

    private final HttpClient client;
    private final Duration requestTimeout;

    JdkHttpLoadClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout)
                .build();
    }

    @Override
    public Session open(Target target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.uri())
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(target.body()));
        target.headers().forEach(b::header);
        HttpRequest request = b.build();
        return new Session() {
            @Override
            public Exchange send() throws IOException, InterruptedException {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new Exchange(r.statusCode(), r.body());
            }

            @Override
            public void close() {
                // connections belong to the shared client
            }
        };
    }

    @Override
    public String description() {
        return "java.net.http.HttpClient (HTTP/1.1, keep-alive, shared pool)";
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
