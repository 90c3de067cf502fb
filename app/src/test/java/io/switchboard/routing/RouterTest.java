package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.DataPolicy;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.catalog.Provider;
import io.switchboard.catalog.WireFormat;
import io.switchboard.json.Json;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Model LLAMA = new Model(
            "meta-llama/llama-3.3-70b-instruct",
            "meta-llama/llama-3.3-70b-instruct",
            "Llama 3.3 70B",
            0,
            "",
            131072,
            List.of("text"),
            List.of("text"),
            Pricing.FREE,
            List.of(),
            false,
            Json.object());
    private static final Catalog CATALOG = new Catalog(
            List.of(provider("together"), provider("groq"), provider("deepinfra")),
            List.of(LLAMA),
            List.of(
                    endpoint("together", "0.00000088"),
                    endpoint("groq", "0.00000059"),
                    endpoint("deepinfra", "0.00000023")));
    private final Router router = new Router(() -> CATALOG);

    @Test
    void defaultOrderIsCheapestFirst() throws NoRouteException {
        assertThat(slugs(router.plan(LLAMA, RoutingPreferences.DEFAULT)))
                .containsExactly("deepinfra", "groq", "together");
    }

    @Test
    void orderPutsNamedProvidersFirstAndKeepsFallbacks() throws NoRouteException {
        assertThat(slugs(router.plan(LLAMA, new RoutingPreferences(List.of("together"), true, List.of(), List.of()))))
                .containsExactly("together", "deepinfra", "groq");
        assertThat(slugs(router.plan(LLAMA, new RoutingPreferences(List.of("together"), false, List.of(), List.of()))))
                .containsExactly("together");
    }

    @Test
    void onlyAndIgnoreFilter() throws NoRouteException {
        assertThat(slugs(router.plan(
                        LLAMA, new RoutingPreferences(List.of(), true, List.of("groq", "together"), List.of()))))
                .containsExactly("groq", "together");
        assertThat(slugs(router.plan(LLAMA, new RoutingPreferences(List.of(), true, List.of(), List.of("deepinfra")))))
                .containsExactly("groq", "together");
    }

    @Test
    void emptyResultSaysWhichFilterEmptiedIt() {
        assertThatThrownBy(
                        () -> router.plan(LLAMA, new RoutingPreferences(List.of(), true, List.of("openai"), List.of())))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("provider.only");
        assertThatThrownBy(() -> router.plan(
                        LLAMA,
                        new RoutingPreferences(List.of(), true, List.of(), List.of("together", "groq", "deepinfra"))))
                .hasMessageContaining("provider.ignore");
    }

    private static List<String> slugs(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::providerSlug).toList();
    }

    private static Provider provider(String slug) {
        return new Provider(
                slug,
                slug,
                WireFormat.OPENAI,
                "http://" + slug,
                slug.toUpperCase() + "_API_KEY",
                DataPolicy.UNKNOWN,
                List.of());
    }

    private static Endpoint endpoint(String provider, String price) {
        return new Endpoint(
                LLAMA.id(),
                provider,
                provider,
                "llama",
                Pricing.of(new BigDecimal(price), new BigDecimal(price)),
                131072,
                8192L,
                null,
                List.of());
    }
}
