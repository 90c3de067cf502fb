package io.switchboard.routing;

import static io.switchboard.routing.RoutingFixtures.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.CatalogLoader;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The auto router: deterministic needs filtering, difficulty scoring and model choice, with reasons. */
class RoutingAutoRouterTest {
    private static final Model NANO = model("acme/nano", "0.05", List.of("text"), List.of(), 128_000);
    private static final Model MINI =
            model("acme/mini", "0.5", List.of("text", "image"), List.of("tools", "response_format"), 128_000);
    private static final Model PRO = model(
            "other/pro",
            "5",
            List.of("text", "image"),
            List.of("tools", "response_format", "structured_outputs", "reasoning"),
            1_000_000);
    private static final Model MAX =
            model("other/max", "20", List.of("text"), List.of("tools", "structured_outputs", "reasoning"), 200_000);
    private static final Catalog CATALOG = new Catalog(
            List.of(RoutingFixtures.provider("p")),
            List.of(NANO, MINI, PRO, MAX),
            List.of(
                    endpoint(NANO, "p").build(),
                    endpoint(MINI, "p").build(),
                    endpoint(PRO, "p").build(),
                    endpoint(MAX, "p").build()));
    private final AutoRouter auto =
            new AutoRouter(() -> CATALOG, List.of("acme/nano", "acme/mini", "other/pro", "other/max"));

    private static RouteRequest ask(String text) {
        return new RouteRequest(
                text.length() / 4, null, Set.of("text"), false, null, null, Set.of(), null, text, 1, false);
    }

    @Test
    void theDefaultPoolIsMadeOfRealCatalogModels() {
        Catalog bundled = CatalogLoader.loadBundled();
        for (String id : AutoRouter.DEFAULT_POOL) {
            assertThat(bundled.model(id)).as(id).isPresent();
            assertThat(bundled.endpoints(id)).as(id).isNotEmpty();
        }
        assertThat(AutoRouter.isAuto("openrouter/auto")).isTrue();
        assertThat(AutoRouter.isAuto("switchboard/auto")).isTrue();
        assertThat(AutoRouter.isAuto("openrouter/free")).isFalse();
    }

    @Test
    void easyPromptsGetCheapModelsAndHardOnesStrongModels() throws NoRouteException {
        AutoRouter.Choice hello = auto.choose(ask("Hi there!"), List.of(), List.of());
        assertThat(hello.model().id()).isEqualTo("acme/nano");
        assertThat(hello.assessment().difficulty()).isEqualTo(10);
        assertThat(hello.assessment().signals()).containsExactly("short prompt");
        assertThat(hello.reason())
                .isEqualTo("auto router: difficulty 10/100 (short prompt) → light; chose acme/nano, rank 1 of 4"
                        + " eligible models by price");

        AutoRouter.Choice proof = auto.choose(
                ask("Think hard and prove step by step that the integral of 1/x^2 from 1 to infinity converges."),
                List.of(),
                List.of());
        assertThat(proof.assessment().signals()).containsExactly("maths", "'think hard'");
        assertThat(proof.assessment().difficulty()).isEqualTo(75);
        // round(0.75 × 3) = rank 2 of 0..3
        assertThat(proof.model().id()).isEqualTo("other/pro");
        assertThat(proof.effort()).isEqualTo("high");
        assertThat(proof.reason()).endsWith("; reasoning.effort high");
    }

    @Test
    void codeMathsStructureAndIntentEachMoveTheScore() {
        assertThat(AutoRouter.assess(ask("```java\nclass A {}\n```\nWhy does this not compile?"))
                        .signals())
                .contains("code");
        assertThat(AutoRouter.assess(ask("def f(x):\n    return x * 2;\nprint(f(3));"))
                        .signals())
                .contains("code");
        assertThat(AutoRouter.assess(ask("Compute \\frac{1}{2} + \\frac{1}{3} please"))
                        .signals())
                .contains("maths");
        assertThat(AutoRouter.assess(ask("Plan my trip:\n1. flights\n2. hotel\n3. museums\n4. food"))
                        .signals())
                .contains("multi-part request");
        AutoRouter.Assessment quick = AutoRouter.assess(ask("Quick answer: what is the capital of Peru? briefly"));
        assertThat(quick.intent()).isEqualTo(AutoRouter.Intent.QUICK);
        assertThat(quick.effort()).isEqualTo("low");
        assertThat(quick.difficulty()).isZero();
        // Phrases match whole words only: "thoroughlyness" is not "thoroughly".
        assertThat(AutoRouter.assess(ask("rate the thoroughlyness of this text"))
                        .intent())
                .isEqualTo(AutoRouter.Intent.NONE);
        RouteRequest longPrompt = new RouteRequest(
                9000, null, Set.of("text"), true, null, "json_schema", Set.of(), null, "Summarise.", 12, false);
        assertThat(AutoRouter.assess(longPrompt).signals())
                .containsExactly("very long prompt", "long conversation", "tools", "JSON schema");
        assertThat(AutoRouter.assess(longPrompt).difficulty()).isEqualTo(60);
        assertThat(AutoRouter.assess(longPrompt).effort()).isEqualTo("medium");
    }

    @Test
    void theRequestsNeedsFilterThePool() throws NoRouteException {
        RouteRequest image = new RouteRequest(
                100, null, Set.of("text", "image"), false, null, null, Set.of(), null, "What is this?", 1, false);
        AutoRouter.Choice choice = auto.choose(image, List.of(), List.of());
        assertThat(choice.eligible()).containsExactly("acme/mini", "other/pro");
        assertThat(choice.reason()).contains("needs image input");

        RouteRequest schema = new RouteRequest(
                100, null, Set.of("text"), false, null, "json_schema", Set.of(), null, "Extract it.", 1, false);
        assertThat(auto.choose(schema, List.of(), List.of()).eligible()).containsExactly("other/pro", "other/max");

        RouteRequest huge = new RouteRequest(
                500_000, 1000L, Set.of("text"), true, null, null, Set.of(), null, "Summarise.", 1, false);
        AutoRouter.Choice big = auto.choose(huge, List.of(), List.of());
        assertThat(big.model().id()).isEqualTo("other/pro");
        assertThat(big.reason()).contains("needs tools, 501000 tokens of context");

        RouteRequest impossible = new RouteRequest(
                100, null, Set.of("text", "audio"), false, null, null, Set.of(), null, "Transcribe.", 1, false);
        assertThatThrownBy(() -> auto.choose(impossible, List.of(), List.of()))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("The auto router found no model in its pool that supports audio input.");
    }

    @Test
    void allowedAndExcludedModelsRestrictTheChoice() throws NoRouteException {
        AutoRouter.Choice choice = auto.choose(ask("Think hard about this."), List.of("acme/*"), List.of());
        assertThat(choice.eligible()).containsExactly("acme/nano", "acme/mini");
        assertThat(choice.model().id()).isEqualTo("acme/mini");
        assertThat(auto.choose(ask("Think hard about this."), List.of("*"), List.of("other/*"))
                        .eligible())
                .containsExactly("acme/nano", "acme/mini");
        assertThat(auto.choose(ask("hello"), List.of("other/max"), List.of())
                        .model()
                        .id())
                .isEqualTo("other/max");
        assertThatThrownBy(() -> auto.choose(ask("hello"), List.of("nobody/*"), List.of()))
                .hasMessageContaining("among allowed_models [nobody/*]");
    }

    @Test
    void aClientsOwnReasoningSettingIsKept() throws NoRouteException {
        RouteRequest own = new RouteRequest(
                10, null, Set.of("text"), false, null, null, Set.of(), null, "Think hard: 2+2?", 1, true);
        AutoRouter.Choice choice = auto.choose(own, List.of(), List.of());
        assertThat(choice.model().supportedParameters()).contains("reasoning");
        assertThat(choice.effort()).isNull();
    }

    @Test
    void theSameRequestAlwaysGetsTheSameAnswer() throws NoRouteException {
        RouteRequest request =
                ask("Refactor this function and explain the trade-offs:\n```\nint f() { return 1; }\n```");
        AutoRouter.Choice first = auto.choose(request, List.of(), List.of());
        for (int i = 0; i < 50; i++) {
            assertThat(auto.choose(request, List.of(), List.of())).isEqualTo(first);
        }
    }

    private static Model model(
            String id, String pricePerMillion, List<String> inputs, List<String> parameters, long context) {
        BigDecimal price = RoutingFixtures.perToken(pricePerMillion);
        return new Model(
                id,
                id,
                id,
                0,
                "",
                context,
                inputs,
                List.of("text"),
                Pricing.of(price, price),
                parameters,
                false,
                Json.object());
    }
}
