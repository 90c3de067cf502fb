package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long the web app's pages take, measured from a client on loopback against a running gateway (started by
 * {@code bench/pages}, which also sends traffic first so the pages have data to show). Each page is fetched
 * sequentially: warm-up, then the measured requests; the report gives client-side latency percentiles, the body size
 * and the gateway's own template time from its {@code Server-Timing} header.
 *
 * <p>Usage: {@code PageLatencyBenchmark ORIGIN WARMUP REQUESTS PATH...}
 */
public final class PageLatencyBenchmark {
    private PageLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PageLatencyBenchmark ORIGIN WARMUP REQUESTS PATH...");
            System.exit(2);
        }
        String origin = args[0];
        int warmup = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> rows = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            rows.add(measure(http, origin, args[i], warmup, requests));
        }
        System.out.println("| Page | n | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | template p50 (ms) | body |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String measure(HttpClient http, String origin, String path, int warmup, int requests)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + path))
                .header("Accept", "text/html")
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        for (int i = 0; i < warmup; i++) {
            send(http, request, path);
        }
        long[] latencies = new long[requests];
        long[] renders = new long[requests];
        int bytes = 0;
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = send(http, request, path);
            latencies[i] = System.nanoTime() - started;
            bytes = response.body().length;
            renders[i] =
                    renderNanos(response.headers().firstValue("Server-Timing").orElse(""));
        }
        LatencyStats latency = LatencyStats.of(latencies);
        LatencyStats render = LatencyStats.of(renders);
        return String.format(
                Locale.ROOT,
                "| `%s` | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %,d B |",
                path,
                requests,
                millis(latency.percentile(50)),
                millis(latency.percentile(90)),
                millis(latency.percentile(99)),
                millis(latency.max()),
                millis(render.percentile(50)),
                bytes);
    }

    private static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, String path)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered HTTP " + response.statusCode());
        }
        return response;
    }

    /** {@code render;dur=1.25} → nanoseconds; 0 when the header is missing. */
    private static long renderNanos(String serverTiming) {
        int at = serverTiming.indexOf("dur=");
        if (at < 0) {
            return 0;
        }
        int end = at + 4;
        while (end < serverTiming.length()
                && (Character.isDigit(serverTiming.charAt(end)) || serverTiming.charAt(end) == '.')) {
            end++;
        }
        return (long) (Double.parseDouble(serverTiming.substring(at + 4, end)) * 1_000_000);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
