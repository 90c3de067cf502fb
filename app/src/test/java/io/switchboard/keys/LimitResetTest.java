package io.switchboard.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitResetTest {
    // A Wednesday.
    private static final Instant NOW = Instant.parse("2026-11-25T18:30:00Z");

    @Test
    void windowsStartAtMidnightUtcOnTheDayMondayAndFirst() {
        assertThat(LimitReset.DAILY.windowStart(NOW)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(LimitReset.WEEKLY.windowStart(NOW)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(LimitReset.MONTHLY.windowStart(NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(LimitReset.DAILY.nextReset(NOW)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(LimitReset.WEEKLY.nextReset(NOW)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(LimitReset.MONTHLY.nextReset(NOW)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        Instant midnight = Instant.parse("2026-11-30T00:00:00Z");
        assertThat(LimitReset.WEEKLY.windowStart(midnight)).isEqualTo(midnight);
        assertThat(LimitReset.WEEKLY.windowStart(midnight.minusNanos(1)))
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }
}
