package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bench.JitSettle.Activity;
import io.switchboard.bench.LoadClient.Exchange;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.Warmup.JitState;
import io.switchboard.bench.Warmup.Ticks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    /** Which JVM's compiler the fake readings keep busy (10 ticks per reading); the other two stay quiet. */
    enum BusyCompiler {
        GATEWAY(n -> new Ticks(10L * n, 0, 0), Activity::gatewayPercent),
        LOAD_GENERATOR(n -> new Ticks(0, 0, 10L * n), Activity::loadGeneratorPercent);

        private final IntFunction<Ticks> ticks;
        private final ToDoubleFunction<Activity> percent;

        BusyCompiler(IntFunction<Ticks> ticks, ToDoubleFunction<Activity> percent) {
            this.ticks = ticks;
            this.percent = percent;
        }

        /** Busy for the first {@code busyReadings} readings, quiet after. */
        Supplier<Optional<Ticks>> compilingFor(int busyReadings) {
            return readings(busyReadings, ticks);
        }

        double busyPercent(Activity a) {
            return percent.applyAsDouble(a);
        }

        double othersPercent(Activity a) {
            return a.gatewayPercent() + a.simulatorPercent() + a.loadGeneratorPercent() - busyPercent(a);
        }
    }

    private static Supplier<Optional<Ticks>> compilingFor(int busyReadings) {
        return BusyCompiler.GATEWAY.compilingFor(busyReadings);
    }

    /** Reading i gives {@code ticks(min(i, busyReadings))}. */
    private static Supplier<Optional<Ticks>> readings(int busyReadings, IntFunction<Ticks> ticks) {
        AtomicInteger calls = new AtomicInteger();
        return () -> Optional.of(ticks.apply(Math.min(calls.getAndIncrement(), busyReadings)));
    }

    /** A fake {@code /proc/<pid>/task/<tid>} with a C2 compiler thread that has used {@code ticks}. */
    private static void c2Thread(Path proc, long pid, long tid, long ticks) throws IOException {
        Path dir = Files.createDirectories(
                proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("comm"), "C2 CompilerThre\n");
        Files.writeString(
                dir.resolve("stat"),
                tid + " (C2 CompilerThre) S 1 " + pid + " " + pid + " 0 -1 4194624 1500 0 0 0 " + ticks
                        + " 0 0 0 20 0 40 0 123456 5000000000 45000 18446744073709551615\n");
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

    @ParameterizedTest
    @EnumSource(BusyCompiler.class)
    void continuesPastTheCountUntilTheJitIsQuiet(BusyCompiler busy) throws Exception {
        BenchConfig cfg =
                BenchConfig.parse("--warmup-requests", "200", "--jit-quiet-window", "40ms", "--warmup-max-time", "20s");
        // 10 ms readings, busy for the first 10
        Warmup.Result r = run(cfg, busy.compilingFor(10));
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
                .hasValueSatisfying(a -> assertThat(busy.busyPercent(a)).isZero());
    }

    @ParameterizedTest
    @EnumSource(BusyCompiler.class)
    void stopsAtTheCapWhileStillCompiling(BusyCompiler busy) throws Exception {
        BenchConfig cfg = BenchConfig.parse(
                "--warmup-requests", "100", "--jit-quiet-window", "40ms", "--warmup-max-time", "300ms");
        Warmup.Result r = run(cfg, busy.compilingFor(Integer.MAX_VALUE));
        assertThat(r.jit()).isEqualTo(JitState.STILL_COMPILING);
        assertThat(r.capReached()).isTrue();
        assertThat(r.settledAfterNanos()).isEqualTo(-1);
        assertThat(r.wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(r.requestsPerPath().get(0)).isGreaterThan(100);
        assertThat(r.lastActivity()).hasValueSatisfying(a -> {
            assertThat(busy.busyPercent(a)).isGreaterThan(100);
            assertThat(busy.othersPercent(a)).isZero();
        });
    }

    @Test
    void readsTheCompilerTicksOfAllThreeJvms(@TempDir Path proc) throws IOException {
        long gw = 100;
        long sim = 200;
        long self = 300;
        c2Thread(proc, gw, 101, 1_000);
        c2Thread(proc, sim, 201, 2_000);
        c2Thread(proc, self, 301, 3_000);
        Supplier<Optional<Ticks>> ticks = Warmup.jitTicks(new JitActivity(proc), gw, sim, self);
        assertThat(ticks.get()).contains(new Ticks(0, 0, 0));
        c2Thread(proc, gw, 101, 1_005);
        c2Thread(proc, sim, 201, 2_007);
        c2Thread(proc, self, 301, 3_011);
        assertThat(ticks.get()).contains(new Ticks(5, 7, 11));
        c2Thread(proc, self, 302, 4); // this JVM starts a second C2 thread
        assertThat(ticks.get()).contains(new Ticks(5, 7, 15));
    }

    @Test
    void unreadableLoadGeneratorMakesTheReadingUnavailable(@TempDir Path proc) throws IOException {
        c2Thread(proc, 100, 101, 10);
        c2Thread(proc, 200, 201, 20);
        assertThat(Warmup.jitTicks(new JitActivity(proc), 100, 200, 300).get()).isEmpty();
        c2Thread(proc, 300, 301, 30);
        assertThat(Warmup.jitTicks(new JitActivity(proc), 100, 200, 300).get()).isPresent();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsItsOwnJvmAsTheLoadGenerator() {
        long self = ProcessHandle.current().pid();
        Supplier<Optional<Ticks>> ticks = Warmup.jitTicks(JitActivity.system(), self, self, self);
        assertThat(ticks.get()).contains(new Ticks(0, 0, 0));
        assertThat(ticks.get())
                .hasValueSatisfying(t -> assertThat(t.loadGenerator()).isNotNegative());
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
