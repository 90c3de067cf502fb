package io.switchboard.identity;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signed-in browser sessions. The database is the source of truth, so any node of a cluster recognises a session
 * another node started; a short in-memory cache saves the lookup on every page. A session lasts {@link #LIFETIME}
 * after its last use (sliding), refreshed in the database at most every {@link #REFRESH_AFTER} so that reading
 * pages does not turn into a write per request.
 */
public final class SessionService {
    public static final Duration LIFETIME = Duration.ofDays(30);
    static final Duration REFRESH_AFTER = Duration.ofHours(1);
    // How long another node may still accept a session after sign-out on this one.
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final IdentityStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Session> cache = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(CACHE_TTL)
            .build();

    public SessionService(IdentityStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** 32 random bytes, base64url: for session tokens and CSRF tokens alike. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a value has the shape of {@link #newToken()}'s tokens (cookies are untrusted input). */
    public static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** Starts a new session with a fresh id and CSRF token; the returned token goes into the cookie only. */
    public Started start(String userId) {
        requireNonNull(userId, "userId is null");
        String token = newToken();
        Instant now = clock.instant();
        Session session = new Session(hash(token), userId, newToken(), now, now.plus(LIFETIME), now);
        store.insertSession(session);
        cache.put(session.id(), session);
        if (random.nextInt(100) == 0) {
            // Expired rows are unusable anyway; dropping them now and then keeps the table small.
            store.deleteExpiredSessions(now);
        }
        return new Started(token, session);
    }

    /**
     * The live session for a cookie token, or empty. {@link Resolved#refreshed()} says the expiry moved, so the
     * cookie should be sent again with the new lifetime.
     */
    public Optional<Resolved> resolve(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        String id = hash(token);
        Session session = cache.getIfPresent(id);
        if (session == null) {
            session = store.findSession(id).orElse(null);
            if (session == null) {
                return Optional.empty();
            }
        }
        Instant now = clock.instant();
        if (session.expired(now)) {
            cache.invalidate(id);
            store.deleteSession(id);
            return Optional.empty();
        }
        boolean refreshed = false;
        if (!now.isBefore(session.lastSeen().plus(REFRESH_AFTER))) {
            Session slid = new Session(
                    session.id(), session.userId(), session.csrfToken(), session.createdAt(), now.plus(LIFETIME), now);
            if (!store.touchSession(id, now, slid.expiresAt())) {
                cache.invalidate(id);
                return Optional.empty();
            }
            session = slid;
            refreshed = true;
        }
        cache.put(id, session);
        return Optional.of(new Resolved(session, refreshed));
    }

    /** Ends the session of this cookie token (sign-out); unknown tokens are ignored. */
    public void end(String token) {
        if (!wellFormed(token)) {
            return;
        }
        String id = hash(token);
        cache.invalidate(id);
        store.deleteSession(id);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A new session and the token for its cookie; the token is never stored. */
    public record Started(String token, Session session) {
        @Override
        public String toString() {
            return "Started[" + session + "]";
        }
    }

    public record Resolved(Session session, boolean refreshed) {}
}
