package io.switchboard.routing;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.DataPolicy;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.json.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Small catalogs, a settable clock and a router over them, for routing unit tests. */
final class RoutingFixtures {
    static final List<String> ALL_PARAMETERS = List.of(
            "max_tokens",
            "temperature",
            "top_p",
            "stop",
            "seed",
            "tools",
            "tool_choice",
            "response_format",
            "structured_outputs");

    private RoutingFixtures() {}

    static Model model(String id) {
        return model(id, List.of("text"), 131_072);
    }

    static Model model(String id, List<String> inputModalities, long context) {
        return new Model(
                id,
                id,
                id,
                0,
                "",
                context,
                inputModalities,
                List.of("text"),
                Pricing.FREE,
                ALL_PARAMETERS,
                false,
                Json.object());
    }

    static Provider provider(String slug) {
        return provider(slug, DataPolicy.UNKNOWN);
    }

    static Provider provider(String slug, DataPolicy policy) {
        return new Provider(
                slug, slug, WireFormat.OPENAI, "http://" + slug, slug.toUpperCase() + "_API_KEY", policy, List.of());
    }

    static EndpointBuilder endpoint(Model model, String provider) {
        return new EndpointBuilder(model, provider);
    }

    /** USD per million tokens to USD per token. */
    static BigDecimal perToken(String perMillion) {
        return new BigDecimal(perMillion).divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
    }

    static final class EndpointBuilder {
        private final Model model;
        private final String provider;
        private String tag;
        private BigDecimal prompt = perToken("1");
        private BigDecimal completion = perToken("1");
        private BigDecimal request = BigDecimal.ZERO;
        private BigDecimal image = BigDecimal.ZERO;
        private long context = 131_072;
        private Long maxOutput = 8192L;
        private String quantization;
        private List<String> parameters = ALL_PARAMETERS;

        EndpointBuilder(Model model, String provider) {
            this.model = model;
            this.provider = provider;
            this.tag = provider;
        }

        /** Prompt and completion both at {@code perMillion} USD per million tokens. */
        EndpointBuilder price(String perMillion) {
            prompt = perToken(perMillion);
            completion = perToken(perMillion);
            return this;
        }

        EndpointBuilder prices(String promptPerMillion, String completionPerMillion) {
            prompt = perToken(promptPerMillion);
            completion = perToken(completionPerMillion);
            return this;
        }

        EndpointBuilder requestPrice(String usd) {
            request = new BigDecimal(usd);
            return this;
        }

        EndpointBuilder imagePrice(String usd) {
            image = new BigDecimal(usd);
            return this;
        }

        EndpointBuilder tag(String value) {
            tag = value;
            return this;
        }

        EndpointBuilder context(long value) {
            context = value;
            return this;
        }

        EndpointBuilder maxOutput(Long value) {
            maxOutput = value;
            return this;
        }

        EndpointBuilder quantization(String value) {
            quantization = value;
            return this;
        }

        EndpointBuilder parameters(String... values) {
            parameters = List.of(values);
            return this;
        }

        Endpoint build() {
            return new Endpoint(
                    model.id(),
                    provider,
                    tag,
                    model.id() + "@" + provider,
                    new Pricing(prompt, completion, request, image, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO),
                    context,
                    maxOutput,
                    quantization,
                    parameters);
        }
    }

    /** A catalog from endpoints; providers are created for every slug used (data policy unknown unless given). */
    static Catalog catalog(List<Model> models, List<Provider> providers, List<Endpoint> endpoints) {
        List<Provider> all = new ArrayList<>(providers);
        for (Endpoint endpoint : endpoints) {
            if (all.stream().noneMatch(p -> p.slug().equals(endpoint.providerSlug()))) {
                all.add(provider(endpoint.providerSlug()));
            }
        }
        return new Catalog(all, models, endpoints);
    }

    static Router router(Catalog catalog, InstantSource clock, RandomGenerator random) {
        return new Router(
                () -> catalog, new EndpointHealth(clock), new StickyRoutes(clock, StickyRoutes.DEFAULT_TTL), random);
    }

    static RouteRequest request(long promptTokens, Long maxTokens) {
        return new RouteRequest(
                promptTokens, maxTokens, Set.of("text"), false, null, null, Set.of(), null, "", 1, false);
    }

    static List<String> tags(RoutePlan plan) {
        return plan.routes().stream().map(route -> route.endpoint().tag()).toList();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements InstantSource {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        synchronized void set(Instant instant) {
            now = instant;
        }
    }
}
