package io.switchboard.bench;

import java.util.Arrays;

/**
 * Exact latency statistics over a set of samples (nanoseconds), computed by sorting.
 *
 * <p>Percentiles use the nearest-rank definition: the p-th percentile of n sorted samples is the
 * sample at 1-based rank {@code ceil(p/100 * n)} (rank 1 for p = 0). No interpolation, so every
 * reported value is a latency that was actually observed.
 */
public final class LatencyStats {

    private final long[] sorted;

    private LatencyStats(long[] sorted) {
        this.sorted = sorted;
    }

    /** Statistics over the first {@code count} entries of {@code samples}; the array is not modified. */
    public static LatencyStats of(long[] samples, int count) {
        if (count < 0 || count > samples.length) {
            throw new IllegalArgumentException("count " + count + " out of range 0.." + samples.length);
        }
        long[] copy = Arrays.copyOf(samples, count);
        Arrays.sort(copy);
        return new LatencyStats(copy);
    }

    public static LatencyStats of(long... samples) {
        return of(samples, samples.length);
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /** Nearest-rank percentile, {@code 0 <= p <= 100}. */
    public long percentile(double p) {
        if (!(p >= 0.0 && p <= 100.0)) {
            throw new IllegalArgumentException("percentile must be within [0, 100]: " + p);
        }
        requireSamples();
        int n = sorted.length;
        // p * n first keeps integral cases exact (99 * 100 / 100 == 99); the epsilon absorbs binary
        // representation error such as 99.9 * 1000 = 99900.00000000001, which would otherwise round
        // the rank up by one.
        long rank = (long) Math.ceil(p * n / 100.0 - 1e-9);
        int index = Math.clamp(rank - 1, 0, n - 1);
        return sorted[index];
    }

    public long min() {
        requireSamples();
        return sorted[0];
    }

    public long max() {
        requireSamples();
        return sorted[sorted.length - 1];
    }

    public double mean() {
        requireSamples();
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    private void requireSamples() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
    }
}
