package io.switchboard.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;

/**
 * Limits password guessing: {@link #ATTEMPTS} failed sign-in attempts per email and client address, refilled one
 * every {@link #REFILL}. Keyed by both, so an attacker cannot lock a victim out from another address and a shared
 * address (an office behind NAT) does not block everybody.
 */
public final class SignInThrottle {
    static final int ATTEMPTS = 5;
    static final Duration REFILL = Duration.ofMinutes(1);

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();

    /**
     * Counts one attempt; the wait until the next one is allowed, or {@link Duration#ZERO} when this one may go on.
     * Call {@link #succeeded} when it turns out right, so that only failures count.
     */
    public Duration attempt(String email, String clientAddress) {
        ConsumptionProbe probe = bucket(email, clientAddress).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Gives back the attempt a correct sign-in took: people who type their password right are never throttled. */
    public void succeeded(String email, String clientAddress) {
        bucket(email, clientAddress).addTokens(1);
    }

    private Bucket bucket(String email, String clientAddress) {
        String key = (email == null ? "" : email.strip().toLowerCase(Locale.ROOT)) + "|" + clientAddress;
        return buckets.get(
                key,
                unused -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(ATTEMPTS).refillGreedy(1, REFILL))
                        .build());
    }
}
