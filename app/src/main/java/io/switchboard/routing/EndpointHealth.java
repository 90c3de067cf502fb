package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live health of every endpoint, from real traffic: the API layer reports each attempt's outcome, routing reads
 * whether an endpoint had a significant outage lately and how fast it is, and the endpoints API publishes uptime,
 * latency and throughput.
 *
 * <p>Per endpoint there are three rings of buckets, all fixed-size arrays: 32 one-second buckets (outages), 61
 * one-minute buckets (counts plus log-scale histograms of time to first token and tokens/s: the last 30 minutes and
 * what is not persisted yet) and 288 five-minute buckets (counts for the last day). Memory per endpoint is bounded
 * (about 50 KB at most), and so is the number of endpoints tracked. Each endpoint has its own lock (striped by
 * endpoint), held only for a few array updates.
 *
 * <p>An endpoint has a <em>significant outage</em> when, within the last 30 seconds, at least two requests failed and
 * at least half of its requests failed; for five minutes after an outage one failure is enough. Routing puts such
 * endpoints last; they get traffic again (as a fallback, or first once the window holds no failure) and recover.
 *
 * <p>Uptime follows OpenRouter: successes ÷ (successes + failures) × 100, where rate limits (429) and the client's own
 * errors are not counted at all. A window of {@code N} minutes covers the current minute and the {@code N - 1} before
 * it; the day window covers the current five-minute bucket and the 287 before it.
 */
public final class EndpointHealth {
    static final int SECOND_SLOTS = 32;
    static final int MINUTE_SLOTS = 61;
    static final int DAY_SLOTS = 288;
    private static final int DAY_SLOT_MINUTES = 5;
    private static final int MAX_ENDPOINTS = 20_000;
    private static final long SIGNAL_TTL_MS = 1_000;
    private static final long PROBATION_MS = 5 * 60_000;
    /** Histogram origins: 1 ms for time to first token, 0.01 tokens/s for throughput. */
    static final double LATENCY_MIN_MS = 1;

    static final double THROUGHPUT_MIN = 0.01;

    private final InstantSource clock;
    private final HealthPolicy policy;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final AtomicLong droppedMinutes = new AtomicLong();

    public EndpointHealth(InstantSource clock, HealthPolicy policy) {
        this.clock = requireNonNull(clock, "clock is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public EndpointHealth(InstantSource clock) {
        this(clock, HealthPolicy.DEFAULT);
    }

    public HealthPolicy policy() {
        return policy;
    }

    /** What routing reads: recent outage, plus percentiles over {@link HealthPolicy#signalWindow()}. */
    public record Signal(
            boolean outage,
            int recentFailures,
            int recentRequests,
            Percentiles latency,
            Percentiles throughput,
            Double uptime30m) {
        public static final Signal UNKNOWN = new Signal(false, 0, 0, null, null, null);
    }

    /**
     * What the endpoints API publishes. Uptimes are percentages, null with too little data; latency in seconds,
     * throughput in tokens/s, null without samples.
     */
    public record Report(
            Double uptimeLast5m,
            Double uptimeLast30m,
            Double uptimeLast1d,
            Percentiles latencyLast30m,
            Percentiles throughputLast30m,
            boolean outage) {
        public static final Report EMPTY = new Report(null, null, null, null, null, false);
    }

    /**
     * A request served by the endpoint.
     *
     * @param timeToFirstTokenMs from sending the request to the first token; negative when unknown
     * @param tokensPerSecond output tokens ÷ generation time; NaN or non-positive when unknown
     */
    public void recordSuccess(String endpointId, long timeToFirstTokenMs, double tokensPerSecond) {
        Stats s = stats(endpointId);
        if (s == null) {
            return;
        }
        long now = clock.millis();
        synchronized (s) {
            s.secOk[s.second(now)]++;
            int m = s.minute(now, droppedMinutes);
            s.ok[m]++;
            s.dirty[m] = true;
            if (timeToFirstTokenMs >= 0) {
                s.latency(m)[LogHistogram.bin(timeToFirstTokenMs, LATENCY_MIN_MS)]++;
                s.latencyCount[m]++;
            }
            if (tokensPerSecond > 0 && Double.isFinite(tokensPerSecond)) {
                s.throughput(m)[LogHistogram.bin(tokensPerSecond, THROUGHPUT_MIN)]++;
                s.throughputCount[m]++;
            }
            s.dayOk[s.day(now)]++;
        }
    }

    /** A request the endpoint failed: it counts against uptime and may demote the endpoint at once. */
    public void recordFailure(String endpointId) {
        Stats s = stats(endpointId);
        if (s == null) {
            return;
        }
        long now = clock.millis();
        synchronized (s) {
            s.secFail[s.second(now)]++;
            int m = s.minute(now, droppedMinutes);
            s.fail[m]++;
            s.dirty[m] = true;
            s.dayFail[s.day(now)]++;
            s.signal = null;
        }
    }

    /** A request that does not count in uptime: rate limited, or the client's own error. */
    public void recordExcluded(String endpointId) {
        Stats s = stats(endpointId);
        if (s == null) {
            return;
        }
        long now = clock.millis();
        synchronized (s) {
            int m = s.minute(now, droppedMinutes);
            s.excluded[m]++;
            s.dirty[m] = true;
        }
    }

    /** Routing's view of one endpoint, recomputed at most once a second (at once after a failure). */
    public Signal signal(String endpointId) {
        Stats s = stats.get(endpointId);
        if (s == null) {
            return Signal.UNKNOWN;
        }
        long now = clock.millis();
        Signal cached = s.signal;
        if (cached != null && now >= s.signalAt && now - s.signalAt < SIGNAL_TTL_MS) {
            return cached;
        }
        synchronized (s) {
            int windowSeconds = (int) policy.outageWindow().toSeconds();
            long second = Math.floorDiv(now, 1000);
            int ok = 0;
            int failed = 0;
            for (int i = 0; i < SECOND_SLOTS; i++) {
                if (s.secStamp[i] > second - windowSeconds && s.secStamp[i] <= second) {
                    ok += s.secOk[i];
                    failed += s.secFail[i];
                }
            }
            int total = ok + failed;
            // After an outage the endpoint is on probation: one failure in the window demotes it again, so an endpoint
            // that stays down costs one failed probe per window instead of several.
            int minFailures = now < s.probationUntil ? 1 : policy.outageMinFailures();
            boolean outage = failed >= minFailures && failed >= policy.outageFailureRatio() * total;
            if (outage) {
                s.probationUntil = now + PROBATION_MS;
            }
            int signalMinutes = (int) policy.signalWindow().toMinutes();
            Signal signal = new Signal(
                    outage,
                    failed,
                    total,
                    latency(s, now, signalMinutes),
                    throughput(s, now, signalMinutes),
                    uptime(s, now, 30));
            s.signal = signal;
            s.signalAt = now;
            return signal;
        }
    }

    /** The published numbers of one endpoint. */
    public Report report(String endpointId) {
        Stats s = stats.get(endpointId);
        if (s == null) {
            return Report.EMPTY;
        }
        long now = clock.millis();
        synchronized (s) {
            return new Report(
                    uptime(s, now, 5),
                    uptime(s, now, 30),
                    dayUptime(s, now),
                    latency(s, now, 30),
                    throughput(s, now, 30),
                    signal(endpointId).outage());
        }
    }

    /** Endpoints with any recorded traffic. */
    public Set<String> endpointIds() {
        return Set.copyOf(stats.keySet());
    }

    /** Minutes that were overwritten before they could be persisted (the store was unreachable for an hour). */
    public long droppedMinutes() {
        return droppedMinutes.get();
    }

    /**
     * Takes the minutes with traffic not yet handed out: finished minutes, plus the current one when {@code
     * includeCurrentMinute} (at shutdown). A minute handed out while still current is handed out again, whole, if it
     * gets more traffic, so the store must replace rather than add.
     */
    public List<HealthRollup> drainRollups(boolean includeCurrentMinute) {
        long nowMinute = Math.floorDiv(clock.millis(), 60_000);
        List<HealthRollup> rollups = new ArrayList<>();
        for (Map.Entry<String, Stats> entry : stats.entrySet()) {
            Stats s = entry.getValue();
            synchronized (s) {
                for (int i = 0; i < MINUTE_SLOTS; i++) {
                    if (!s.dirty[i] || (s.minStamp[i] >= nowMinute && !includeCurrentMinute)) {
                        continue;
                    }
                    s.dirty[i] = false;
                    rollups.add(rollup(entry.getKey(), s, i));
                }
            }
        }
        rollups.sort(java.util.Comparator.comparing(HealthRollup::minute).thenComparing(HealthRollup::endpointId));
        return rollups;
    }

    /**
     * One endpoint's minutes not handed out to the store yet (the current one included), read without handing them
     * out: a reader adds them to the stored history to see the newest traffic, and no minute is counted twice.
     */
    public List<HealthRollup> pendingRollups(String endpointId) {
        Stats s = stats.get(endpointId);
        if (s == null) {
            return List.of();
        }
        List<HealthRollup> rollups = new ArrayList<>();
        synchronized (s) {
            for (int i = 0; i < MINUTE_SLOTS; i++) {
                if (s.dirty[i]) {
                    rollups.add(rollup(endpointId, s, i));
                }
            }
        }
        rollups.sort(java.util.Comparator.comparing(HealthRollup::minute));
        return rollups;
    }

    /** Marks minutes as not persisted again, after a failed write, unless newer traffic already replaced them. */
    public void undrain(Collection<HealthRollup> rollups) {
        for (HealthRollup rollup : rollups) {
            Stats s = stats.get(rollup.endpointId());
            if (s == null) {
                continue;
            }
            synchronized (s) {
                int i = Math.floorMod(rollup.epochMinute(), MINUTE_SLOTS);
                if (s.minStamp[i] == rollup.epochMinute()) {
                    s.dirty[i] = true;
                }
            }
        }
    }

    /**
     * Loads history at start-up (every node's rollups). Minutes at or after the current one are skipped: they may be
     * this process's own minute being written again, which would count twice.
     */
    public void restore(Collection<HealthRollup> rollups) {
        long nowMs = clock.millis();
        long nowMinute = Math.floorDiv(nowMs, 60_000);
        long nowDay = Math.floorDiv(nowMinute, DAY_SLOT_MINUTES);
        for (HealthRollup rollup : rollups) {
            long minute = rollup.epochMinute();
            if (minute >= nowMinute) {
                continue;
            }
            Stats s = stats(rollup.endpointId());
            if (s == null) {
                continue;
            }
            synchronized (s) {
                if (minute > nowMinute - MINUTE_SLOTS) {
                    int m = s.minute(minute * 60_000, droppedMinutes);
                    s.ok[m] += (int) rollup.successes();
                    s.fail[m] += (int) rollup.failures();
                    s.excluded[m] += (int) rollup.excluded();
                    s.latencyCount[m] += (int) LogHistogram.decodeInto(rollup.latencyHistogram(), s.latency(m));
                    s.throughputCount[m] +=
                            (int) LogHistogram.decodeInto(rollup.throughputHistogram(), s.throughput(m));
                }
                long daySlot = Math.floorDiv(minute, DAY_SLOT_MINUTES);
                if (daySlot > nowDay - DAY_SLOTS) {
                    int d = s.day(minute * 60_000);
                    s.dayOk[d] += (int) rollup.successes();
                    s.dayFail[d] += (int) rollup.failures();
                }
                s.signal = null;
            }
        }
    }

    private HealthRollup rollup(String endpointId, Stats s, int i) {
        int[] latencyBins = s.latencyBins[i] == null ? new int[LogHistogram.BINS] : s.latencyBins[i];
        int[] throughputBins = s.throughputBins[i] == null ? new int[LogHistogram.BINS] : s.throughputBins[i];
        return new HealthRollup(
                endpointId,
                Instant.ofEpochSecond(s.minStamp[i] * 60),
                s.ok[i],
                s.fail[i],
                s.excluded[i],
                s.latencyCount[i],
                latencyPercentiles(latencyBins, s.latencyCount[i]),
                s.throughputCount[i],
                throughputPercentiles(throughputBins, s.throughputCount[i]),
                LogHistogram.encode(latencyBins),
                LogHistogram.encode(throughputBins));
    }

    private Double uptime(Stats s, long now, int minutes) {
        long nowMinute = Math.floorDiv(now, 60_000);
        long ok = 0;
        long failed = 0;
        for (int i = 0; i < MINUTE_SLOTS; i++) {
            if (s.minStamp[i] > nowMinute - minutes && s.minStamp[i] <= nowMinute) {
                ok += s.ok[i];
                failed += s.fail[i];
            }
        }
        return percent(ok, failed);
    }

    private Double dayUptime(Stats s, long now) {
        long nowDay = Math.floorDiv(now, 60_000L * DAY_SLOT_MINUTES);
        long ok = 0;
        long failed = 0;
        for (int i = 0; i < DAY_SLOTS; i++) {
            if (s.dayStamp[i] > nowDay - DAY_SLOTS && s.dayStamp[i] <= nowDay) {
                ok += s.dayOk[i];
                failed += s.dayFail[i];
            }
        }
        return percent(ok, failed);
    }

    private Double percent(long ok, long failed) {
        long total = ok + failed;
        if (total < policy.uptimeMinRequests()) {
            return null;
        }
        return ok * 100.0 / total;
    }

    private static Percentiles latency(Stats s, long now, int minutes) {
        int[] merged = new int[LogHistogram.BINS];
        long total = merge(s.minStamp, s.latencyBins, s.latencyCount, now, minutes, merged);
        return latencyPercentiles(merged, total);
    }

    private static Percentiles throughput(Stats s, long now, int minutes) {
        int[] merged = new int[LogHistogram.BINS];
        long total = merge(s.minStamp, s.throughputBins, s.throughputCount, now, minutes, merged);
        return throughputPercentiles(merged, total);
    }

    private static long merge(long[] stamps, int[][] bins, int[] counts, long now, int minutes, int[] into) {
        long nowMinute = Math.floorDiv(now, 60_000);
        long total = 0;
        for (int i = 0; i < MINUTE_SLOTS; i++) {
            if (bins[i] != null && counts[i] > 0 && stamps[i] > nowMinute - minutes && stamps[i] <= nowMinute) {
                int[] slot = bins[i];
                for (int b = 0; b < into.length; b++) {
                    into[b] += slot[b];
                }
                total += counts[i];
            }
        }
        return total;
    }

    static Percentiles latencyPercentiles(int[] bins, long total) {
        if (total <= 0) {
            return null;
        }
        return new Percentiles(
                seconds(LogHistogram.quantile(bins, total, 0.50, LATENCY_MIN_MS)),
                seconds(LogHistogram.quantile(bins, total, 0.75, LATENCY_MIN_MS)),
                seconds(LogHistogram.quantile(bins, total, 0.90, LATENCY_MIN_MS)),
                seconds(LogHistogram.quantile(bins, total, 0.99, LATENCY_MIN_MS)));
    }

    static Percentiles throughputPercentiles(int[] bins, long total) {
        if (total <= 0) {
            return null;
        }
        return new Percentiles(
                round(LogHistogram.quantile(bins, total, 0.50, THROUGHPUT_MIN)),
                round(LogHistogram.quantile(bins, total, 0.25, THROUGHPUT_MIN)),
                round(LogHistogram.quantile(bins, total, 0.10, THROUGHPUT_MIN)),
                round(LogHistogram.quantile(bins, total, 0.01, THROUGHPUT_MIN)));
    }

    private static double seconds(double millis) {
        return Math.round(millis) / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private Stats stats(String endpointId) {
        Stats s = stats.get(endpointId);
        if (s != null) {
            return s;
        }
        if (stats.size() >= MAX_ENDPOINTS) {
            return null;
        }
        return stats.computeIfAbsent(endpointId, _ -> new Stats());
    }

    /** One endpoint's rings. Guarded by its own monitor. */
    private static final class Stats {
        final long[] secStamp = filled(SECOND_SLOTS);
        final int[] secOk = new int[SECOND_SLOTS];
        final int[] secFail = new int[SECOND_SLOTS];

        final long[] minStamp = filled(MINUTE_SLOTS);
        final int[] ok = new int[MINUTE_SLOTS];
        final int[] fail = new int[MINUTE_SLOTS];
        final int[] excluded = new int[MINUTE_SLOTS];
        final int[] latencyCount = new int[MINUTE_SLOTS];
        final int[] throughputCount = new int[MINUTE_SLOTS];
        final int[][] latencyBins = new int[MINUTE_SLOTS][];
        final int[][] throughputBins = new int[MINUTE_SLOTS][];
        final boolean[] dirty = new boolean[MINUTE_SLOTS];

        final long[] dayStamp = filled(DAY_SLOTS);
        final int[] dayOk = new int[DAY_SLOTS];
        final int[] dayFail = new int[DAY_SLOTS];

        volatile Signal signal;
        volatile long signalAt;
        long probationUntil = Long.MIN_VALUE;

        int second(long nowMs) {
            long second = Math.floorDiv(nowMs, 1000);
            int i = Math.floorMod(second, SECOND_SLOTS);
            if (secStamp[i] != second) {
                secStamp[i] = second;
                secOk[i] = 0;
                secFail[i] = 0;
            }
            return i;
        }

        int minute(long nowMs, AtomicLong dropped) {
            long minute = Math.floorDiv(nowMs, 60_000);
            int i = Math.floorMod(minute, MINUTE_SLOTS);
            if (minStamp[i] != minute) {
                if (dirty[i]) {
                    dropped.incrementAndGet();
                }
                minStamp[i] = minute;
                ok[i] = 0;
                fail[i] = 0;
                excluded[i] = 0;
                latencyCount[i] = 0;
                throughputCount[i] = 0;
                if (latencyBins[i] != null) {
                    Arrays.fill(latencyBins[i], 0);
                }
                if (throughputBins[i] != null) {
                    Arrays.fill(throughputBins[i], 0);
                }
                dirty[i] = false;
            }
            return i;
        }

        int day(long nowMs) {
            long slot = Math.floorDiv(nowMs, 60_000L * DAY_SLOT_MINUTES);
            int i = Math.floorMod(slot, DAY_SLOTS);
            if (dayStamp[i] != slot) {
                dayStamp[i] = slot;
                dayOk[i] = 0;
                dayFail[i] = 0;
            }
            return i;
        }

        int[] latency(int slot) {
            if (latencyBins[slot] == null) {
                latencyBins[slot] = new int[LogHistogram.BINS];
            }
            return latencyBins[slot];
        }

        int[] throughput(int slot) {
            if (throughputBins[slot] == null) {
                throughputBins[slot] = new int[LogHistogram.BINS];
            }
            return throughputBins[slot];
        }

        private static long[] filled(int size) {
            long[] stamps = new long[size];
            Arrays.fill(stamps, Long.MIN_VALUE);
            return stamps;
        }
    }
}
