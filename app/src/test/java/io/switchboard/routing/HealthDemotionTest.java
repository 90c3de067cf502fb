package io.switchboard.routing;

import static io.switchboard.routing.RoutingFixtures.catalog;
import static io.switchboard.routing.RoutingFixtures.endpoint;
import static io.switchboard.routing.RoutingFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An endpoint failing every request is demoted within 30 s and recovers once it is healthy again. */
class HealthDemotionTest {
    private final Model model = model("acme/llm");
    // "bad" is the cheapest, so without health it would get most first picks.
    private final Catalog catalog = catalog(
            List.of(model),
            List.of(),
            List.of(
                    endpoint(model, "bad").price("1").build(),
                    endpoint(model, "good").price("1.5").build()));
    private final Endpoint bad = catalog.endpoints(model.id()).get(0);
    private final Endpoint good = catalog.endpoints(model.id()).get(1);
    private final RoutingFixtures.ManualClock clock =
            new RoutingFixtures.ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final Router router = RoutingFixtures.router(catalog, clock, new SplittableRandom(11));

    /** One request a second: try the plan in order; "bad" fails while {@code badFails}. Returns the first tag. */
    private String request(boolean badFails) throws NoRouteException {
        RoutePlan plan = router.plan(model, RoutingPreferences.DEFAULT);
        for (RoutePlan.Route route : plan.routes()) {
            if (route.endpoint().equals(bad) && badFails) {
                router.health().recordFailure(bad.id());
                continue;
            }
            router.health().recordSuccess(route.endpoint().id(), 200, 50);
            break;
        }
        clock.advance(Duration.ofSeconds(1));
        return plan.routes().getFirst().endpoint().tag();
    }

    @Test
    void aFailingEndpointIsDemotedWithin30SecondsAndRecoversWhenHealthy() throws NoRouteException {
        Instant start = clock.instant();
        // Healthy at first: bad (the cheapest) is usually first.
        assertThat(router.health().signal(bad.id()).outage()).isFalse();

        // bad starts failing every request. Count seconds until it is demoted.
        Instant outageStart = clock.instant();
        Instant demotedAt = null;
        for (int second = 0; second < 30; second++) {
            request(true);
            if (router.health().signal(bad.id()).outage()) {
                demotedAt = clock.instant();
                break;
            }
        }
        assertThat(demotedAt).as("demoted within 30 s").isNotNull();
        assertThat(Duration.between(outageStart, demotedAt)).isLessThanOrEqualTo(Duration.ofSeconds(30));

        // While it keeps failing it goes last; once per outage window (30 s) it gets a single probe, which fails and
        // demotes it again at once (probation), so clients only see good.
        int probes = 0;
        for (int second = 0; second < 120; second++) {
            if (request(true).equals("bad")) {
                probes++;
            }
        }
        assertThat(probes).isBetween(1, 5);
        while (!router.health().signal(bad.id()).outage()) {
            request(true);
        }
        RoutePlan demoted = router.plan(model, RoutingPreferences.DEFAULT);
        assertThat(demoted.routes().getLast().endpoint()).isEqualTo(bad);
        assertThat(demoted.routes().getLast().reason()).isEqualTo("fallback (demoted: recent outage)");
        assertThat(demoted.decisions()).anyMatch(d -> d.startsWith("demoted bad ("));

        // bad is fixed. Within the outage window (30 s) after its last failure it is tried again and then stays up.
        Instant recoveredAt = null;
        for (int second = 0; second < 60; second++) {
            request(false);
            if (!router.health().signal(bad.id()).outage()) {
                recoveredAt = clock.instant();
                break;
            }
        }
        assertThat(recoveredAt).as("recovered").isNotNull();
        int badFirst = 0;
        for (int second = 0; second < 200; second++) {
            if (request(false).equals("bad")) {
                badFirst++;
            }
        }
        // 1/1² against 1/1.5²: bad gets about 69% of first picks again.
        assertThat(badFirst).isBetween(110, 170);
        assertThat(router.health().signal(bad.id()).outage()).isFalse();
        assertThat(Duration.between(start, clock.instant())).isGreaterThan(Duration.ofMinutes(5));
    }

    @Test
    void aSingleFailureAmongSuccessesIsNoOutage() {
        EndpointHealth health = router.health();
        for (int i = 0; i < 5; i++) {
            health.recordSuccess(good.id(), 100, 50);
        }
        health.recordFailure(good.id());
        assertThat(health.signal(good.id()).outage()).isFalse();
        health.recordFailure(good.id());
        // 2 of 7 failed: under half.
        assertThat(health.signal(good.id()).outage()).isFalse();
        health.recordFailure(good.id());
        health.recordFailure(good.id());
        health.recordFailure(good.id());
        // 5 of 10 failed.
        assertThat(health.signal(good.id()).outage()).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.signal(good.id()).outage()).isFalse();
    }

    @Test
    void rateLimitsAndClientErrorsNeverDemote() {
        for (int i = 0; i < 20; i++) {
            router.health().recordExcluded(bad.id());
        }
        assertThat(router.health().signal(bad.id()).outage()).isFalse();
        assertThat(router.health().report(bad.id()).uptimeLast5m()).isNull();
    }
}
