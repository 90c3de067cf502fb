package io.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "has the JIT settled?" decision of the warm-up, over a stream of samples of the cumulative
 * compiler CPU ticks of all three JVMs (gateway, simulator and the load generator itself): settled
 * when, over the last {@code window}, the compiler threads of each JVM used at most
 * {@code quietPercent} percent of one CPU. Sliding: every sample is
 * compared with the latest sample at least one window older.
 */
final class JitSettle {

    /**
     * Cumulative compiler ticks of the gateway, the simulator and the load generator (this JVM) at
     * {@code nanos} ({@link System#nanoTime}).
     */
    record Point(long nanos, long gatewayTicks, long simulatorTicks, long loadGeneratorTicks) {}

    /** Compiler CPU of each JVM over one window, in percent of one CPU. */
    record Activity(double gatewayPercent, double simulatorPercent, double loadGeneratorPercent, long nanos) {

        /** {@code "gateway 37%, simulator 0%, load generator 4%"} */
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "gateway %.0f%%, simulator %.0f%%, load generator %.0f%%",
                    gatewayPercent,
                    simulatorPercent,
                    loadGeneratorPercent);
        }
    }

    private final long windowNanos;
    private final double quietPercent;
    private final long ticksPerSecond;
    private final List<Point> points = new ArrayList<>();

    JitSettle(Duration window, double quietPercent, long ticksPerSecond) {
        if (window.isZero() || window.isNegative() || ticksPerSecond <= 0) {
            throw new IllegalArgumentException("window and ticks per second must be positive");
        }
        this.windowNanos = window.toNanos();
        this.quietPercent = quietPercent;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Adds a sample (in time order) and returns the activity over the last window ending at it, or
     * empty while the samples span less than one window.
     */
    Optional<Activity> add(Point p) {
        points.addLast(p);
        long from = p.nanos() - windowNanos;
        // keep as head the latest sample at or before the window start
        while (points.size() > 1 && points.get(1).nanos() - from <= 0) {
            points.removeFirst();
        }
        Point head = points.getFirst();
        if (head == p || head.nanos() - from > 0) {
            return Optional.empty();
        }
        return Optional.of(activity(head, p, ticksPerSecond));
    }

    boolean isQuiet(Activity a) {
        return a.gatewayPercent() <= quietPercent
                && a.simulatorPercent() <= quietPercent
                && a.loadGeneratorPercent() <= quietPercent;
    }

    static Activity activity(Point from, Point to, long ticksPerSecond) {
        long nanos = to.nanos() - from.nanos();
        double cpuNanosPerTick = 1e9 / ticksPerSecond;
        return new Activity(
                percent(to.gatewayTicks() - from.gatewayTicks(), cpuNanosPerTick, nanos),
                percent(to.simulatorTicks() - from.simulatorTicks(), cpuNanosPerTick, nanos),
                percent(to.loadGeneratorTicks() - from.loadGeneratorTicks(), cpuNanosPerTick, nanos),
                nanos);
    }

    private static double percent(long ticks, double cpuNanosPerTick, long wallNanos) {
        return wallNanos <= 0 ? 0 : 100.0 * ticks * cpuNanosPerTick / wallNanos;
    }
}
