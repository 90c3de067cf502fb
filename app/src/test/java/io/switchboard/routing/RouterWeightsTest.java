package io.switchboard.routing;

import static io.switchboard.routing.RoutingFixtures.catalog;
import static io.switchboard.routing.RoutingFixtures.endpoint;
import static io.switchboard.routing.RoutingFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default load balancing picks among the cheapest endpoints with probability proportional to 1/price². */
class RouterWeightsTest {
    private static final int PLANS = 20_000;
    /** χ² critical value for 2 degrees of freedom at p = 0.001. */
    private static final double CHI_SQUARE_2DF_P001 = 13.816;

    private final Model model = model("acme/llm");
    private final RoutingFixtures.ManualClock clock =
            new RoutingFixtures.ManualClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void firstPicksFollowInverseSquarePriceWeights() throws NoRouteException {
        Catalog catalog = catalog(
                List.of(model),
                List.of(),
                List.of(
                        endpoint(model, "a").price("1").build(),
                        endpoint(model, "b").price("2").build(),
                        endpoint(model, "c").price("3").build()));
        Router router = RoutingFixtures.router(catalog, clock, new SplittableRandom(20260301));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < PLANS; i++) {
            RoutePlan plan = router.plan(model, RoutingPreferences.DEFAULT);
            firsts.merge(plan.routes().getFirst().endpoint().tag(), 1, Integer::sum);
            // The others follow cheapest first.
            List<String> rest = RoutingFixtures.tags(plan).subList(1, 3);
            assertThat(rest).isSorted();
        }
        // Weights 1 : 1/4 : 1/9 = 36/49 : 9/49 : 4/49.
        double[] expected = {PLANS * 36 / 49.0, PLANS * 9 / 49.0, PLANS * 4 / 49.0};
        double[] observed = {firsts.getOrDefault("a", 0), firsts.getOrDefault("b", 0), firsts.getOrDefault("c", 0)};
        double chiSquare = 0;
        for (int i = 0; i < 3; i++) {
            chiSquare += Math.pow(observed[i] - expected[i], 2) / expected[i];
        }
        assertThat(chiSquare)
                .as("χ² of %s against %s", firsts, List.of(expected))
                .isLessThan(CHI_SQUARE_2DF_P001);
        // And, more readably, every share within one percentage point of its expectation.
        assertThat(observed[0] / PLANS).isCloseTo(36 / 49.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(observed[1] / PLANS).isCloseTo(9 / 49.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(observed[2] / PLANS).isCloseTo(4 / 49.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void openRoutersWorkedExampleDemotedProviderGoesLast() throws NoRouteException {
        // A = $1, B = $2 with a recent outage, C = $3: first A (weight 1) or C (1/9), then the other, then B.
        Catalog catalog = catalog(
                List.of(model),
                List.of(),
                List.of(
                        endpoint(model, "a").price("1").build(),
                        endpoint(model, "b").price("2").build(),
                        endpoint(model, "c").price("3").build()));
        Router router = RoutingFixtures.router(catalog, clock, new SplittableRandom(99));
        String b = catalog.endpoints(model.id()).get(1).id();
        router.health().recordFailure(b);
        router.health().recordFailure(b);
        int aFirst = 0;
        int plans = 10_000;
        for (int i = 0; i < plans; i++) {
            List<String> tags = RoutingFixtures.tags(router.plan(model, RoutingPreferences.DEFAULT));
            assertThat(tags.getLast()).isEqualTo("b");
            assertThat(tags.getFirst()).isIn("a", "c");
            if (tags.getFirst().equals("a")) {
                aFirst++;
            }
        }
        assertThat(aFirst / (double) plans).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.015));
    }

    @Test
    void aSeededGeneratorGivesTheSameSequence() throws NoRouteException {
        Catalog catalog = catalog(
                List.of(model),
                List.of(),
                List.of(
                        endpoint(model, "a").price("1").build(),
                        endpoint(model, "b").price("1.5").build()));
        Router first = RoutingFixtures.router(catalog, clock, new SplittableRandom(1));
        Router second = RoutingFixtures.router(catalog, clock, new SplittableRandom(1));
        for (int i = 0; i < 100; i++) {
            assertThat(RoutingFixtures.tags(first.plan(model, RoutingPreferences.DEFAULT)))
                    .isEqualTo(RoutingFixtures.tags(second.plan(model, RoutingPreferences.DEFAULT)));
        }
    }

    @Test
    void freeEndpointsShareThePickEqually() throws NoRouteException {
        Catalog catalog = catalog(
                List.of(model),
                List.of(),
                List.of(
                        endpoint(model, "free1").price("0").build(),
                        endpoint(model, "free2").price("0").build(),
                        endpoint(model, "paid").price("0.01").build()));
        Router router = RoutingFixtures.router(catalog, clock, new SplittableRandom(4));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            firsts.merge(
                    router.plan(model, RoutingPreferences.DEFAULT)
                            .routes()
                            .getFirst()
                            .endpoint()
                            .tag(),
                    1,
                    Integer::sum);
        }
        assertThat(firsts).doesNotContainKey("paid");
        assertThat(firsts.get("free1") / 4000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.04));
    }
}
