package io.switchboard.routing;

import static io.switchboard.routing.RoutingFixtures.catalog;
import static io.switchboard.routing.RoutingFixtures.endpoint;
import static io.switchboard.routing.RoutingFixtures.model;
import static io.switchboard.routing.RoutingFixtures.provider;
import static io.switchboard.routing.RoutingFixtures.request;
import static io.switchboard.routing.RoutingFixtures.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.DataPolicy;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every filter alone and combined, default order, provider.order with and without fallbacks, each sort, models. */
class RouterTest {
    private static final Model LLAMA = model("meta-llama/llama-3.3-70b-instruct");
    private static final DataPolicy TRAINS = new DataPolicy(true, true, false);
    private static final DataPolicy RETAINS = new DataPolicy(false, true, false);
    private static final DataPolicy ZDR = new DataPolicy(false, false, true);

    /** Five endpoints of one model with different prices, policies, limits and capabilities. */
    private static final Catalog CATALOG = catalog(
            List.of(LLAMA),
            List.of(
                    provider("cheapco", TRAINS),
                    provider("deepinfra", ZDR),
                    provider("groq", ZDR),
                    provider("together", RETAINS),
                    provider("fireworks", ZDR)),
            List.of(
                    endpoint(LLAMA, "cheapco")
                            .price("0.10")
                            .context(8192)
                            .maxOutput(2048L)
                            .parameters("max_tokens", "temperature")
                            .build(),
                    endpoint(LLAMA, "deepinfra")
                            .tag("deepinfra/turbo")
                            .prices("0.23", "0.40")
                            .quantization("fp8")
                            .build(),
                    endpoint(LLAMA, "groq")
                            .prices("0.59", "0.79")
                            .context(128_000)
                            .maxOutput(32_768L)
                            .build(),
                    endpoint(LLAMA, "together")
                            .price("0.88")
                            .maxOutput(null)
                            .quantization("fp16")
                            .parameters("max_tokens", "temperature", "tools", "tool_choice")
                            .requestPrice("0.001")
                            .build(),
                    endpoint(LLAMA, "fireworks")
                            .price("0.90")
                            .quantization("fp16")
                            .build()));

    private final RoutingFixtures.ManualClock clock =
            new RoutingFixtures.ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final Router router = RoutingFixtures.router(CATALOG, clock, new SplittableRandom(7));

    private RoutePlan plan(RoutingPreferences preferences) throws NoRouteException {
        return router.plan(LLAMA, preferences);
    }

    private RoutePlan plan(RouteRequest request, RoutingPreferences preferences) throws NoRouteException {
        return router.plan(request, List.of(RouteTarget.of(LLAMA)), preferences);
    }

    private static RoutingPreferences.Builder prefs() {
        return RoutingPreferences.builder();
    }

    // ------------------------------------------------------------ default order and provider.order

    @Test
    void defaultPicksOneCheapEndpointThenTheRestCheapestFirst() throws NoRouteException {
        RoutePlan plan = plan(RoutingPreferences.DEFAULT);
        assertThat(plan.strategy()).isEqualTo("price-weighted");
        assertThat(plan.routes()).hasSize(5);
        // Within 4x of the cheapest ($0.20 blended): cheapco and deepinfra ($0.63) share the pick.
        assertThat(tags(plan).getFirst()).isIn("cheapco", "deepinfra/turbo");
        assertThat(plan.routes().getFirst().reason()).startsWith("price-weighted pick");
        List<String> rest = tags(plan).subList(1, 5);
        List<String> byPrice = List.of("cheapco", "deepinfra/turbo", "groq", "together", "fireworks").stream()
                .filter(rest::contains)
                .toList();
        assertThat(rest).containsExactlyElementsOf(byPrice);
        assertThat(plan.routes().get(1).reason()).isEqualTo("fallback");
        assertThat(plan.considered()).isEqualTo(5);
    }

    @Test
    void sortByPriceIsDeterministicCheapestFirst() throws NoRouteException {
        RoutePlan plan = plan(prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(plan.strategy()).isEqualTo("sort:price");
        assertThat(tags(plan)).containsExactly("cheapco", "deepinfra/turbo", "groq", "together", "fireworks");
    }

    @Test
    void orderPutsNamedProvidersFirstAndKeepsFallbacksCheapestFirst() throws NoRouteException {
        RoutePlan plan = plan(prefs().order(List.of("together", "groq")).build());
        assertThat(plan.strategy()).isEqualTo("order");
        assertThat(tags(plan)).containsExactly("together", "groq", "cheapco", "deepinfra/turbo", "fireworks");
        assertThat(plan.routes().getFirst().reason()).isEqualTo("provider.order position 1");
        assertThat(plan.routes().get(2).reason()).isEqualTo("fallback");
    }

    @Test
    void orderWithoutFallbacksIsStrictPinning() throws NoRouteException {
        RoutePlan plan = plan(
                prefs().order(List.of("together", "groq")).allowFallbacks(false).build());
        assertThat(tags(plan)).containsExactly("together", "groq");
        assertThatThrownBy(() -> plan(
                        prefs().order(List.of("openai")).allowFallbacks(false).build()))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("provider.order [openai] with allow_fallbacks false");
    }

    @Test
    void allowFallbacksFalseWithoutOrderKeepsOnlyTheTopChoice() throws NoRouteException {
        RoutePlan plan = plan(
                prefs().sort(RoutingPreferences.By.PRICE).allowFallbacks(false).build());
        assertThat(tags(plan)).containsExactly("cheapco");
        assertThat(plan(prefs().allowFallbacks(false).build()).routes()).hasSize(1);
    }

    @Test
    void aBaseSlugMatchesItsTaggedVariants() throws NoRouteException {
        assertThat(tags(plan(prefs().only(List.of("deepinfra")).build()))).containsExactly("deepinfra/turbo");
        assertThat(tags(plan(prefs().only(List.of("deepinfra/turbo")).build()))).containsExactly("deepinfra/turbo");
        assertThat(tags(plan(prefs().order(List.of("DeepInfra")).build())).getFirst())
                .isEqualTo("deepinfra/turbo");
    }

    // ------------------------------------------------------------ each hard filter alone

    @Test
    void onlyAndIgnore() throws NoRouteException {
        assertThat(tags(plan(prefs().only(List.of("groq", "together"))
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("groq", "together");
        assertThat(tags(plan(prefs().ignore(List.of("cheapco", "deepinfra"))
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("groq", "together", "fireworks");
        assertThatThrownBy(() -> plan(prefs().only(List.of("openai")).build()))
                .hasMessageContaining("provider.only [openai]");
        assertThatThrownBy(() -> plan(prefs().ignore(List.of("cheapco", "deepinfra", "groq", "together", "fireworks"))
                        .build()))
                .hasMessageContaining("provider.ignore");
    }

    @Test
    void dataCollectionDenyRemovesProvidersThatTrainOnPrompts() throws NoRouteException {
        RoutePlan plan = plan(prefs().denyDataCollection(true).build());
        assertThat(tags(plan)).doesNotContain("cheapco").hasSize(4);
        assertThat(plan.decisions()).anyMatch(d -> d.startsWith("provider.data_collection deny removed [cheapco]"));
        assertThatThrownBy(() -> plan(prefs().only(List.of("cheapco"))
                        .denyDataCollection(true)
                        .build()))
                .hasMessageContaining("matching your data policy (provider.data_collection: \"deny\")");
    }

    @Test
    void zdrKeepsOnlyZeroRetentionProviders() throws NoRouteException {
        assertThat(tags(plan(prefs().zdr(true).sort(RoutingPreferences.By.PRICE).build())))
                .containsExactly("deepinfra/turbo", "groq", "fireworks");
        assertThatThrownBy(
                        () -> plan(prefs().only(List.of("together")).zdr(true).build()))
                .hasMessageContaining("provider.zdr: true");
    }

    @Test
    void quantizationsMatchCaseInsensitivelyAndUnknown() throws NoRouteException {
        assertThat(tags(plan(prefs().quantizations(List.of("FP16"))
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("together", "fireworks");
        assertThat(tags(plan(prefs().quantizations(List.of("unknown"))
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("cheapco", "groq");
        assertThatThrownBy(() -> plan(prefs().quantizations(List.of("int4")).build()))
                .hasMessageContaining("provider.quantizations [int4]");
    }

    @Test
    void contextMustHoldThePromptPlusMaxTokens() throws NoRouteException {
        RoutePlan plan = plan(
                request(7000, 2000L), prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(tags(plan)).doesNotContain("cheapco");
        assertThat(plan.decisions()).anyMatch(d -> d.startsWith("context length removed [cheapco]"));
        assertThatThrownBy(() -> plan(request(200_000, 1000L), RoutingPreferences.DEFAULT))
                .hasMessageContaining("can fit 201000 tokens (prompt ≈200000 + max_tokens 1000)")
                .hasMessageContaining("largest context length is 131072");
    }

    @Test
    void maxTokensMustBeWithinTheEndpointsMaxOutput() throws NoRouteException {
        // cheapco caps at 2048, deepinfra/fireworks at 8192, groq at 32768, together publishes no cap.
        assertThat(tags(plan(
                        request(10, 16_000L),
                        prefs().sort(RoutingPreferences.By.PRICE).build())))
                .containsExactly("groq", "together");
        assertThat(tags(plan(request(10, 100_000L), RoutingPreferences.DEFAULT)))
                .containsExactly("together");
        assertThatThrownBy(() ->
                        plan(request(10, 50_000L), prefs().only(List.of("groq")).build()))
                .hasMessageContaining("allow max_tokens 50000; the largest maximum output is 32768");
    }

    @Test
    void inputModalitiesMustBeSupportedByTheModel() {
        RouteRequest withImage =
                new RouteRequest(10, null, Set.of("text", "image"), false, null, null, Set.of(), null, "", 1, false);
        assertThatThrownBy(() -> plan(withImage, RoutingPreferences.DEFAULT))
                .hasMessage("No endpoints found for meta-llama/llama-3.3-70b-instruct that support image input.");
    }

    @Test
    void requireParametersKeepsEndpointsSupportingEveryParameter() throws NoRouteException {
        RouteRequest withTools = new RouteRequest(
                10, null, Set.of("text"), true, null, null, Set.of("tools", "temperature"), null, "", 1, false);
        assertThat(tags(plan(
                        withTools,
                        prefs().requireParameters(true)
                                .sort(RoutingPreferences.By.PRICE)
                                .build())))
                .containsExactly("deepinfra/turbo", "groq", "together", "fireworks");
        RouteRequest exotic = new RouteRequest(
                10, null, Set.of("text"), false, null, null, Set.of("temperature", "top_a"), null, "", 1, false);
        assertThatThrownBy(() -> plan(exotic, prefs().requireParameters(true).build()))
                .hasMessageContaining("provider.require_parameters")
                .hasMessageContaining("lacks [top_a]");
        // Without require_parameters unsupported parameters are simply dropped by the adapters.
        assertThat(plan(exotic, RoutingPreferences.DEFAULT).routes()).hasSize(5);
    }

    @Test
    void maxPriceLimitsPromptCompletionRequestAndImagePrices() throws NoRouteException {
        RoutingPreferences.MaxPrice underHalfDollar =
                new RoutingPreferences.MaxPrice(new BigDecimal("0.5"), new BigDecimal("0.5"), null, null);
        assertThat(tags(plan(prefs().maxPrice(underHalfDollar)
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("cheapco", "deepinfra/turbo");
        RoutingPreferences.MaxPrice completionOnly =
                new RoutingPreferences.MaxPrice(null, new BigDecimal("0.79"), null, null);
        assertThat(tags(plan(prefs().maxPrice(completionOnly)
                        .sort(RoutingPreferences.By.PRICE)
                        .build())))
                .containsExactly("cheapco", "deepinfra/turbo", "groq");
        RoutingPreferences.MaxPrice freeRequests = new RoutingPreferences.MaxPrice(null, null, BigDecimal.ZERO, null);
        assertThat(tags(plan(prefs().maxPrice(freeRequests).build()))).doesNotContain("together");
        assertThatThrownBy(() ->
                        plan(prefs().maxPrice(new RoutingPreferences.MaxPrice(new BigDecimal("0.01"), null, null, null))
                                .build()))
                .hasMessageContaining("within provider.max_price (prompt $0.01/M)")
                .hasMessageContaining("the cheapest costs prompt $0.1/M, completion $0.1/M at cheapco");
    }

    // ------------------------------------------------------------ soft filters

    @Test
    void toolsToolChoiceAndResponseFormatAreSoftFilters() throws NoRouteException {
        RouteRequest tools =
                new RouteRequest(10, null, Set.of("text"), true, "required", null, Set.of("tools"), null, "", 1, false);
        RoutePlan plan = plan(tools, prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(tags(plan)).containsExactly("deepinfra/turbo", "groq", "together", "fireworks");
        assertThat(plan.decisions()).anyMatch(d -> d.startsWith("tool use: kept the endpoints that support it"));

        RouteRequest json =
                new RouteRequest(10, null, Set.of("text"), false, null, "json_schema", Set.of(), null, "", 1, false);
        assertThat(tags(plan(json, prefs().sort(RoutingPreferences.By.PRICE).build())))
                .containsExactly("deepinfra/turbo", "groq", "fireworks");

        // When no endpoint declares support, the soft filter drops the feature instead of the model.
        Catalog plain = catalog(
                List.of(LLAMA),
                List.of(),
                List.of(
                        endpoint(LLAMA, "a").parameters("max_tokens").build(),
                        endpoint(LLAMA, "b").parameters("max_tokens").build()));
        Router plainRouter = RoutingFixtures.router(plain, clock, new SplittableRandom(1));
        RoutePlan all = plainRouter.plan(tools, List.of(RouteTarget.of(LLAMA)), RoutingPreferences.DEFAULT);
        assertThat(all.routes()).hasSize(2);
        assertThat(all.decisions()).anyMatch(d -> d.contains("no endpoint declares support for tool use"));
    }

    // ------------------------------------------------------------ filters combined

    @Test
    void filtersCombine() throws NoRouteException {
        RouteRequest request = new RouteRequest(
                9000, 4096L, Set.of("text"), true, null, null, Set.of("tools", "max_tokens"), null, "", 1, false);
        RoutingPreferences combined = prefs().denyDataCollection(true)
                .zdr(true)
                .quantizations(List.of("fp16", "unknown"))
                .maxPrice(new RoutingPreferences.MaxPrice(new BigDecimal("1"), new BigDecimal("1"), null, null))
                .requireParameters(true)
                .ignore(List.of("fireworks"))
                .build();
        // cheapco: trains + 8k context; deepinfra: fp8; together: not zdr; fireworks: ignored. groq is left.
        assertThat(tags(plan(request, combined))).containsExactly("groq");

        // The message names the filter that removed the last endpoint.
        RoutingPreferences tooStrict = combined.toBuilder()
                .maxPrice(new RoutingPreferences.MaxPrice(new BigDecimal("0.5"), null, null, null))
                .build();
        assertThatThrownBy(() -> plan(request, tooStrict)).hasMessageContaining("provider.max_price");
        RoutingPreferences onlyCheapco =
                combined.toBuilder().only(List.of("cheapco")).build();
        assertThatThrownBy(() -> plan(request, onlyCheapco)).hasMessageContaining("provider.data_collection");
    }

    // ------------------------------------------------------------ sorts and health

    @Test
    void sortByThroughputAndLatencyUseTheLastFiveMinutesP50() throws NoRouteException {
        EndpointHealth health = router.health();
        record(health, "groq", 900, 400);
        record(health, "together", 300, 80);
        record(health, "fireworks", 150, 120);
        // cheapco and deepinfra have no data yet: they follow, cheapest first.
        assertThat(tags(plan(prefs().sort(RoutingPreferences.By.THROUGHPUT).build())))
                .containsExactly("groq", "fireworks", "together", "cheapco", "deepinfra/turbo");
        RoutePlan latency = plan(prefs().sort(RoutingPreferences.By.LATENCY).build());
        assertThat(tags(latency)).containsExactly("fireworks", "together", "groq", "cheapco", "deepinfra/turbo");
        assertThat(latency.strategy()).isEqualTo("sort:latency");
        assertThat(latency.routes().getFirst().reason()).startsWith("first by latency (p50 0.1");
    }

    @Test
    void nitroAndFloorVariantsSortByThroughputAndPrice() throws NoRouteException {
        record(router.health(), "fireworks", 100, 500);
        RoutePlan nitro = router.plan(
                request(10, null),
                List.of(new RouteTarget(LLAMA.id() + ":nitro", LLAMA, false, RoutingPreferences.By.THROUGHPUT)),
                RoutingPreferences.DEFAULT);
        assertThat(tags(nitro).getFirst()).isEqualTo("fireworks");
        assertThat(nitro.strategy()).isEqualTo("sort:throughput");
        RoutePlan floor = router.plan(
                request(10, null),
                List.of(new RouteTarget(LLAMA.id() + ":floor", LLAMA, false, RoutingPreferences.By.PRICE)),
                RoutingPreferences.DEFAULT);
        assertThat(tags(floor)).containsExactly("cheapco", "deepinfra/turbo", "groq", "together", "fireworks");
        // An explicit provider.sort wins over the variant.
        RoutePlan explicit = router.plan(
                request(10, null),
                List.of(new RouteTarget(LLAMA.id() + ":nitro", LLAMA, false, RoutingPreferences.By.THROUGHPUT)),
                prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(tags(explicit).getFirst()).isEqualTo("cheapco");
    }

    @Test
    void freeVariantKeepsOnlyFreeEndpoints() throws NoRouteException {
        Model gptOss = model("openai/gpt-oss-20b");
        Catalog catalog = catalog(
                List.of(gptOss),
                List.of(),
                List.of(
                        endpoint(gptOss, "paid").price("0.1").build(),
                        endpoint(gptOss, "gratis").price("0").build()));
        Router free = RoutingFixtures.router(catalog, clock, new SplittableRandom(3));
        RoutePlan plan = free.plan(
                request(10, null),
                List.of(new RouteTarget("openai/gpt-oss-20b:free", gptOss, true, null)),
                RoutingPreferences.DEFAULT);
        assertThat(tags(plan)).containsExactly("gratis");
        assertThatThrownBy(() -> router.plan(
                        request(10, null),
                        List.of(new RouteTarget(LLAMA.id() + ":free", LLAMA, true, null)),
                        RoutingPreferences.DEFAULT))
                .hasMessage("No free endpoints found for meta-llama/llama-3.3-70b-instruct:free.");
    }

    @Test
    void preferredThroughputAndLatencyAreSoft() throws NoRouteException {
        record(router.health(), "cheapco", 3000, 5);
        record(router.health(), "deepinfra", 200, 100);
        RoutePlan plan = plan(prefs().preferredMinThroughput(RoutingPreferences.Cutoffs.p50(20))
                .sort(RoutingPreferences.By.PRICE)
                .build());
        // cheapco is too slow: moved to the end, not removed.
        assertThat(tags(plan)).containsExactly("deepinfra/turbo", "groq", "together", "fireworks", "cheapco");
        assertThat(plan.routes().getLast().reason()).contains("misses throughput or latency preference");
        RoutePlan latency = plan(prefs().preferredMaxLatency(new RoutingPreferences.Cutoffs(null, null, 1.0, null))
                .sort(RoutingPreferences.By.PRICE)
                .build());
        assertThat(tags(latency).getLast()).isEqualTo("cheapco");
        // Default order: the price-weighted pick only considers endpoints meeting the preference.
        for (int i = 0; i < 20; i++) {
            assertThat(tags(plan(prefs().preferredMinThroughput(RoutingPreferences.Cutoffs.p50(20))
                                    .build()))
                            .getFirst())
                    .isNotEqualTo("cheapco");
        }
    }

    // ------------------------------------------------------------ several models

    @Test
    void modelsFallBackToTheNextModelWhenTheFirstHasNoEligibleEndpoint() throws NoRouteException {
        Model small = model("acme/small", List.of("text"), 4096);
        Model big = model("acme/big", List.of("text", "image"), 200_000);
        Catalog catalog = catalog(
                List.of(small, big),
                List.of(),
                List.of(
                        endpoint(small, "p1").price("0.1").context(4096).build(),
                        endpoint(big, "p2").price("1").context(200_000).build(),
                        endpoint(big, "p3").price("2").context(200_000).build()));
        Router models = RoutingFixtures.router(catalog, clock, new SplittableRandom(5));
        List<RouteTarget> targets = List.of(RouteTarget.of(small), RouteTarget.of(big));
        RoutePlan plan = models.plan(
                request(10_000, null),
                targets,
                prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(tags(plan)).containsExactly("p2", "p3");
        assertThat(plan.routes().getFirst().model().id()).isEqualTo("acme/big");
        assertThat(plan.decisions()).anyMatch(d -> d.startsWith("model acme/small skipped: No endpoints found"));

        // Both fit: the first model's endpoints, then the next model's.
        RoutePlan both = models.plan(
                request(100, null),
                targets,
                prefs().sort(RoutingPreferences.By.PRICE).build());
        assertThat(tags(both)).containsExactly("p1", "p2", "p3");

        // Nothing fits anywhere: one message per model.
        assertThatThrownBy(() -> models.plan(request(500_000, null), targets, RoutingPreferences.DEFAULT))
                .hasMessageContaining("acme/small that can fit")
                .hasMessageContaining("acme/big that can fit");
    }

    @Test
    void partitionNoneSortsTheEndpointsOfEveryModelTogether() throws NoRouteException {
        Model a = model("acme/a");
        Model b = model("acme/b");
        Catalog catalog = catalog(
                List.of(a, b),
                List.of(),
                List.of(
                        endpoint(a, "a1").price("3").build(),
                        endpoint(a, "a2").price("1").build(),
                        endpoint(b, "b1").price("2").build()));
        Router models = RoutingFixtures.router(catalog, clock, new SplittableRandom(5));
        List<RouteTarget> targets = List.of(RouteTarget.of(a), RouteTarget.of(b));
        RoutePlan byModel = models.plan(
                request(10, null),
                targets,
                prefs().sort(new RoutingPreferences.Sort(
                                RoutingPreferences.By.PRICE, RoutingPreferences.Partition.MODEL))
                        .build());
        assertThat(tags(byModel)).containsExactly("a2", "a1", "b1");
        RoutePlan global = models.plan(
                request(10, null),
                targets,
                prefs().sort(new RoutingPreferences.Sort(
                                RoutingPreferences.By.PRICE, RoutingPreferences.Partition.NONE))
                        .build());
        assertThat(tags(global)).containsExactly("a2", "b1", "a1");
    }

    // ------------------------------------------------------------ sticky routing

    @Test
    void aConversationStaysOnItsEndpointWhileItIsHealthy() throws NoRouteException {
        RouteRequest conversation = request(2000, null).withStickyKey("session:key:abc");
        RoutePlan first = plan(conversation, RoutingPreferences.DEFAULT);
        // Pretend the fallback served it (e.g. the first choice failed): the conversation now sticks to groq.
        Endpoint groq = CATALOG.endpoints(LLAMA.id()).stream()
                .filter(e -> e.tag().equals("groq"))
                .findFirst()
                .orElseThrow();
        router.served(conversation, LLAMA, groq);
        for (int i = 0; i < 10; i++) {
            RoutePlan next = plan(conversation, RoutingPreferences.DEFAULT);
            assertThat(tags(next).getFirst()).isEqualTo("groq");
            assertThat(next.strategy()).isEqualTo("sticky");
        }
        assertThat(first.strategy()).isEqualTo("price-weighted");
        // Another conversation is load balanced as usual.
        assertThat(plan(request(2000, null).withStickyKey("session:key:other"), RoutingPreferences.DEFAULT)
                        .strategy())
                .isEqualTo("price-weighted");
        // provider.order disables stickiness.
        assertThat(tags(plan(conversation, prefs().order(List.of("together")).build()))
                        .getFirst())
                .isEqualTo("together");
        // When groq has an outage the conversation moves on.
        router.health().recordFailure(groq.id());
        router.health().recordFailure(groq.id());
        RoutePlan moved = plan(conversation, RoutingPreferences.DEFAULT);
        assertThat(tags(moved).getFirst()).isNotEqualTo("groq");
        assertThat(tags(moved).getLast()).isEqualTo("groq");
        // It expires after ten minutes without use.
        clock.advance(Duration.ofMinutes(11));
        assertThat(plan(conversation, RoutingPreferences.DEFAULT).strategy()).isEqualTo("price-weighted");
    }

    @Test
    void unknownPricesAreNeverCheaper() throws NoRouteException {
        Model auto = model("openrouter/auto");
        Catalog catalog = catalog(
                List.of(auto),
                List.of(),
                List.of(
                        endpoint(auto, "variable").price("-1").build(),
                        endpoint(auto, "known").price("5").build()));
        Router prices = RoutingFixtures.router(catalog, clock, new SplittableRandom(9));
        for (int i = 0; i < 20; i++) {
            assertThat(tags(prices.plan(auto, RoutingPreferences.DEFAULT))).containsExactly("known", "variable");
        }
        assertThatThrownBy(() -> prices.plan(
                        auto,
                        prefs().only(List.of("variable"))
                                .maxPrice(new RoutingPreferences.MaxPrice(new BigDecimal("100"), null, null, null))
                                .build()))
                .hasMessageContaining("provider.max_price");
    }

    /** Five successes with the given time to first token (ms) and throughput (tokens/s). */
    private void record(EndpointHealth health, String provider, long ttftMs, double tokensPerSecond) {
        String id = CATALOG.endpoints(LLAMA.id()).stream()
                .filter(e -> e.providerSlug().equals(provider))
                .findFirst()
                .orElseThrow()
                .id();
        for (int i = 0; i < 5; i++) {
            health.recordSuccess(id, ttftMs, tokensPerSecond);
        }
        clock.advance(Duration.ofSeconds(2));
    }
}
