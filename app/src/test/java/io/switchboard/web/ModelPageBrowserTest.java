package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Model;
import io.switchboard.json.Json;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Every tab of a model page in real Chromium, after real simulated traffic through the gateway with app attribution
 * headers: one single-provider model that needs the user's own key and one model with ten providers.
 */
class ModelPageBrowserTest {
    private static final String GPT = "openai/gpt-5";
    private static final String LLAMA = "meta-llama/llama-3.3-70b-instruct";
    private static final String SAMPLE_MODEL = "meta-llama/llama-3.1-8b-instruct";

    private static TestGateway gateway;
    private static Browser browser;
    private static String byokKey;
    private static long gptTokens;
    private static long gptRequests;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        byokKey = gateway.createByokUser("web-user", new BigDecimal("50"));
        for (int i = 0; i < 6; i++) {
            JsonNode usage = chat(GPT, "Tell me about switchboards, part " + i).get("usage");
            gptTokens += usage.get("prompt_tokens").asLong()
                    + usage.get("completion_tokens").asLong();
            gptRequests++;
        }
        for (int i = 0; i < 30; i++) {
            chat(LLAMA, "Question number " + i);
        }
        gateway.server().flushUsage();
        browser = Browser.open(gateway.origin());
    }

    private static JsonNode chat(String model, String prompt) throws Exception {
        String body = Json.MAPPER.writeValueAsString(java.util.Map.of(
                "model", model, "messages", List.of(java.util.Map.of("role", "user", "content", prompt))));
        HttpResponse<String> response = gateway.post(
                "/chat/completions",
                body,
                "Authorization",
                "Bearer " + byokKey,
                "HTTP-Referer",
                "https://example.app/chat",
                "X-Title",
                "Example App");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    private static Model model(String id) {
        return gateway.server().catalog().model(id).orElseThrow();
    }

    @Test
    void overviewShowsTheModelItsPricesAndTheOwnKeyNotice() {
        Model gpt = model(GPT);
        browser.go("/" + GPT);
        assertThat(browser.title()).isEqualTo(gpt.name() + " · Switchboard");
        assertThat(browser.text("h1")).isEqualTo(gpt.name());
        assertThat(browser.text("#model-id")).isEqualTo(GPT);
        assertThat(browser.find("button[data-copy=model-id]").isDisplayed()).isTrue();
        String prices = browser.text(".price-list");
        assertThat(prices)
                .contains("Input\n" + Formats.perMillion(gpt.pricing().prompt()))
                .contains("Output\n" + Formats.perMillion(gpt.pricing().completion()));
        assertThat(browser.text(".facts")).contains(Formats.tokens(gpt.contextLength()) + " tokens");
        assertThat(gpt.requiresByok()).isTrue();
        assertThat(browser.text(".notice.warn")).contains("your own provider key");
        List<String> tabs =
                browser.findAll("nav.tabs a").stream().map(WebElement::getText).toList();
        assertThat(tabs).containsExactly("Overview", "Providers", "Apps", "Activity", "Uptime", "API");
    }

    @Test
    void providersTabListsEveryEndpointWithLatencyMeasuredFromTheTraffic() {
        browser.go("/" + LLAMA + "/providers");
        assertThat(browser.find("nav.tabs a[aria-current=page]").getText()).isEqualTo("Providers");
        List<WebElement> rows = browser.findAll("tbody tr");
        assertThat(rows)
                .hasSize(gateway.server().catalog().endpoints(LLAMA).size())
                .hasSizeGreaterThan(5);
        List<String> latencies = browser.findAll("td[data-metric=latency]").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(latencies).anyMatch(text -> text.matches("\\d+ms|\\d+\\.\\d\\ds"));
        assertThat(browser.findAll("td[data-metric=throughput]").stream().map(WebElement::getText))
                .anyMatch(text -> text.endsWith("tok/s"));
        assertThat(browser.text("tbody")).contains("Groq").contains("Together");
    }

    @Test
    void appsTabRanksTheAttributedAppWithItsTokens() {
        browser.go("/" + GPT + "/apps");
        assertThat(browser.text("tbody th")).contains("Example App").contains("https://example.app");
        List<WebElement> cells = browser.findAll("tbody td.num");
        assertThat(cells.get(1).getText()).isEqualTo(Formats.count(gptTokens));
        assertThat(cells.get(2).getText()).isEqualTo(Formats.count(gptRequests));
        browser.go("/" + GPT + "/apps?period=month");
        assertThat(browser.find(".segmented a[aria-current=page]").getText()).isEqualTo("This month");
        assertThat(browser.text("tbody")).contains("Example App");
    }

    @Test
    void activityTabDrawsTheChartAndTablesTheTokens() {
        browser.go("/" + GPT + "/activity");
        browser.await(".chart[data-series=chart-tokens] .uplot canvas");
        assertThat(browser.findAll(".chart .uplot")).hasSize(2);
        assertThat(browser.text("tfoot")).contains(Formats.count(gptTokens)).contains(Long.toString(gptRequests));
        assertThat(browser.text(".activity-table tbody th")).isEqualTo("OpenAI");
    }

    @Test
    void uptimeTabChartsEachProviderAndShowsTheLiveUptime() {
        browser.go("/" + GPT + "/uptime");
        browser.await(".chart[data-series=chart-uptime] .uplot canvas");
        assertThat(browser.text("td[data-metric=uptime-30m]")).isEqualTo("100%");
        assertThat(browser.text("main")).contains("No incidents");
        browser.go("/" + LLAMA + "/uptime?range=30d");
        browser.await(".chart .uplot");
        assertThat(browser.findAll(".uptime-table tbody tr"))
                .hasSize(gateway.server().catalog().endpoints(LLAMA).size());
    }

    @Test
    void apiTabSamplesUseThisServerAndTheCurlOneRuns() throws Exception {
        browser.go("/" + SAMPLE_MODEL + "/api");
        assertThat(browser.text("#base-url")).isEqualTo(gateway.baseUrl());
        String python = browser.text("#sample-python");
        assertThat(python)
                .contains("base_url=\"" + gateway.baseUrl() + "\"")
                .contains("os.environ[\"SWITCHBOARD_API_KEY\"]")
                .contains("model=\"" + SAMPLE_MODEL + "\"");
        assertThat(browser.text("#sample-typescript"))
                .contains("process.env.SWITCHBOARD_API_KEY")
                .contains("\"" + SAMPLE_MODEL + "\"");
        String curl = browser.text("#sample-curl");
        assertThat(curl).contains("$SWITCHBOARD_API_KEY").contains(gateway.baseUrl() + "/chat/completions");

        ProcessBuilder process = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(false);
        process.environment().put("SWITCHBOARD_API_KEY", byokKey);
        Process running = process.start();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(running.exitValue()).as(output).isZero();
        JsonNode answer = Json.MAPPER.readTree(output);
        assertThat(answer.get("model").asString()).isEqualTo(SAMPLE_MODEL);
        assertThat(answer.get("choices").get(0).get("message").get("content").asString())
                .isNotBlank();
    }

    @Test
    void rankingsListTheUsedModelsAndTheApp() {
        browser.go("/rankings");
        assertThat(browser.text("#top-models + .table-wrap"))
                .contains(model(LLAMA).name())
                .contains(model(GPT).name());
        assertThat(browser.text("#top-apps + .table-wrap")).contains("Example App");
        browser.go("/");
        assertThat(browser.text("#popular-heading")).isEqualTo("Popular this week");
        assertThat(browser.text(".model-cards")).contains(model(LLAMA).name());
    }

    /** Full-page screenshots for the docs (not committed): every tab of one model, light, and one dark. */
    @Test
    void screenshotsOfEveryTab() throws Exception {
        Path dir = Path.of("target", "screenshots");
        for (ModelTab tab : ModelTab.values()) {
            String name = tab == ModelTab.OVERVIEW ? "overview" : tab.segment();
            browser.go("/" + LLAMA + (tab == ModelTab.OVERVIEW ? "" : "/" + tab.segment()));
            if (tab == ModelTab.ACTIVITY || tab == ModelTab.UPTIME) {
                browser.await(".chart .uplot canvas");
            }
            browser.screenshot(dir.resolve("model-" + name + ".png"), true);
        }
        browser.go("/models");
        browser.screenshot(dir.resolve("models.png"), false);
        browser.go("/rankings");
        browser.screenshot(dir.resolve("rankings.png"), true);
        browser.go("/");
        browser.screenshot(dir.resolve("home.png"), true);
        try (Browser dark = Browser.openDark(gateway.origin())) {
            dark.go("/" + LLAMA + "/activity");
            dark.await(".chart .uplot canvas");
            dark.screenshot(dir.resolve("model-activity-dark.png"), true);
        }
        assertThat(dir.resolve("model-api.png")).exists();
    }
}
