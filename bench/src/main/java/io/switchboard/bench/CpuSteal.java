package io.switchboard.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * CPU time the hypervisor took from this VM during one measured window ("steal" in
 * {@code /proc/stat}), summed over all CPUs. On a shared VM it stalls every process alike, so it
 * inflates the latency of both paths and shows a noisy run apart from a real regression.
 *
 * @param stealTicks steal ticks in the window
 * @param totalTicks all CPU ticks in the window (user through steal, all CPUs); 0 if unknown
 */
record CpuSteal(long stealTicks, long totalTicks) {

    /** /proc/stat was unreadable at either end of the window, or its counters made no sense. */
    static final CpuSteal UNKNOWN = new CpuSteal(0, 0);

    static CpuSteal between(Optional<SystemCpuTimes> start, Optional<SystemCpuTimes> end) {
        if (start.isEmpty() || end.isEmpty()) {
            return UNKNOWN;
        }
        long steal = end.get().stealTicks() - start.get().stealTicks();
        long total = end.get().totalTicks() - start.get().totalTicks();
        // Some hypervisors have made the steal counter jump backwards (e.g. after live migration);
        // such a window has no trustworthy figure rather than a negative one.
        if (steal < 0 || total <= 0 || steal > total) {
            return UNKNOWN;
        }
        return new CpuSteal(steal, total);
    }

    boolean isKnown() {
        return totalTicks > 0;
    }

    /** Steal as a percentage of all CPU time in the window; NaN if unknown. */
    double percent() {
        return isKnown() ? 100.0 * stealTicks / totalTicks : Double.NaN;
    }

    /** {@code "3.1% (152 ticks)"} or {@code "n/a"}. */
    String describe() {
        return isKnown() ? String.format(Locale.ROOT, "%.1f%% (%d ticks)", percent(), stealTicks) : "n/a";
    }
}
