package io.switchboard.routing;

/**
 * Fixed log-scale histograms kept as plain {@code int[]} bins: bin {@code i} holds values in {@code [min * 1.2^i, min *
 * 1.2^(i+1))}, so a percentile read back is within 10% of the true value, whatever the traffic, in constant memory.
 * Bins are merged by adding them, which is what per-minute buckets and multi-node rollups need.
 */
final class LogHistogram {
    static final int BINS = 80;
    private static final double RATIO = 1.2;
    private static final double LOG_RATIO = Math.log(RATIO);

    private LogHistogram() {}

    static int bin(double value, double min) {
        if (!(value > min)) {
            return 0;
        }
        int bin = (int) (Math.log(value / min) / LOG_RATIO);
        return Math.min(bin, BINS - 1);
    }

    /** The geometric middle of a bin: what every value in it reads back as. */
    static double value(int bin, double min) {
        return min * Math.pow(RATIO, bin + 0.5);
    }

    /** Nearest-rank quantile {@code q} in (0, 1]; NaN when empty. */
    static double quantile(int[] bins, long total, double q, double min) {
        if (total <= 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < bins.length; i++) {
            seen += bins[i];
            if (seen >= rank) {
                return value(i, min);
            }
        }
        return value(bins.length - 1, min);
    }

    /** {@code index:count} pairs of the non-empty bins, comma separated ("" when empty). */
    static String encode(int[] bins) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] != 0) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(i).append(':').append(bins[i]);
            }
        }
        return out.toString();
    }

    /** Adds an {@link #encode encoded} histogram into {@code bins}; returns the number of samples added. */
    static long decodeInto(String encoded, int[] bins) {
        if (encoded == null || encoded.isBlank()) {
            return 0;
        }
        long added = 0;
        for (String pair : encoded.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                int index = Integer.parseInt(pair.substring(0, colon).trim());
                int count = Integer.parseInt(pair.substring(colon + 1).trim());
                if (index >= 0 && index < bins.length && count > 0) {
                    bins[index] += count;
                    added += count;
                }
            } catch (NumberFormatException e) {
                // a damaged pair is skipped; the rest of the histogram still counts
            }
        }
        return added;
    }
}
