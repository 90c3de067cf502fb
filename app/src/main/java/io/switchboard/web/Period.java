package io.switchboard.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The ranking windows: today, the last 7 or the last 30 UTC days, today included (as the app-rankings API). */
public enum Period {
    DAY("day", "Today", 1),
    WEEK("week", "This week", 7),
    MONTH("month", "This month", 30);

    private final String value;
    private final String label;
    private final int days;

    Period(String value, String label, int days) {
        this.value = value;
        this.label = label;
        this.days = days;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    public Instant since(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .minusDays(days - 1L)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** The period named by a {@code period} query parameter; absent means {@code fallback}. */
    static Period parse(String value, Period fallback) throws PageException {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        for (Period period : values()) {
            if (period.value.equals(value)) {
                return period;
            }
        }
        throw PageException.badRequest("The period \"" + value + "\" is not one of day, week or month.");
    }
}
