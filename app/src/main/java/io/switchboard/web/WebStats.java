package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.routing.HealthRollup;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The aggregate queries behind the public pages, each answer kept for a short while: a popular page is rendered from
 * memory instead of scanning generations on every view, and numbers are at most {@link #TTL} old.
 */
final class WebStats {
    static final Duration TTL = Duration.ofSeconds(20);
    private static final Duration ACTIVITY_WINDOW = Duration.ofDays(30);

    private final WebServices services;
    private final Cache<Object, Object> cache =
            Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(2_000).build();

    WebStats(WebServices services) {
        this.services = requireNonNull(services, "services is null");
    }

    /** Apps ranked by tokens over the period, for one model or (null) all of them. */
    List<AppRank> apps(Period period, String model) {
        return cached(
                List.of("apps", period, model == null ? "" : model),
                () -> AppRank.rank(services.generations().appUsage(period.since(services.clock()), model)));
    }

    /** Models ranked by tokens over the period. */
    List<GenerationStore.ModelUsage> models(Period period) {
        return cached(
                List.of("models", period), () -> services.generations().modelUsage(period.since(services.clock())));
    }

    /** One model's last 30 days per UTC day and provider, oldest first. */
    List<GenerationStore.ModelActivityRow> activity(String model) {
        return cached(List.of("activity", model), () -> services.generations().modelActivity(model, activityStart()));
    }

    /** The first day the activity tab covers. */
    Instant activityStart() {
        return services.clock().instant().truncatedTo(ChronoUnit.DAYS).minus(ACTIVITY_WINDOW.minusDays(1));
    }

    /**
     * One endpoint's per-minute rows from {@code from} on: every node's stored rows (cached) plus this node's minutes
     * not stored yet (live), so the current minute shows at once.
     */
    List<HealthRollup> health(String endpointId, Instant from) {
        List<HealthRollup> stored = cached(
                List.of("health", endpointId, from),
                () -> services.healthHistory().forEndpoint(endpointId, from, Instant.ofEpochMilli(Long.MAX_VALUE / 2)));
        List<HealthRollup> rows = new ArrayList<>(stored);
        for (HealthRollup pending : services.health().pendingRollups(endpointId)) {
            if (!pending.minute().isBefore(from)) {
                rows.add(pending);
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Object key, Supplier<T> load) {
        return (T) cache.get(key, unused -> load.get());
    }
}
