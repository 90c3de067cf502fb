package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe count of failed requests by kind ("HTTP 429", "ConnectException", ...) plus one sample. */
final class ErrorTally {

    private static final int SAMPLE_CHARS = 300;

    private final ConcurrentHashMap<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstSample = new AtomicReference<>();

    void record(String kind, String detail) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (firstSample.get() == null) {
            String d = detail == null ? "" : detail.strip();
            if (d.length() > SAMPLE_CHARS) {
                d = d.substring(0, SAMPLE_CHARS) + "...";
            }
            firstSample.compareAndSet(null, kind + (d.isEmpty() ? "" : ": " + d));
        }
    }

    void recordHttp(int status, byte[] body) {
        record("HTTP " + status, body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    void recordException(Exception e) {
        record(e.getClass().getSimpleName(), e.getMessage());
    }

    long total() {
        long sum = 0;
        for (LongAdder a : byKind.values()) {
            sum += a.sum();
        }
        return sum;
    }

    Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** First recorded failure with detail, or null if none. */
    String firstSample() {
        return firstSample.get();
    }

    /** e.g. {@code "HTTP 429 x12, SocketTimeoutException x1"}, or {@code "-"} if there were none. */
    String summary() {
        Map<String, Long> m = byKind();
        if (m.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(k).append(" x").append(v);
        });
        return sb.toString();
    }
}
