package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request-rate limits, from memory: per key requests per minute (token buckets, Bucket4j, kept in a Caffeine cache by
 * key hash), and OpenRouter's limits for free models: 20 requests per minute and a daily cap per user of 50 requests,
 * or 1,000 once the account has been granted at least $10 of credits. Daily counts start over at midnight UTC and are
 * loaded from the generation rows at start, so the daily cap holds across restarts.
 */
public final class RateLimiter {
    public static final int FREE_REQUESTS_PER_MINUTE = 20;
    public static final int FREE_DAILY_REQUESTS = 50;
    public static final int FREE_DAILY_REQUESTS_WITH_CREDITS = 1_000;
    public static final BigDecimal FREE_DAILY_CREDITS_THRESHOLD = BigDecimal.TEN;

    private final Clock clock;
    private final int defaultRequestsPerMinute;
    private final TimeMeter time;
    private final Cache<String, Bucket> keyBuckets;
    private final Cache<String, Bucket> freeBuckets;
    private final Map<String, DayCount> freeToday = new ConcurrentHashMap<>();

    /**
     * @param defaultRequestsPerMinute for keys without their own limit; 0 means unlimited
     * @param freeRequestsToday free-model requests per user already made today (from the store)
     */
    public RateLimiter(Clock clock, int defaultRequestsPerMinute, Map<String, Long> freeRequestsToday) {
        this.clock = requireNonNull(clock, "clock is null");
        if (defaultRequestsPerMinute < 0) {
            throw new IllegalArgumentException("defaultRequestsPerMinute must not be negative");
        }
        this.defaultRequestsPerMinute = defaultRequestsPerMinute;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.keyBuckets = Caffeine.newBuilder()
                .maximumSize(1_000_000)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
        this.freeBuckets = Caffeine.newBuilder()
                .maximumSize(1_000_000)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
        long today = today();
        freeRequestsToday.forEach((user, count) -> freeToday.put(user, new DayCount(today, count)));
    }

    /** Counts one request of a key against its requests-per-minute limit. */
    public Decision checkKey(String keyHash, Integer requestsPerMinute) {
        int limit = requestsPerMinute != null ? requestsPerMinute : defaultRequestsPerMinute;
        if (limit <= 0) {
            return Decision.UNLIMITED;
        }
        Bucket bucket = keyBuckets.get(keyHash + "/" + limit, k -> perMinute(limit));
        return consume(bucket, limit, "Rate limit exceeded: this key allows " + limit + " requests per minute.");
    }

    /**
     * Counts one free-model request of a user against the per-minute and the daily limit.
     *
     * @param lifetimeCredits credits ever granted to the user (decides the daily cap)
     */
    public Decision checkFree(String userId, BigDecimal lifetimeCredits) {
        Bucket bucket = freeBuckets.get(userId, k -> perMinute(FREE_REQUESTS_PER_MINUTE));
        Decision minute = consume(
                bucket,
                FREE_REQUESTS_PER_MINUTE,
                "Rate limit exceeded: free models allow " + FREE_REQUESTS_PER_MINUTE + " requests per minute.");
        if (!minute.allowed()) {
            return minute;
        }
        int cap = lifetimeCredits.compareTo(FREE_DAILY_CREDITS_THRESHOLD) >= 0
                ? FREE_DAILY_REQUESTS_WITH_CREDITS
                : FREE_DAILY_REQUESTS;
        long today = today();
        boolean[] admitted = new boolean[1];
        DayCount count = freeToday.compute(userId, (user, current) -> {
            DayCount base = current == null || current.day() != today ? new DayCount(today, 0) : current;
            if (base.count() >= cap) {
                admitted[0] = false;
                return base;
            }
            admitted[0] = true;
            return new DayCount(today, base.count() + 1);
        });
        long resetMs = LocalDate.ofEpochDay(today + 1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        if (!admitted[0]) {
            Duration wait = Duration.ofMillis(Math.max(1_000, resetMs - clock.millis()));
            String hint = cap == FREE_DAILY_REQUESTS
                    ? " Accounts granted at least $" + FREE_DAILY_CREDITS_THRESHOLD + " of credits get "
                            + FREE_DAILY_REQUESTS_WITH_CREDITS + " per day."
                    : "";
            return new Decision(
                    false,
                    cap,
                    0,
                    resetMs,
                    wait,
                    "Rate limit exceeded: free-models-per-day. This account has made " + count.count()
                            + " free-model requests today (limit " + cap + ", resets at midnight UTC)." + hint);
        }
        return new Decision(true, cap, cap - count.count(), resetMs, Duration.ZERO, null);
    }

    private Bucket perMinute(int limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private Decision consume(Bucket bucket, int limit, String message) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long resetMs = clock.millis() + probe.getNanosToWaitForReset() / 1_000_000;
        if (probe.isConsumed()) {
            return new Decision(true, limit, probe.getRemainingTokens(), resetMs, Duration.ZERO, null);
        }
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        return new Decision(false, limit, 0, resetMs, wait, message);
    }

    private long today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }

    private record DayCount(long day, long count) {}

    /**
     * The outcome of one check, with what the {@code X-RateLimit-*} headers say.
     *
     * @param resetEpochMs when the limit is whole again (epoch milliseconds)
     * @param retryAfter how long to wait before the next request can pass (zero when allowed)
     * @param message why it was refused; null when allowed
     */
    public record Decision(
            boolean allowed, long limit, long remaining, long resetEpochMs, Duration retryAfter, String message) {
        public static final Decision UNLIMITED = new Decision(true, 0, 0, 0, Duration.ZERO, null);
    }
}
