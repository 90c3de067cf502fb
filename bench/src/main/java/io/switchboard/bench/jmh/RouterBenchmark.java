package io.switchboard.bench.jmh;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.CatalogLoader;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.routing.AutoRouter;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.NoRouteException;
import io.switchboard.routing.RoutePlan;
import io.switchboard.routing.RouteRequest;
import io.switchboard.routing.RouteTarget;
import io.switchboard.routing.Router;
import io.switchboard.routing.RoutingPreferences;
import io.switchboard.routing.StickyRoutes;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing adds to a request: {@code Router.plan} for {@code meta-llama/llama-3.3-70b-instruct}, which has 10
 * endpoints in the bundled catalog, each with live health data (so every plan reads outage state and percentiles).
 * Sample mode, so JMH reports p50/p90/p99/p99.9 per call besides the mean.
 *
 * <ul>
 *   <li>{@code planDefault}: price-weighted load balancing (the common case);
 *   <li>{@code planFiltered}: {@code only}, {@code ignore}, {@code max_price}, {@code require_parameters}, a
 *       {@code tools} soft filter and a 3000-token prompt with {@code max_tokens};
 *   <li>{@code planSortThroughput}: {@code provider.sort: "throughput"} (percentile-based ordering);
 *   <li>{@code planThreeModels}: the {@code models} fallback list with three models (25 endpoints);
 *   <li>{@code autoRouter}: the auto router over its default pool (difficulty scoring of a 500-character prompt);
 *   <li>{@code recordSuccess}: feeding health after an attempt;
 *   <li>{@code baselineCheapestFirst}: what routing did before (copy the model's endpoints, sort them by price), so
 *       that "added" latency is {@code planDefault} minus this.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBenchmark {
    private Catalog catalog;
    private Router router;
    private AutoRouter auto;
    private EndpointHealth health;
    private Model llama;
    private List<RouteTarget> threeModels;
    private RouteRequest plain;
    private RouteRequest withTools;
    private RoutingPreferences filtered;
    private RoutingPreferences byThroughput;
    private String endpointId;
    private long counter;

    @Setup
    public void setUp() {
        catalog = CatalogLoader.loadBundled();
        llama = catalog.model("meta-llama/llama-3.3-70b-instruct").orElseThrow();
        List<Endpoint> endpoints = catalog.endpoints(llama.id());
        if (endpoints.size() != 10) {
            throw new IllegalStateException("expected 10 endpoints, found " + endpoints.size());
        }
        health = new EndpointHealth(InstantSource.system());
        SplittableRandom random = new SplittableRandom(42);
        for (Endpoint endpoint : catalog.allEndpoints()) {
            for (int i = 0; i < 50; i++) {
                health.recordSuccess(endpoint.id(), 100 + random.nextInt(900), 20 + random.nextInt(200));
            }
            health.recordFailure(endpoint.id());
        }
        router = new Router(
                () -> catalog,
                health,
                new StickyRoutes(InstantSource.system(), StickyRoutes.DEFAULT_TTL),
                new SplittableRandom(7));
        auto = new AutoRouter(() -> catalog, AutoRouter.DEFAULT_POOL);
        endpointId = endpoints.getFirst().id();
        threeModels = List.of(
                RouteTarget.of(llama),
                RouteTarget.of(catalog.model("deepseek/deepseek-r1").orElseThrow()),
                RouteTarget.of(catalog.model("qwen/qwen3-32b").orElseThrow()));
        plain = new RouteRequest(40, null, Set.of("text"), false, null, null, Set.of(), null, "Hello", 1, false);
        String prompt = "Please refactor this function and explain step by step:\n```python\ndef f(x):\n"
                + "    return x * 2\n```\n".repeat(20);
        withTools = new RouteRequest(
                3000,
                1024L,
                Set.of("text"),
                true,
                "auto",
                null,
                Set.of("tools", "tool_choice", "max_tokens", "temperature"),
                null,
                prompt,
                4,
                false);
        filtered = RoutingPreferences.builder()
                .only(List.of(
                        "together", "fireworks", "deepinfra", "groq", "cerebras", "sambanova", "novita", "nebius"))
                .ignore(List.of("nebius"))
                .maxPrice(new RoutingPreferences.MaxPrice(new BigDecimal("1"), new BigDecimal("2"), null, null))
                .requireParameters(true)
                .build();
        byThroughput = RoutingPreferences.builder()
                .sort(RoutingPreferences.By.THROUGHPUT)
                .build();
    }

    @Benchmark
    public RoutePlan planDefault() throws NoRouteException {
        return router.plan(plain, List.of(RouteTarget.of(llama)), RoutingPreferences.DEFAULT);
    }

    @Benchmark
    public RoutePlan planFiltered() throws NoRouteException {
        return router.plan(withTools, List.of(RouteTarget.of(llama)), filtered);
    }

    @Benchmark
    public RoutePlan planSortThroughput() throws NoRouteException {
        return router.plan(plain, List.of(RouteTarget.of(llama)), byThroughput);
    }

    @Benchmark
    public RoutePlan planThreeModels() throws NoRouteException {
        return router.plan(plain, threeModels, RoutingPreferences.DEFAULT);
    }

    @Benchmark
    public AutoRouter.Choice autoRouter() throws NoRouteException {
        return auto.choose(withTools, List.of(), List.of());
    }

    @Benchmark
    public List<Endpoint> baselineCheapestFirst() {
        List<Endpoint> endpoints = new ArrayList<>(catalog.endpoints(llama.id()));
        endpoints.sort(Comparator.comparing(
                endpoint -> endpoint.pricing().prompt().add(endpoint.pricing().completion())));
        return List.copyOf(endpoints);
    }

    @Benchmark
    public long recordSuccess() {
        health.recordSuccess(endpointId, 250, 80);
        return ++counter;
    }
}
