package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every measured concurrency-1 request as one TSV line: start (epoch microseconds), path, latency (microseconds). For
 * lining the slow requests up with other timelines (GC logs, {@code perf sched}) after a run; percentiles alone do not
 * say which requests were slow, or when.
 */
final class SampleLog {
    private final long originNanos = System.nanoTime();
    private final long originEpochMicros = System.currentTimeMillis() * 1_000;
    private final StringBuilder lines = new StringBuilder(1 << 16);

    void add(long startNanos, String path, long latencyNanos) {
        lines.append(originEpochMicros + (startNanos - originNanos) / 1_000)
                .append('\t')
                .append(path)
                .append('\t')
                .append(latencyNanos / 1_000)
                .append('\n');
    }

    void writeTo(Path file) throws IOException {
        Files.writeString(file, "start_epoch_us\tpath\tlatency_us\n" + lines, StandardCharsets.UTF_8);
    }
}
