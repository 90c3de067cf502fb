package io.switchboard.web;

import static io.switchboard.web.WebAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.identity.UserAccount;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeySettings;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /credits and /activity after real simulated traffic with the user's own key. */
class CreditsAndActivityBrowserTest {
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
    void activityShowsModelProviderAndAppWithCostAndCreditsShowTheLedger() throws Exception {
        UserAccount user = WebAccounts.user(gateway, "usage@example.com", false, new BigDecimal("10"));
        gateway.server().accounts().grant(user.userId(), new BigDecimal("2.50"), "top-up for the demo");
        String key = gateway.server()
                .keys()
                .create(
                        gateway.server().keys().findUser(user.userId()).orElseThrow(),
                        KeySettings.named("app"),
                        KeyKind.INFERENCE)
                .plaintext();
        for (int i = 0; i < 3; i++) {
            assertThat(WebAccounts.chat(gateway, key)).isEqualTo(200);
        }
        gateway.server().flushUsage();
        BigDecimal spent = gateway.server().accounts().usage(user.userId());
        assertThat(spent).isPositive();

        WebAccounts.signIn(browser, "usage@example.com", PASSWORD);
        browser.go("/activity");
        assertThat(browser.text("#total-requests")).isEqualTo("3");
        assertThat(browser.text("#total-cost")).isEqualTo(Formats.usd(spent));
        assertThat(browser.text("#by-model")).contains("openai/gpt-4o-mini", Formats.usd(spent));
        assertThat(browser.text("#by-provider tbody")).isNotBlank();
        assertThat(browser.text("#by-app")).contains("Notes Example", "https://notes.example", "3");
        assertThat(browser.text("#by-day")).contains(Formats.usd(spent));
        WebAccounts.screenshot(browser, "activity");
        browser.go("/activity?days=7");
        assertThat(browser.find(".segmented a[aria-current=page]").getText()).isEqualTo("7 days");

        browser.go("/credits");
        assertThat(browser.text("#credits")).isEqualTo("$12.50");
        assertThat(browser.text("#balance")).isEqualTo(Formats.balance(new BigDecimal("12.50").subtract(spent)));
        assertThat(browser.text("#usage")).isEqualTo(Formats.usd(spent));
        assertThat(browser.text("#grants")).contains("top-up for the demo", "+$2.50", "welcome credits", "+$10.00");
        assertThat(browser.text("#usage-days")).contains(Formats.usd(spent));
        WebAccounts.screenshot(browser, "credits");
    }

    @Test
    void aUserWithoutRequestsIsToldHowToMakeTheFirstOne() throws Exception {
        WebAccounts.user(gateway, "new@example.com", false, null);
        WebAccounts.signIn(browser, "new@example.com", PASSWORD);
        browser.go("/activity");
        assertThat(browser.text(".empty-state")).contains("No requests", "/api/v1/chat/completions");
        assertThat(browser.find(".empty-state a[href='/models']").getText()).isEqualTo("Browse models");
        WebAccounts.screenshot(browser, "activity-empty");
        browser.go("/credits");
        assertThat(browser.text("#balance")).isEqualTo("$0.00");
        assertThat(browser.text(".notice.warn")).contains("balance is low");
    }
}
