package io.switchboard.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T23:58:00Z"));

    @Test
    void keyRequestsPerMinute() {
        RateLimiter limiter = new RateLimiter(clock, 0, Map.of());
        assertThat(limiter.checkKey("k", null).allowed()).isTrue(); // no default: unlimited
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.checkKey("k", 3).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.checkKey("k", 3);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(refused.resetEpochMs()).isEqualTo(clock.millis() + 60_000);
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.checkKey("k", 3).allowed()).isTrue();
    }

    @Test
    void freeModelsTwentyPerMinuteAndADailyCapByCredits() {
        RateLimiter limiter = new RateLimiter(clock, 0, Map.of("u1", 45L));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.checkFree("u1", BigDecimal.ZERO).allowed()).isTrue();
        }
        RateLimiter.Decision capped = limiter.checkFree("u1", BigDecimal.ZERO);
        assertThat(capped.allowed()).isFalse();
        assertThat(capped.limit()).isEqualTo(50);
        assertThat(capped.message()).contains("free-models-per-day");
        assertThat(capped.resetEpochMs())
                .isEqualTo(Instant.parse("2026-11-26T00:00:00Z").toEpochMilli());
        // With $10 granted the cap is 1000 a day; the minute bucket (20) is the limit now.
        for (int i = 0; i < 14; i++) {
            assertThat(limiter.checkFree("u1", BigDecimal.TEN).allowed()).isTrue();
        }
        RateLimiter.Decision minute = limiter.checkFree("u1", BigDecimal.TEN);
        assertThat(minute.allowed()).isFalse();
        assertThat(minute.limit()).isEqualTo(20);
        // At midnight UTC the daily count starts over.
        clock.set(Instant.parse("2026-11-26T00:05:00Z"));
        RateLimiter.Decision nextDay = limiter.checkFree("u1", BigDecimal.ZERO);
        assertThat(nextDay.allowed()).isTrue();
        assertThat(nextDay.remaining()).isEqualTo(49);
    }
}
