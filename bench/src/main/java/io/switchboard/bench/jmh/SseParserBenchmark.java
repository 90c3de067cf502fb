package io.switchboard.bench.jmh;

import io.switchboard.providers.http.SseEvent;
import io.switchboard.providers.http.SseParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Parsing cost of a typical streamed completion: 200 OpenAI content chunks, then [DONE]. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseParserBenchmark {
    private byte[] stream;

    @Setup
    public void setUp() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            body.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,")
                    .append("\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word")
                    .append(i)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        body.append("data: [DONE]\n\n");
        stream = body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void parseStream(Blackhole blackhole) throws IOException {
        SseParser parser = new SseParser(new ByteArrayInputStream(stream));
        SseEvent event;
        while ((event = parser.next()) != null) {
            blackhole.consume(event);
        }
    }
}
