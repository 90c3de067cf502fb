package io.switchboard.keys;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** When a key's spending limit starts over, as OpenRouter defines it: at midnight UTC; weeks start on Monday. */
public enum LimitReset {
    DAILY,
    WEEKLY,
    MONTHLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LimitReset> fromWire(String value) {
        for (LimitReset reset : values()) {
            if (reset.wireName().equals(value)) {
                return Optional.of(reset);
            }
        }
        return Optional.empty();
    }

    /** The start of the window containing {@code now}. */
    public Instant windowStart(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate start = switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The instant the window containing {@code now} ends (the next reset). */
    public Instant nextReset(Instant now) {
        LocalDate start = LocalDate.ofInstant(windowStart(now), ZoneOffset.UTC);
        LocalDate next = switch (this) {
            case DAILY -> start.plusDays(1);
            case WEEKLY -> start.plusWeeks(1);
            case MONTHLY -> start.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
