package io.switchboard.web;

import static io.switchboard.web.WebAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.keys.Crypto;
import io.switchboard.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** BYOK provider keys on the integrations page, with and without a master key. */
class IntegrationsPageBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        browser = Browser.open(gateway.origin());
        WebAccounts.user(gateway, "byok@example.com", false, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void providerKeysAreAddedMaskedReplacedToggledAndRemoved() throws Exception {
        WebAccounts.signIn(browser, "byok@example.com", PASSWORD);
        browser.go("/settings/integrations");
        assertThat(browser.findAll("#byok-disabled")).isEmpty();

        add("openai", "");
        assertThat(browser.text("#key-error")).isEqualTo("Paste the API key the provider gave you.");
        assertThat(new Select(browser.find("#provider"))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("openai");
        add("", "sk-whatever-123456789");
        assertThat(browser.text("#provider-error")).isEqualTo("Choose a provider.");

        add("openai", "sk-live-abcdefghijklmnop-WXYZ");
        assertThat(browser.text(".notice.good")).contains("saved");
        String card = browser.text("[data-provider=openai]");
        assertThat(card).contains("sk-...WXYZ", "Falls back to shared");
        assertThat(browser.driver().getPageSource()).doesNotContain("abcdefghijklmnop");
        String userId = gateway.server()
                .identities()
                .findByEmail("byok@example.com")
                .orElseThrow()
                .userId();
        assertThat(gateway.server()
                        .byok()
                        .credential(userId, "openai")
                        .orElseThrow()
                        .secret())
                .isEqualTo("sk-live-abcdefghijklmnop-WXYZ");
        WebAccounts.screenshot(browser, "integrations");

        add("openai", "sk-second-key-000000");
        assertThat(browser.text("#provider-error")).contains("already have a key");

        browser.find("[data-provider=openai] .replace-form input[name=key]").sendKeys("sk-rotated-key-9876543210-LAST");
        WebAccounts.submit(browser, "[data-provider=openai] .replace-form button");
        assertThat(browser.text(".notice.good")).contains("replaced");
        assertThat(browser.text("[data-provider=openai]")).contains("sk-...LAST");

        WebAccounts.submit(browser, "[data-provider=openai] .replace-form button");
        assertThat(browser.text("[data-provider=openai] .field-error")).contains("Paste the API key");

        WebAccounts.submit(browser, "[data-provider=openai] form[action$='/always-use'] button");
        assertThat(browser.text("[data-provider=openai]")).contains("Always used");
        assertThat(gateway.server()
                        .byok()
                        .credential(userId, "openai")
                        .orElseThrow()
                        .alwaysUse())
                .isTrue();
        WebAccounts.submit(browser, "[data-provider=openai] form[action$='/always-use'] button");
        assertThat(browser.text("[data-provider=openai]")).contains("Falls back to shared");

        browser.driver().executeScript("window.confirm = () => true;");
        WebAccounts.submit(browser, "[data-provider=openai] form[action$='/delete'] button");
        assertThat(browser.text(".notice.good")).contains("removed");
        assertThat(browser.findAll("[data-provider=openai]")).isEmpty();
        assertThat(gateway.server().byok().has(userId, "openai")).isFalse();
    }

    @Test
    void withoutAMasterKeyThePageSaysBringingKeysIsDisabled() throws Exception {
        try (TestGateway noMasterKey = TestGateway.start(Map.of(Crypto.MASTER_KEY_ENV, ""));
                Browser other = Browser.open(noMasterKey.origin())) {
            WebAccounts.user(noMasterKey, "nokey@example.com", false, null);
            WebAccounts.signIn(other, "nokey@example.com", PASSWORD);
            other.go("/settings/integrations");
            assertThat(other.text("#byok-disabled")).contains("disabled", "SWITCHBOARD_MASTER_KEY");
            assertThat(other.find("#provider").isEnabled()).isFalse();

            WebAccounts.FormClient client = new WebAccounts.FormClient(noMasterKey.origin());
            client.signIn("nokey@example.com", PASSWORD);
            String token = client.token("/settings/integrations");
            var response =
                    client.post("/settings/integrations", "_csrf", token, "provider", "openai", "key", "sk-1234567890");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("SWITCHBOARD_MASTER_KEY");
        }
    }

    private static void add(String provider, String key) {
        new Select(browser.find("#provider")).selectByValue(provider);
        browser.find("#key").clear();
        browser.find("#key").sendKeys(key);
        WebAccounts.submit(browser, "form[action='/settings/integrations'] button[type=submit]");
    }
}
