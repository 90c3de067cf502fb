package io.switchboard.web;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The uptime tab's windows: hourly buckets over one or three days, daily buckets over 30 days. */
public enum UptimeRange {
    DAY("24h", "24 hours", Duration.ofHours(1), 24),
    THREE_DAYS("72h", "72 hours", Duration.ofHours(1), 72),
    MONTH("30d", "30 days", Duration.ofDays(1), 30);

    private final String value;
    private final String label;
    private final Duration bucket;
    private final int buckets;

    UptimeRange(String value, String label, Duration bucket, int buckets) {
        this.value = value;
        this.label = label;
        this.bucket = bucket;
        this.buckets = buckets;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    Duration bucket() {
        return bucket;
    }

    int buckets() {
        return buckets;
    }

    /** The first bucket's start: whole hours or days, so cached history is reused until the next bucket begins. */
    Instant from(Instant now) {
        Instant current = now.truncatedTo(bucket.equals(Duration.ofDays(1)) ? ChronoUnit.DAYS : ChronoUnit.HOURS);
        return current.minus(bucket.multipliedBy(buckets - 1L));
    }

    static UptimeRange parse(String value) throws PageException {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        for (UptimeRange range : values()) {
            if (range.value.equals(value)) {
                return range;
            }
        }
        throw PageException.badRequest("The range \"" + value + "\" is not one of 24h, 72h or 30d.");
    }
}
