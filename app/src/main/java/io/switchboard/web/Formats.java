package io.switchboard.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers formatted for people: {@code $1.25/M}, {@code 1.2K}, {@code 99.8%}, {@code Aug 7, 2025}. */
public final class Formats {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private Formats() {}

    /** A per-token USD price as dollars per million tokens: {@code $1.25/M}, {@code Free}, {@code $0.075/M}. */
    public static String perMillion(BigDecimal perToken) {
        if (perToken == null) {
            return "–";
        }
        if (perToken.signum() == 0) {
            return "Free";
        }
        if (perToken.signum() < 0) {
            // The catalog's routers (openrouter/auto) list -1: the price is the one of the model they pick.
            return "Varies";
        }
        return usd(perToken.multiply(MILLION)) + "/M";
    }

    /**
     * Dollars with as many decimals as the amount needs, up to six, never in exponent notation: {@code $3},
     * {@code $0.15}, {@code $0.000123}, {@code $1,234.50}.
     */
    public static String usd(BigDecimal amount) {
        if (amount == null) {
            return "–";
        }
        String sign = amount.signum() < 0 ? "-" : "";
        BigDecimal value = amount.abs();
        BigDecimal rounded;
        if (value.compareTo(BigDecimal.ONE) >= 0) {
            rounded = value.setScale(2, RoundingMode.HALF_UP);
            if (rounded.stripTrailingZeros().scale() <= 0) {
                rounded = rounded.setScale(0, RoundingMode.UNNECESSARY);
            }
        } else {
            rounded = value.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
            if (rounded.scale() < 2 && rounded.signum() != 0) {
                rounded = rounded.setScale(2, RoundingMode.UNNECESSARY);
            }
        }
        if (rounded.signum() == 0) {
            return value.signum() == 0 ? "$0" : sign + "<$0.000001";
        }
        return sign + "$" + String.format(Locale.ENGLISH, "%,." + Math.max(0, rounded.scale()) + "f", rounded);
    }

    /** Dollars with exactly two decimals, for balances: {@code $10.00}, {@code $0.01}; tiny amounts keep precision. */
    public static String balance(BigDecimal amount) {
        if (amount == null) {
            return "–";
        }
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP);
        if (rounded.signum() == 0 && amount.signum() != 0) {
            return usd(amount);
        }
        return (rounded.signum() < 0 ? "-$" : "$") + String.format(Locale.ENGLISH, "%,.2f", rounded.abs());
    }

    /** A count in short form: {@code 950}, {@code 1.2K}, {@code 34M}, {@code 1.1B}. */
    public static String count(long value) {
        long magnitude = Math.abs(value);
        if (magnitude < 1_000) {
            return Long.toString(value);
        }
        String[] suffixes = {"K", "M", "B", "T"};
        double scaled = value;
        int index = -1;
        while (Math.abs(scaled) >= 1_000 && index < suffixes.length - 1) {
            scaled /= 1_000;
            index++;
        }
        // 999,950 rounds up to "1000K": move to the next unit instead.
        if (Math.abs(scaled) >= 999.95 && index < suffixes.length - 1) {
            scaled /= 1_000;
            index++;
        }
        String digits = Math.abs(scaled) >= 100
                ? String.format(Locale.ENGLISH, "%.0f", scaled)
                : String.format(Locale.ENGLISH, "%.1f", scaled).replaceFirst("\\.0$", "");
        return digits + suffixes[index];
    }

    /** A context length or token limit: {@code 400K}, {@code 1.05M}, {@code 8K}. */
    public static String tokens(long value) {
        if (value >= 1_000_000 && value % 10_000 == 0 && value % 1_000_000 != 0 && value % 100_000 != 0) {
            return String.format(Locale.ENGLISH, "%.2fM", value / 1_000_000.0);
        }
        return count(value);
    }

    /** A ratio in [0, 1] as a percentage with one decimal: {@code 99.8%}; {@code 100%} only when exactly 1. */
    public static String percent(Double ratio) {
        if (ratio == null) {
            return "–";
        }
        if (ratio >= 1.0) {
            return "100%";
        }
        double floored = Math.floor(ratio * 1000) / 10;
        return String.format(Locale.ENGLISH, "%.1f%%", floored);
    }

    /** Milliseconds as people read latency: {@code 420ms}, {@code 1.25s}. */
    public static String millis(Double millis) {
        if (millis == null) {
            return "–";
        }
        // 999.6 ms would print as "1000ms": anything that rounds to a second is shown in seconds.
        if (Math.round(millis) < 1_000) {
            return String.format(Locale.ENGLISH, "%.0fms", millis);
        }
        return String.format(Locale.ENGLISH, "%.2fs", millis / 1_000);
    }

    /** Tokens per second: {@code 85 tok/s}, {@code 7.5 tok/s}. */
    public static String throughput(Double tokensPerSecond) {
        if (tokensPerSecond == null) {
            return "–";
        }
        return (tokensPerSecond >= 100
                        ? String.format(Locale.ENGLISH, "%.0f", tokensPerSecond)
                        : String.format(Locale.ENGLISH, "%.1f", tokensPerSecond).replaceFirst("\\.0$", ""))
                + " tok/s";
    }

    /** A UTC date: {@code Aug 7, 2025}. */
    public static String date(Instant instant) {
        return instant == null ? "–" : DATE.format(instant.atZone(ZoneOffset.UTC));
    }

    /** A UTC date from epoch seconds, as the catalog's {@code created} field holds it. */
    public static String dateOfEpochSecond(long epochSecond) {
        return date(Instant.ofEpochSecond(epochSecond));
    }

    /** A short day label for charts and tables: {@code Aug 7}. */
    public static String day(LocalDate date) {
        return date == null ? "–" : DAY.format(date);
    }
}
