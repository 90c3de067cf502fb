package io.switchboard.bench;

import io.switchboard.bench.JitSettle.Activity;
import io.switchboard.bench.JitSettle.Point;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The concurrency-1 warm-up: interleaved requests (the same traffic as the measured phase) until
 * {@code --warmup-requests} per path are done and, unless {@code --no-jit-settle}, the JIT compiler
 * threads of all three JVMs (gateway, simulator and this load generator) have been quiet for
 * {@code --jit-quiet-window}; never longer than {@code --warmup-max-time}.
 */
final class Warmup {

    static final Duration MAX_SAMPLE_INTERVAL = Duration.ofMillis(500);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    /** How the warm-up ended as far as the JIT is concerned. */
    enum JitState {
        /** Compiler threads of all three JVMs quiet over the last window. */
        SETTLED,
        /** The cap ran out while a compiler was still busy. */
        STILL_COMPILING,
        /** {@code --no-jit-settle}: count-only warm-up. */
        NOT_CHECKED,
        /** Compiler threads could not be read (no {@code /proc}): count-only warm-up. */
        UNAVAILABLE
    }

    /**
     * Cumulative compiler ticks of the gateway, the simulator and the load generator (this JVM), see
     * {@link JitActivity.Tracker}.
     */
    record Ticks(long gateway, long simulator, long loadGenerator) {}

    /**
     * @param requestsPerPath requests sent to each target (successful or not), in target order
     * @param wallNanos wall time of the whole warm-up
     * @param settledAfterNanos since the warm-up start, when the final quiet window was first seen;
     *     -1 unless {@link JitState#SETTLED}
     * @param lastActivity compiler CPU over the last complete window, if there was one
     * @param capReached the warm-up ended because {@code --warmup-max-time} ran out
     */
    record Result(
            List<Long> requestsPerPath,
            long wallNanos,
            JitState jit,
            long settledAfterNanos,
            Optional<Activity> lastActivity,
            boolean capReached) {

        Result {
            requestsPerPath = List.copyOf(requestsPerPath);
        }
    }

    private Warmup() {}

    /**
     * Reads the cumulative compiler ticks of the gateway, the simulator and the load generator (pass
     * {@code ProcessHandle.current().pid()}) through {@code proc}; empty if any of the three cannot be
     * read.
     */
    static Supplier<Optional<Ticks>> jitTicks(
            JitActivity proc, long gatewayPid, long simulatorPid, long loadGeneratorPid) {
        JitActivity.Tracker gateway = new JitActivity.Tracker(proc, gatewayPid);
        JitActivity.Tracker simulator = new JitActivity.Tracker(proc, simulatorPid);
        JitActivity.Tracker loadGenerator = new JitActivity.Tracker(proc, loadGeneratorPid);
        return () -> {
            // read all three every time, so that each tracker's previous sample stays current
            long g = gateway.cumulativeTicks();
            long s = simulator.cumulativeTicks();
            long l = loadGenerator.cumulativeTicks();
            return g < 0 || s < 0 || l < 0 ? Optional.empty() : Optional.of(new Ticks(g, s, l));
        };
    }

    /** Sampling step for a quiet window: a quarter of it (500 ms for the default 2 s), at most 500 ms. */
    static Duration sampleInterval(Duration window) {
        Duration quarter = window.dividedBy(4);
        Duration step = quarter.compareTo(MAX_SAMPLE_INTERVAL) < 0 ? quarter : MAX_SAMPLE_INTERVAL;
        return step.isZero() ? Duration.ofMillis(1) : step;
    }

    /**
     * @param jitTicks reads the three JVMs' cumulative compiler ticks; empty if any is unreadable
     * @param checkBatch called with every batch's results, throws to abort on failed requests
     */
    static Result run(
            List<String> names,
            List<Session> sessions,
            BenchConfig cfg,
            long ticksPerSecond,
            Supplier<Optional<Ticks>> jitTicks,
            Consumer<List<PhaseResult>> checkBatch,
            Consumer<String> log)
            throws InterruptedException {
        int k = sessions.size();
        long[] sent = new long[k];
        long start = System.nanoTime();
        long capNanos = cfg.warmupMaxTime().toNanos();
        long stepNanos = sampleInterval(cfg.jitQuietWindow()).toNanos();
        long progressNanos = PROGRESS_INTERVAL.toNanos();

        JitSettle settle = null;
        JitState state = JitState.NOT_CHECKED;
        if (cfg.jitSettle()) {
            Optional<Ticks> t = jitTicks.get();
            if (t.isPresent()) {
                settle = new JitSettle(cfg.jitQuietWindow(), cfg.jitQuietPercent(), ticksPerSecond);
                settle.add(point(System.nanoTime(), t.get()));
                state = JitState.STILL_COMPILING;
            } else {
                state = JitState.UNAVAILABLE;
                log.accept("warm-up: JIT compiler threads not readable (no /proc?) - count-only warm-up");
            }
        }
        Optional<Activity> last = Optional.empty();
        long quietSince = -1;
        long nextProgress = start + progressNanos;
        boolean capReached = false;

        while (true) {
            long done = min(sent);
            boolean countDone = done >= cfg.warmupRequests();
            if (countDone && (settle == null || quietSince >= 0)) {
                break;
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed >= capNanos) {
                capReached = true;
                break;
            }
            long remaining = capNanos - elapsed;
            int batchRequests = countDone ? Integer.MAX_VALUE : (int) (cfg.warmupRequests() - done);
            long batchNanos = settle == null ? remaining : Math.min(remaining, stepNanos);
            // The very loop the measured phase runs, recording included: a loop compiled without ever recording would
            // be
            // deoptimised and compiled again by the load generator's JIT just as the measurement starts.
            List<PhaseResult> batch =
                    LoadGenerator.interleaved(names, sessions, batchRequests, Duration.ofNanos(batchNanos));
            checkBatch.accept(batch);
            for (int i = 0; i < k; i++) {
                sent[i] += batch.get(i).ok() + batch.get(i).errors().total();
            }
            if (settle == null) {
                continue;
            }
            Optional<Ticks> t = jitTicks.get();
            long now = System.nanoTime();
            if (t.isEmpty()) {
                settle = null;
                state = JitState.UNAVAILABLE;
                last = Optional.empty();
                quietSince = -1;
                log.accept("warm-up: JIT compiler threads no longer readable - count-only warm-up");
                continue;
            }
            last = settle.add(point(now, t.get()));
            if (last.isPresent() && settle.isQuiet(last.get())) {
                if (quietSince < 0) {
                    quietSince = now - start;
                }
            } else {
                quietSince = -1;
            }
            if (now - nextProgress >= 0 && last.isPresent()) {
                nextProgress = now + progressNanos;
                long secs = TimeUnit.NANOSECONDS.toSeconds(now - start);
                if (quietSince >= 0) {
                    log.accept("warm-up: JIT quiet (" + last.get().describe() + "), " + min(sent) + " of "
                            + cfg.warmupRequests() + " requests per path, " + secs + " s");
                } else {
                    log.accept("warm-up: JIT still compiling (" + last.get().describe() + ") after " + min(sent)
                            + " requests, " + secs + " s");
                }
            }
        }
        long wall = System.nanoTime() - start;
        if (settle != null) {
            state = quietSince >= 0 ? JitState.SETTLED : JitState.STILL_COMPILING;
        }
        List<Long> perPath = Arrays.stream(sent).boxed().toList();
        return new Result(perPath, wall, state, state == JitState.SETTLED ? quietSince : -1, last, capReached);
    }

    private static Point point(long nanos, Ticks t) {
        return new Point(nanos, t.gateway(), t.simulator(), t.loadGenerator());
    }

    private static long min(long[] a) {
        long m = Long.MAX_VALUE;
        for (long v : a) {
            m = Math.min(m, v);
        }
        return a.length == 0 ? 0 : m;
    }
}
