package io.switchboard.web;

import io.switchboard.routing.HealthRollup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns per-minute, per-node health rows into minutes (nodes added up) and fixed-size buckets for charts. */
final class UptimeHistory {
    private UptimeHistory() {}

    /** Every node's rows of the same minute added up, oldest first. */
    static List<Incidents.Minute> minutes(List<HealthRollup> rows) {
        Map<Instant, long[]> byMinute = new TreeMap<>();
        for (HealthRollup row : rows) {
            long[] counts = byMinute.computeIfAbsent(row.minute(), unused -> new long[2]);
            counts[0] += row.successes();
            counts[1] += row.failures();
        }
        List<Incidents.Minute> minutes = new ArrayList<>(byMinute.size());
        byMinute.forEach((start, counts) -> minutes.add(new Incidents.Minute(start, counts[0], counts[1])));
        return minutes;
    }

    /** Successes and failures of one bucket. */
    record Bucket(Instant start, long successes, long failures) {
        /** Uptime in percent, null without traffic. */
        Double uptimePercent() {
            long total = successes + failures;
            return total == 0 ? null : successes * 100.0 / total;
        }
    }

    /** {@code count} buckets of {@code size} from {@code from} on; minutes outside them are ignored. */
    static List<Bucket> buckets(List<Incidents.Minute> minutes, Instant from, Duration size, int count) {
        long[] successes = new long[count];
        long[] failures = new long[count];
        long sizeMillis = size.toMillis();
        for (Incidents.Minute minute : minutes) {
            long offset = minute.start().toEpochMilli() - from.toEpochMilli();
            if (offset < 0) {
                continue;
            }
            long index = offset / sizeMillis;
            if (index < count) {
                successes[(int) index] += minute.successes();
                failures[(int) index] += minute.failures();
            }
        }
        List<Bucket> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            buckets.add(new Bucket(from.plus(size.multipliedBy(i)), successes[i], failures[i]));
        }
        return buckets;
    }
}
