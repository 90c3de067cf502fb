package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The model list in real Chromium against the bundled catalog: search, filters, order, empty state, links. */
class ModelsListBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;
    private static Catalog catalog;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        catalog = gateway.server().catalog();
        browser = Browser.open(gateway.origin());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    private static List<String> ids() {
        return browser.findAll(".model-row .model-id").stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void listsEveryModelNewestFirst() {
        browser.go("/models");
        assertThat(browser.title()).isEqualTo("Models · Switchboard");
        assertThat(browser.text(".results-count")).isEqualTo(catalog.models().size() + " models");
        List<String> ids = ids();
        assertThat(ids).hasSize(catalog.models().size());
        long newest = catalog.models().stream().mapToLong(Model::created).max().orElseThrow();
        assertThat(catalog.model(ids.getFirst()).orElseThrow().created()).isEqualTo(newest);
    }

    @Test
    void searchNarrowsTheResultsToMatchingModels() {
        browser.go("/models");
        WebElement search = browser.find("#q");
        search.sendKeys("llama 3.3", Keys.ENTER);
        new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
                .until(driver -> browser.currentPath().contains("q=llama"));
        List<String> ids = ids();
        assertThat(ids)
                .isNotEmpty()
                .hasSizeLessThan(catalog.models().size())
                .contains("meta-llama/llama-3.3-70b-instruct");
        for (String id : ids) {
            Model model = catalog.model(id).orElseThrow();
            String haystack = (model.name() + " " + model.id() + " " + model.description()).toLowerCase();
            assertThat(haystack).contains("llama").contains("3.3");
        }
        assertThat(browser.text(".results-count"))
                .isEqualTo(ids.size() + " models of " + catalog.models().size());
        assertThat(browser.find("#q").getAttribute("value")).isEqualTo("llama 3.3");
    }

    @Test
    void aModalityFilterSubmitsOnChangeAndKeepsOnlyModelsWithThatOutput() {
        browser.go("/models");
        new Select(browser.find("#output")).selectByValue("image");
        new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
                .until(driver -> browser.currentPath().contains("output=image"));
        List<String> expected = catalog.models().stream()
                .filter(model -> model.outputModalities().contains("image"))
                .map(Model::id)
                .sorted()
                .toList();
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new Select(browser.find("#output")).getFirstSelectedOption().getText())
                .isEqualTo("image");
    }

    @Test
    void providerAndParameterFiltersCombine() {
        browser.go("/models?provider=groq&parameter=tools");
        List<String> expected = catalog.models().stream()
                .filter(model -> catalog.endpoints(model.id()).stream()
                        .anyMatch(endpoint -> endpoint.providerSlug().equals("groq")))
                .filter(model -> model.supportedParameters().contains("tools"))
                .map(Model::id)
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new Select(browser.find("#provider"))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("Groq");
    }

    @Test
    void sortingByPriceOrdersRowsFromCheapestInputPrice() {
        browser.go("/models?q=llama");
        new Select(browser.find("#sort")).selectByValue("price");
        new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
                .until(driver -> browser.currentPath().contains("sort=price"));
        List<BigDecimal> prices = ids().stream()
                .map(id -> catalog.model(id).orElseThrow().pricing().prompt())
                .toList();
        assertThat(prices).hasSizeGreaterThan(3).isSorted();
        // The shown price is the one the order used.
        String firstShown = browser.find(".model-row .model-prices").getText();
        assertThat(firstShown).contains(Formats.perMillion(prices.getFirst()));
    }

    @Test
    void noMatchShowsAnEmptyStateWhoseLinkClearsTheFilters() {
        browser.go("/models?q=no-such-model-anywhere&input=audio");
        assertThat(browser.findAll(".model-row")).isEmpty();
        assertThat(browser.text(".empty-state h3")).isEqualTo("No models match");
        browser.find(".empty-state a").click();
        assertThat(browser.currentPath()).isEqualTo("/models");
        assertThat(ids()).hasSize(catalog.models().size());
    }

    @Test
    void aRowLinksToItsModelPage() {
        browser.go("/models?q=llama-3.3-70b-instruct");
        WebElement link = browser.find(".model-row h3 a[href='/meta-llama/llama-3.3-70b-instruct']");
        String name = link.getText();
        link.click();
        assertThat(browser.currentPath()).isEqualTo("/meta-llama/llama-3.3-70b-instruct");
        assertThat(browser.text("h1")).isEqualTo(name);
        assertThat(browser.find("nav.tabs a[aria-current=page]").getText()).isEqualTo("Overview");
    }

    @Test
    void everyControlHasALabel() {
        browser.go("/models");
        for (WebElement control : browser.findAll("form.filters select, form.filters input")) {
            String id = control.getAttribute("id");
            assertThat(browser.findAll("label[for='" + id + "']")).as(id).hasSize(1);
        }
    }
}
