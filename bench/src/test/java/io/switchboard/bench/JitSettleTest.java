package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.bench.JitSettle.Activity;
import io.switchboard.bench.JitSettle.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class JitSettleTest {

    private static final long MS = 1_000_000;
    private static final Duration WINDOW = Duration.ofSeconds(2);

    /**
     * Samples every 500 ms from t = 0 to {@code untilMs}; per 500 ms step the gateway's compiler uses
     * {@code gwTicksPerStep(step)} ticks and the simulator's {@code simTicksPerStep}; the load
     * generator's compiler is idle.
     */
    private static List<Point> samples(long untilMs, IntUnaryOperator gwTicksPerStep, int simTicksPerStep) {
        return samples(untilMs, gwTicksPerStep, simTicksPerStep, step -> 0);
    }

    /** As above, the load generator's compiler using {@code loadGenTicksPerStep(step)} ticks per step. */
    private static List<Point> samples(
            long untilMs, IntUnaryOperator gwTicksPerStep, int simTicksPerStep, IntUnaryOperator loadGenTicksPerStep) {
        List<Point> out = new ArrayList<>();
        long gw = 0;
        long sim = 0;
        long loadGen = 0;
        for (int step = 0; step * 500L <= untilMs; step++) {
            if (step > 0) {
                gw += gwTicksPerStep.applyAsInt(step);
                sim += simTicksPerStep;
                loadGen += loadGenTicksPerStep.applyAsInt(step);
            }
            out.add(new Point(step * 500 * MS, gw, sim, loadGen));
        }
        return out;
    }

    /** The time of the first sample at which the JIT counts as settled, as the warm-up decides it. */
    private static OptionalLong settledAt(
            List<Point> samples, Duration window, double quietPercent, long ticksPerSecond) {
        JitSettle s = new JitSettle(window, quietPercent, ticksPerSecond);
        for (Point p : samples) {
            Optional<Activity> a = s.add(p);
            if (a.isPresent() && s.isQuiet(a.get())) {
                return OptionalLong.of(p.nanos());
            }
        }
        return OptionalLong.empty();
    }

    @Test
    void settlesOneWindowAfterCompilationStops() {
        // C2 busy at 50% of a CPU (25 ticks per 500 ms at 100 ticks/s) for 30 s, then idle
        List<Point> s = samples(60_000, step -> step <= 60 ? 25 : 0, 0);
        assertThat(settledAt(s, WINDOW, 2.0, 100)).hasValue(32_000 * MS);
    }

    @Test
    void neverSettlesWhileOneJvmKeepsCompiling() {
        // gateway idle, simulator at 10% of one CPU until the cap ends the samples
        List<Point> s = samples(120_000, step -> 0, 5);
        assertThat(settledAt(s, WINDOW, 2.0, 100)).isEmpty();
    }

    @Test
    void neverSettlesWhileOnlyTheLoadGeneratorKeepsCompiling() {
        // gateway and simulator idle, the load generator's own C2 at 10% of one CPU
        List<Point> s = samples(120_000, step -> 0, 0, step -> 5);
        assertThat(settledAt(s, WINDOW, 2.0, 100)).isEmpty();
    }

    @Test
    void waitsForTheLoadGeneratorsCompilerToo() {
        // the child JVMs are quiet from the start; the load generator compiles for the first 10 s
        List<Point> s = samples(60_000, step -> 0, 0, step -> step <= 20 ? 25 : 0);
        assertThat(settledAt(s, WINDOW, 2.0, 100)).hasValue(12_000 * MS);
        // without it, the same samples would have settled after the first window
        List<Point> childrenOnly = samples(60_000, step -> 0, 0);
        assertThat(settledAt(childrenOnly, WINDOW, 2.0, 100)).hasValue(2_000 * MS);
    }

    @Test
    void thresholdIsInclusive() {
        // exactly 2% of one CPU: 1 tick per 500 ms
        assertThat(settledAt(samples(4_000, step -> 1, 1, step -> 1), WINDOW, 2.0, 100))
                .hasValue(2_000 * MS);
        // a bit more than 2% in the gateway: 1 tick per step plus one extra every other step
        assertThat(settledAt(samples(10_000, step -> 1 + step % 2, 0), WINDOW, 2.0, 100))
                .isEmpty();
        // ... and likewise in the load generator
        assertThat(settledAt(samples(10_000, step -> 0, 0, step -> 1 + step % 2), WINDOW, 2.0, 100))
                .isEmpty();
    }

    @Test
    void needsAFullWindowOfSamples() {
        JitSettle s = new JitSettle(WINDOW, 2.0, 100);
        assertThat(s.add(new Point(0, 0, 0, 0))).isEmpty();
        assertThat(s.add(new Point(500 * MS, 0, 0, 0))).isEmpty();
        assertThat(s.add(new Point(1_999 * MS, 0, 0, 0))).isEmpty();
        Optional<Activity> a = s.add(new Point(2_000 * MS, 0, 0, 0));
        assertThat(a).isPresent();
        assertThat(s.isQuiet(a.get())).isTrue();
    }

    @Test
    void slidingWindowComparesWithTheLatestSampleAtLeastOneWindowOld() {
        JitSettle s = new JitSettle(WINDOW, 2.0, 100);
        s.add(new Point(0, 0, 0, 0));
        s.add(new Point(600 * MS, 100, 0, 0)); // a burst early on
        s.add(new Point(1_300 * MS, 100, 0, 0));
        // at 2.6 s the window starts at 0.6 s: the burst is outside it
        Activity a = s.add(new Point(2_600 * MS, 100, 0, 0)).orElseThrow();
        assertThat(a.nanos()).isEqualTo(2_000 * MS);
        assertThat(a.gatewayPercent()).isZero();
        assertThat(s.isQuiet(a)).isTrue();
    }

    @Test
    void percentOfOneCpu() {
        // 80 ticks of 10 ms over 2 s = 0.8 s of CPU in 2 s = 40%
        Activity a = JitSettle.activity(new Point(0, 0, 0, 10), new Point(2_000 * MS, 80, 1, 20), 100);
        assertThat(a.gatewayPercent()).isCloseTo(40.0, within(1e-9));
        assertThat(a.simulatorPercent()).isCloseTo(0.5, within(1e-9));
        assertThat(a.loadGeneratorPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(a.describe()).isEqualTo("gateway 40%, simulator 1%, load generator 5%");
    }
}
