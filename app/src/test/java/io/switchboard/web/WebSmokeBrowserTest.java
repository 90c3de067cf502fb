package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout, the HTML 404 and the static assets, in real headless Chromium. */
class WebSmokeBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        browser = Browser.open(gateway.origin());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void unknownPageIsAnHtmlNotFoundPageWithTheSiteLayout() {
        browser.go("/no-such-page");
        assertThat(browser.title()).isEqualTo("Page not found · Switchboard");
        assertThat(browser.text("h1")).isEqualTo("Page not found");
        assertThat(browser.text("main")).contains("There is no page at /no-such-page");
        assertThat(browser.find("a.brand").getText()).isEqualTo("Switchboard");
        // The stylesheet loaded: the header is sticky only when app.css applied.
        assertThat(browser.find(".site-header").getCssValue("position")).isEqualTo("sticky");
    }

    @Test
    void theChartingLibraryIsServedFromItsWebJar() {
        browser.go("/no-such-page");
        Object version = browser.driver()
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const s = document.createElement('script'); s.src = '/static/uplot.js';"
                        + "s.onload = () => done(typeof uPlot); s.onerror = () => done('failed');"
                        + "document.head.appendChild(s);");
        assertThat(version).isEqualTo("function");
    }
}
