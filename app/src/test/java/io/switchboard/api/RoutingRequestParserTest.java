package io.switchboard.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.CatalogLoader;
import io.switchboard.routing.RouteRequest;
import io.switchboard.routing.RouteTarget;
import io.switchboard.routing.RoutingPreferences;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code provider} object, {@code route}, variants and what routing reads from a request body. */
class RoutingRequestParserTest {
    private static ChatRequest parse(String extra) throws ApiException {
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
        return ChatRequestParser.parse(body.getBytes(UTF_8));
    }

    @Test
    void everyProviderFieldIsParsed() throws ApiException {
        RoutingPreferences p = parse("""
                "provider": {"order": ["groq", "together"], "allow_fallbacks": false, "only": ["groq", "together"],
                 "ignore": ["azure"], "sort": "throughput", "data_collection": "deny", "zdr": true,
                 "quantizations": ["FP8", "bf16"], "require_parameters": true,
                 "max_price": {"prompt": 1, "completion": "2.5", "request": 0, "image": 0.01},
                 "preferred_min_throughput": {"p50": 100, "p90": 20}, "preferred_max_latency": 2.5}""").routing();
        assertThat(p.order()).containsExactly("groq", "together");
        assertThat(p.allowFallbacks()).isFalse();
        assertThat(p.only()).containsExactly("groq", "together");
        assertThat(p.ignore()).containsExactly("azure");
        assertThat(p.sort()).isEqualTo(RoutingPreferences.Sort.by(RoutingPreferences.By.THROUGHPUT));
        assertThat(p.denyDataCollection()).isTrue();
        assertThat(p.zdr()).isTrue();
        assertThat(p.quantizations()).containsExactly("fp8", "bf16");
        assertThat(p.requireParameters()).isTrue();
        assertThat(p.maxPrice())
                .isEqualTo(new RoutingPreferences.MaxPrice(
                        new BigDecimal("1"), new BigDecimal("2.5"), new BigDecimal("0"), new BigDecimal("0.01")));
        assertThat(p.preferredMinThroughput()).isEqualTo(new RoutingPreferences.Cutoffs(100.0, null, 20.0, null));
        assertThat(p.preferredMaxLatency()).isEqualTo(RoutingPreferences.Cutoffs.p50(2.5));
        assertThat(parse("").routing()).isEqualTo(RoutingPreferences.DEFAULT);
    }

    @Test
    void sortObjectAndLegacyRoute() throws ApiException {
        assertThat(parse("\"provider\":{\"sort\":{\"by\":\"latency\",\"partition\":\"none\"}}")
                        .routing()
                        .sort())
                .isEqualTo(
                        new RoutingPreferences.Sort(RoutingPreferences.By.LATENCY, RoutingPreferences.Partition.NONE));
        assertThat(parse("\"route\":\"fallback\"").routing()).isEqualTo(RoutingPreferences.DEFAULT);
        assertThat(parse("\"route\":\"sort\"").routing().sort())
                .isEqualTo(new RoutingPreferences.Sort(RoutingPreferences.By.PRICE, RoutingPreferences.Partition.NONE));
        assertThat(parse("\"route\":\"sort\",\"provider\":{\"sort\":\"throughput\"}")
                        .routing()
                        .sort())
                .isEqualTo(new RoutingPreferences.Sort(
                        RoutingPreferences.By.THROUGHPUT, RoutingPreferences.Partition.NONE));
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        assertThatThrownBy(() -> parse("\"provider\":{\"sort\":\"fastest\"}")).hasMessageContaining("'provider.sort'");
        assertThatThrownBy(() -> parse("\"provider\":{\"sort\":{\"by\":\"price\",\"partition\":\"all\"}}"))
                .hasMessageContaining("'provider.sort.partition'");
        assertThatThrownBy(() -> parse("\"provider\":{\"data_collection\":\"never\"}"))
                .hasMessageContaining("'provider.data_collection'");
        assertThatThrownBy(() -> parse("\"provider\":{\"zdr\":\"yes\"}")).hasMessageContaining("'provider.zdr'");
        assertThatThrownBy(() -> parse("\"provider\":{\"max_price\":{\"prompt\":-1}}"))
                .hasMessageContaining("'provider.max_price.prompt'");
        assertThatThrownBy(() -> parse("\"provider\":{\"max_price\":5}")).hasMessageContaining("'provider.max_price'");
        assertThatThrownBy(() -> parse("\"provider\":{\"preferred_max_latency\":{\"p90\":\"slow\"}}"))
                .hasMessageContaining("'provider.preferred_max_latency.p90'");
        assertThatThrownBy(() -> parse("\"provider\":{\"quantizations\":\"fp8\"}"))
                .hasMessageContaining("'provider.quantizations'");
        assertThatThrownBy(() -> parse("\"route\":\"random\"")).hasMessageContaining("'route'");
    }

    @Test
    void routeRequestCarriesSizeModalitiesToolsParametersAndStickyKey() throws ApiException {
        String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA\"}}";
        ChatRequest request =
                ChatRequestParser.parse(("{\"model\":\"openai/gpt-4o-mini\",\"max_completion_tokens\":500,"
                                + "\"temperature\":0.2,\"reasoning_effort\":\"low\",\"session_id\":\"conv-1\","
                                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}},"
                                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":["
                                + "{\"type\":\"text\",\"text\":\"What is this?\"}," + image
                                + ",{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\",\"format\":\"wav\"}}]}]}")
                        .getBytes(UTF_8));
        RouteRequest route = RouteRequests.of(request, "keyhash", null);
        assertThat(route.maxTokens()).isEqualTo(500);
        assertThat(route.promptTokens()).isGreaterThan(85);
        assertThat(route.inputModalities()).containsExactlyInAnyOrder("text", "image", "audio");
        assertThat(route.tools()).isTrue();
        assertThat(route.toolChoice()).isEqualTo("function");
        assertThat(route.responseFormat()).isEqualTo("json_schema");
        assertThat(route.parameters())
                .containsExactlyInAnyOrder(
                        "max_tokens",
                        "temperature",
                        "reasoning",
                        "tools",
                        "tool_choice",
                        "response_format",
                        "structured_outputs");
        assertThat(route.stickyKey()).isEqualTo("session:keyhash:conv-1");
        assertThat(route.lastUserText()).isEqualTo("What is this?");
        assertThat(route.messageCount()).isEqualTo(2);
        assertThat(route.reasoningRequested()).isTrue();
    }

    @Test
    void stickyKeysComeFromTheSessionOrFromLongPromptPrefixes() throws ApiException {
        assertThat(RouteRequests.of(parse(""), "k", null).stickyKey()).isNull();
        assertThat(RouteRequests.of(parse(""), "k", "header-session").stickyKey())
                .isEqualTo("session:k:header-session");
        assertThat(RouteRequests.of(parse("\"prompt_cache_key\":\"pck\""), "k", null)
                        .stickyKey())
                .isEqualTo("session:k:pck");
        String longSystem = "x".repeat(5000);
        String turn1 = "{\"model\":\"m/m\",\"messages\":[{\"role\":\"system\",\"content\":\"" + longSystem
                + "\"},{\"role\":\"user\",\"content\":\"first question\"}]}";
        String turn2 = "{\"model\":\"m/m\",\"messages\":[{\"role\":\"system\",\"content\":\"" + longSystem
                + "\"},{\"role\":\"user\",\"content\":\"first question\"},{\"role\":\"assistant\",\"content\":\"answer\"},"
                + "{\"role\":\"user\",\"content\":\"second question\"}]}";
        String key1 = RouteRequests.of(ChatRequestParser.parse(turn1.getBytes(UTF_8)), "k", null)
                .stickyKey();
        String key2 = RouteRequests.of(ChatRequestParser.parse(turn2.getBytes(UTF_8)), "k", null)
                .stickyKey();
        assertThat(key1).startsWith("prefix:k:").isEqualTo(key2);
        assertThat(RouteRequests.of(ChatRequestParser.parse(turn1.getBytes(UTF_8)), "other", null)
                        .stickyKey())
                .isNotEqualTo(key1);
    }

    @Test
    void variantsResolveAgainstTheRealCatalog() {
        Catalog catalog = CatalogLoader.loadBundled();
        // A real :free id is used as it is.
        RouteTarget realFree = RouteResolver.target(catalog, "openai/gpt-oss-20b:free");
        assertThat(realFree.model().id()).isEqualTo("openai/gpt-oss-20b:free");
        assertThat(realFree.freeOnly()).isFalse();
        // :free on a model without one: the base model's free endpoints only.
        RouteTarget derived = RouteResolver.target(catalog, "meta-llama/llama-3.3-70b-instruct:free");
        assertThat(derived.model().id()).isEqualTo("meta-llama/llama-3.3-70b-instruct");
        assertThat(derived.freeOnly()).isTrue();
        RouteTarget nitro = RouteResolver.target(catalog, "meta-llama/llama-3.3-70b-instruct:nitro");
        assertThat(nitro.variantSort()).isEqualTo(RoutingPreferences.By.THROUGHPUT);
        assertThat(RouteResolver.target(catalog, "meta-llama/llama-3.3-70b-instruct:floor")
                        .variantSort())
                .isEqualTo(RoutingPreferences.By.PRICE);
        // Stacked: the real :free id plus :nitro.
        RouteTarget stacked = RouteResolver.target(catalog, "openai/gpt-oss-20b:free:nitro");
        assertThat(stacked.model().id()).isEqualTo("openai/gpt-oss-20b:free");
        assertThat(stacked.variantSort()).isEqualTo(RoutingPreferences.By.THROUGHPUT);
        // :batch ids are real models too.
        assertThat(RouteResolver.target(catalog, "openai/gpt-5:batch").model().id())
                .isEqualTo("openai/gpt-5:batch");
        assertThat(RouteResolver.target(catalog, "acme/nothing:nitro")).isNull();
        assertThat(List.of(RouteResolver.target(catalog, "openai/gpt-5:online")
                        .model()
                        .id()))
                .containsExactly("openai/gpt-5");
    }

    @Test
    void theAutoRouterPluginIsRead() throws ApiException {
        ChatRequest request =
                parse("\"plugins\":[{\"id\":\"web\"},{\"id\":\"auto-router\",\"allowed_models\":[\"anthropic/*\"]}]");
        RouteRequests.AutoRouterPlugin plugin = RouteRequests.autoRouterPlugin(request.body());
        assertThat(plugin.allowedModels()).containsExactly("anthropic/*");
        assertThat(plugin.excludedModels()).isEmpty();
        assertThat(RouteRequests.autoRouterPlugin(parse("").body())).isNull();
        assertThat(RouteRequests.autoRouterPlugin(parse("\"plugins\":[{\"id\":\"auto-router\",\"enabled\":false}]")
                        .body()))
                .isNull();
        assertThatThrownBy(() -> RouteRequests.autoRouterPlugin(
                        parse("\"plugins\":[{\"id\":\"auto-router\",\"allowed_models\":\"x\"}]")
                                .body()))
                .hasMessageContaining("allowed_models");
    }
}
