package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bench.LoadClient.Exchange;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.Warmup.JitState;
import io.switchboard.bench.Warmup.Ticks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WarmupTest {

    private static final List<String> NAMES = List.of("direct", "gateway");

    /** Answers 200 at once and counts. */
    private static final class FakeSession implements Session {
        final AtomicLong sent = new AtomicLong();
        final int failFrom;

        FakeSession(int failFrom) {
            this.failFrom = failFrom;
        }

        @Override
        public Exchange send() {
            long n = sent.incrementAndGet();
            return new Exchange(n >= failFrom ? 500 : 200, "{}".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {}
    }

    private final FakeSession direct = new FakeSession(Integer.MAX_VALUE);
    private final FakeSession gateway = new FakeSession(Integer.MAX_VALUE);
    private final List<String> log = new ArrayList<>();

    private Warmup.Result run(BenchConfig cfg, Supplier<Optional<Ticks>> ticks) throws InterruptedException {
        return Warmup.run(
                NAMES,
                List.of(direct, gateway),
                cfg,
                100,
                ticks,
                batch -> batch.forEach(r -> {
                    if (r.errors().total() > 0) {
                        throw new IllegalStateException("failed: " + r.target());
                    }
                }),
                log::add);
    }

    /** The gateway's compiler busy (10 ticks per reading) for the first {@code busyReadings} readings. */
    private static Supplier<Optional<Ticks>> compilingFor(int busyReadings) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            int n = Math.min(calls.getAndIncrement(), busyReadings);
            return Optional.of(new Ticks(10L * n, 0));
        };
    }

    @Test
    void countOnlyWithoutJitSettle() throws Exception {
        AtomicInteger readings = new AtomicInteger();
        Warmup.Result r = run(BenchConfig.parse("--warmup-requests", "500", "--no-jit-settle"), () -> {
            readings.incrementAndGet();
            return Optional.empty();
        });
        assertThat(r.jit()).isEqualTo(JitState.NOT_CHECKED);
        assertThat(r.requestsPerPath()).containsExactly(500L, 500L);
        assertThat(direct.sent).hasValue(500);
        assertThat(gateway.sent).hasValue(500);
        assertThat(r.capReached()).isFalse();
        assertThat(r.settledAfterNanos()).isEqualTo(-1);
        assertThat(readings).hasValue(0);
    }

    @Test
    void continuesPastTheCountUntilTheJitIsQuiet() throws Exception {
        BenchConfig cfg =
                BenchConfig.parse("--warmup-requests", "200", "--jit-quiet-window", "40ms", "--warmup-max-time", "20s");
        // 10 ms readings, busy for the first 10
        Warmup.Result r = run(cfg, compilingFor(10));
        assertThat(r.jit()).isEqualTo(JitState.SETTLED);
        assertThat(r.capReached()).isFalse();
        assertThat(r.requestsPerPath().get(0))
                .isGreaterThan(200)
                .isEqualTo(r.requestsPerPath().get(1));
        assertThat(direct.sent.get()).isEqualTo(r.requestsPerPath().get(0));
        // busy for about 100 ms, then one quiet window of 40 ms
        assertThat(r.settledAfterNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(120).toNanos());
        assertThat(r.wallNanos()).isGreaterThanOrEqualTo(r.settledAfterNanos());
        assertThat(r.lastActivity())
                .hasValueSatisfying(a -> assertThat(a.gatewayPercent()).isZero());
    }

    @Test
    void stopsAtTheCapWhileStillCompiling() throws Exception {
        BenchConfig cfg = BenchConfig.parse(
                "--warmup-requests", "100", "--jit-quiet-window", "40ms", "--warmup-max-time", "300ms");
        Warmup.Result r = run(cfg, compilingFor(Integer.MAX_VALUE));
        assertThat(r.jit()).isEqualTo(JitState.STILL_COMPILING);
        assertThat(r.capReached()).isTrue();
        assertThat(r.settledAfterNanos()).isEqualTo(-1);
        assertThat(r.wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(r.requestsPerPath().get(0)).isGreaterThan(100);
        assertThat(r.lastActivity())
                .hasValueSatisfying(a -> assertThat(a.gatewayPercent()).isGreaterThan(100));
    }

    @Test
    void alreadyQuietJitEndsWithTheCountAfterOneWindow() throws Exception {
        BenchConfig cfg = BenchConfig.parse("--warmup-requests", "50000", "--jit-quiet-window", "40ms");
        Warmup.Result r = run(cfg, compilingFor(0));
        assertThat(r.jit()).isEqualTo(JitState.SETTLED);
        assertThat(r.requestsPerPath().get(0)).isGreaterThanOrEqualTo(50000);
    }

    @Test
    void unreadableProcFallsBackToTheCount() throws Exception {
        Warmup.Result r = run(BenchConfig.parse("--warmup-requests", "300"), Optional::empty);
        assertThat(r.jit()).isEqualTo(JitState.UNAVAILABLE);
        assertThat(r.requestsPerPath()).containsExactly(300L, 300L);
        assertThat(r.lastActivity()).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("count-only"));
    }

    @Test
    void failedRequestsAbortTheWarmup() {
        FakeSession failing = new FakeSession(20);
        assertThatThrownBy(() -> Warmup.run(
                        NAMES,
                        List.of(direct, failing),
                        BenchConfig.parse("--warmup-requests", "100", "--jit-quiet-window", "40ms"),
                        100,
                        compilingFor(0),
                        batch -> batch.forEach(r -> {
                            if (r.errors().total() > 0) {
                                throw new IllegalStateException("failed: " + r.target());
                            }
                        }),
                        log::add))
                .hasMessage("failed: gateway");
    }

    @Test
    void samplesFourTimesPerWindowAtMostEvery500ms() {
        assertThat(Warmup.sampleInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(Warmup.sampleInterval(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(500));
        assertThat(Warmup.sampleInterval(Duration.ofMillis(40))).isEqualTo(Duration.ofMillis(10));
    }
}
