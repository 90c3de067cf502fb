package io.switchboard.web;

import static io.switchboard.web.WebAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The API keys page, in real headless Chromium; keys made there are used against the real gateway. */
class KeysPageBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        browser = Browser.open(gateway.origin());
        WebAccounts.user(gateway, "keys@example.com", false, new BigDecimal("5"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void aKeyIsShownOnceWorksAndStopsWorkingWhenDisabledOrDeleted() throws Exception {
        WebAccounts.signIn(browser, "keys@example.com", PASSWORD);
        browser.go("/settings/keys");
        assertThat(browser.text(".empty-state")).contains("No keys yet");

        create("My app", "2", "weekly");
        String plaintext = browser.text(".secret");
        assertThat(plaintext).matches("sk-sb-v1-[0-9a-f]{64}");
        assertThat(browser.text(".created-key [role=alert]")).contains("only time it is shown");
        assertThat(browser.find("[data-copy=new-key]").getText()).isEqualTo("Copy");
        WebAccounts.screenshot(browser, "keys");
        assertThat(WebAccounts.chat(gateway, plaintext)).isEqualTo(200);

        browser.go("/settings/keys");
        assertThat(browser.findAll(".secret")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(plaintext);
        WebElement row = browser.find("tbody tr");
        assertThat(row.getText()).contains("My app", "sk-sb-v1-", "$2", "Weekly", "Active");

        WebAccounts.submit(browser, "tbody tr a[href^='/settings/keys/']");
        browser.find("#name").clear();
        browser.find("#name").sendKeys("Renamed");
        browser.find("#limit").clear();
        browser.find("#limit").sendKeys("3.50");
        WebAccounts.submit(browser, "main form button[type=submit]");
        assertThat(browser.text(".notice.good")).contains("saved");
        assertThat(browser.text("tbody tr")).contains("Renamed", "$3.50");

        WebAccounts.submit(browser, "tbody tr form[action$='/disable'] button");
        assertThat(browser.text("tbody tr")).contains("Disabled");
        assertThat(WebAccounts.chat(gateway, plaintext)).isEqualTo(401);
        WebAccounts.submit(browser, "tbody tr form[action$='/enable'] button");
        assertThat(WebAccounts.chat(gateway, plaintext)).isEqualTo(200);

        browser.driver().executeScript("window.confirm = () => true;");
        WebAccounts.submit(browser, "tbody tr form[action$='/delete'] button");
        assertThat(browser.text(".notice.good")).contains("deleted");
        assertThat(browser.findAll("tbody tr")).isEmpty();
        assertThat(WebAccounts.chat(gateway, plaintext)).isEqualTo(401);
    }

    @Test
    void invalidInputIsExplainedNextToTheFieldWith400AndValuesKept() throws Exception {
        WebAccounts.signIn(browser, "keys@example.com", PASSWORD);
        browser.go("/settings/keys");
        create("", "", "");
        assertThat(browser.text("#name-error")).isEqualTo("Enter a name for the key.");
        assertThat(browser.find("#name-error").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.find("#name").getAttribute("aria-invalid")).isEqualTo("true");

        create("Budget", "-1", "daily");
        assertThat(browser.text("#limit-error")).isEqualTo("The limit must not be negative.");
        assertThat(browser.find("#name").getDomProperty("value")).isEqualTo("Budget");
        assertThat(browser.find("#limit_reset").getDomProperty("value")).isEqualTo("daily");

        create("Budget", "ten dollars", "");
        assertThat(browser.text("#limit-error")).startsWith("Enter the limit in USD");
        assertThat(browser.findAll(".secret")).isEmpty();

        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        client.signIn("keys@example.com", PASSWORD);
        String token = client.token("/settings/keys");
        assertThat(client.post("/settings/keys", "_csrf", token, "name", " ").statusCode())
                .isEqualTo(400);
        assertThat(client.post("/settings/keys", "_csrf", token, "name", "x", "limit", "1.0000000000001")
                        .body())
                .contains("The limit has more than 12 decimals.");
        // Another user's key hash, or garbage, is simply not found.
        assertThat(client.get("/settings/keys/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    }

    private static void create(String name, String limit, String reset) {
        browser.find("#name").clear();
        browser.find("#name").sendKeys(name);
        browser.find("#limit").clear();
        browser.find("#limit").sendKeys(limit);
        new org.openqa.selenium.support.ui.Select(browser.find("#limit_reset")).selectByValue(reset);
        WebAccounts.submit(browser, "form[action='/settings/keys'] button[type=submit]");
    }
}
