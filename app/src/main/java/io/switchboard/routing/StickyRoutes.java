package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Sticky routing for prompt caching: the endpoint that last served a conversation, per conversation key (the caller's
 * key plus {@code session_id}, or plus a hash of the conversation's first messages) and model. Entries expire after a
 * period without use (OpenRouter: ten minutes); the map is bounded.
 */
public final class StickyRoutes {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final long MAX_ENTRIES = 200_000;

    private final Cache<String, String> endpoints;

    public StickyRoutes(InstantSource clock, Duration ttl) {
        requireNonNull(clock, "clock is null");
        requireNonNull(ttl, "ttl is null");
        this.endpoints = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterAccess(ttl)
                .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    /** The endpoint id that last served this conversation on this model, if any. */
    public Optional<String> endpointFor(String stickyKey, String modelId) {
        return Optional.ofNullable(endpoints.getIfPresent(key(stickyKey, modelId)));
    }

    /** Remembers the endpoint that just served the conversation. */
    public void remember(String stickyKey, String modelId, String endpointId) {
        endpoints.put(key(stickyKey, modelId), endpointId);
    }

    public long size() {
        endpoints.cleanUp();
        return endpoints.estimatedSize();
    }

    private static String key(String stickyKey, String modelId) {
        return stickyKey + '\u0000' + modelId;
    }
}
