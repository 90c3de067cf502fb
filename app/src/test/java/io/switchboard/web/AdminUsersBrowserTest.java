package io.switchboard.web;

import static io.switchboard.web.WebAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** Admins create users and grant credits; everybody else gets a 403 page. */
class AdminUsersBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        browser = Browser.open(gateway.origin());
        WebAccounts.user(gateway, "admin@example.com", true, null);
        WebAccounts.user(gateway, "plain@example.com", false, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void anAdminCreatesAUserWhoCanSignInAndGrantsThemCredits() throws Exception {
        WebAccounts.signIn(browser, "admin@example.com", PASSWORD);
        browser.go("/admin/users");
        assertThat(browser.find(".nav-links a[href='/admin/users']").getAttribute("aria-current"))
                .isEqualTo("page");
        // The command-line user of TestGateway is listed without sign-in.
        assertThat(browser.text("#users")).contains("test-user", "No sign-in (command-line user)", "$100.00");

        fillCreate("not-an-email", "short", "-5");
        assertThat(browser.text("#email-error")).contains("email address");
        assertThat(browser.text("#password-error")).contains("at least 8");
        assertThat(browser.text("#credits-error")).contains("must not be negative");
        assertThat(browser.find("#email").getDomProperty("value")).isEqualTo("not-an-email");

        fillCreate("Bea@Example.com", "bea-password-1", "3");
        assertThat(browser.text(".notice.good")).contains("Created bea@example.com");
        assertThat(browser.text("#users")).contains("bea@example.com", "$3.00");
        fillCreate("bea@example.com", "another-password", "");
        assertThat(browser.text("#email-error")).contains("already exists");

        new Select(browser.find("#user")).selectByVisibleText("bea@example.com");
        browser.find("#amount").sendKeys("0");
        WebAccounts.submit(browser, "form[action='/admin/users/credits'] button");
        assertThat(browser.text("#amount-error")).isEqualTo("The amount must be more than zero.");
        new Select(browser.find("#user")).selectByVisibleText("bea@example.com");
        browser.find("#amount").clear();
        browser.find("#amount").sendKeys("4.25");
        browser.find("#reason").sendKeys("conference budget");
        WebAccounts.submit(browser, "form[action='/admin/users/credits'] button");
        assertThat(browser.text(".notice.good")).contains("bea@example.com", "$7.25");
        WebAccounts.screenshot(browser, "admin-users");

        WebAccounts.signIn(browser, "bea@example.com", "bea-password-1");
        browser.go("/credits");
        assertThat(browser.text("#balance")).isEqualTo("$7.25");
        assertThat(browser.text("#grants")).contains("conference budget");
        String beaId = gateway.server()
                .identities()
                .findByEmail("bea@example.com")
                .orElseThrow()
                .userId();
        assertThat(gateway.server().accounts().credits(beaId)).isEqualByComparingTo(new BigDecimal("7.25"));
    }

    @Test
    void aUserWhoIsNotAnAdminGetsA403Page() throws Exception {
        WebAccounts.signIn(browser, "plain@example.com", PASSWORD);
        browser.go("/admin/users");
        assertThat(browser.text("h1")).isEqualTo("Admins only");
        assertThat(browser.findAll(".nav-links a[href='/admin/users']")).isEmpty();

        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        client.signIn("plain@example.com", PASSWORD);
        assertThat(client.get("/admin/users").statusCode()).isEqualTo(403);
        String token = client.token("/credits");
        assertThat(client.post("/admin/users", "_csrf", token, "email", "x@example.com", "password", "password-1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(gateway.server().identities().findByEmail("x@example.com")).isEmpty();
    }

    private static void fillCreate(String email, String password, String credits) {
        browser.find("#email").clear();
        browser.find("#email").sendKeys(email);
        browser.find("#password").sendKeys(password);
        browser.find("#credits").clear();
        browser.find("#credits").sendKeys(credits);
        WebAccounts.submit(browser, "form[action='/admin/users'] button");
    }
}
