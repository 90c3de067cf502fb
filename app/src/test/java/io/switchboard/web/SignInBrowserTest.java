package io.switchboard.web;

import static io.switchboard.web.WebAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing in and out in real headless Chromium, and the CSRF and cookie rules checked on the wire. */
class SignInBrowserTest {
    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        browser = Browser.open(gateway.origin());
        WebAccounts.user(gateway, "Ann@Example.com", false, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void aSignedOutVisitorIsSentToSignInAndBackToThePageAfterwards() throws Exception {
        browser.driver().manage().deleteAllCookies();
        browser.go("/settings/keys");
        assertThat(browser.currentPath()).isEqualTo("/signin?next=%2Fsettings%2Fkeys");
        assertThat(browser.find("label[for=email]").getText()).isEqualTo("Email");
        browser.find("#email").sendKeys("ann@example.com");
        browser.find("#password").sendKeys(PASSWORD);
        WebAccounts.screenshot(browser, "signin");
        WebAccounts.submit(browser, "form[action='/signin'] button[type=submit]");
        assertThat(browser.currentPath()).isEqualTo("/settings/keys");
        assertThat(browser.text(".nav-account")).contains("ann@example.com");
        assertThat(browser.text(".nav-links")).contains("Keys", "Integrations", "Credits", "Activity");
        assertThat(browser.text(".nav-links")).doesNotContain("Admin");
    }

    @Test
    void aWrongPasswordShowsOneErrorThatRevealsNeitherFieldAndKeepsTheEmail() {
        WebAccounts.signIn(browser, "ann@example.com", "not-the-password");
        assertThat(browser.currentPath()).startsWith("/signin");
        assertThat(browser.text("[role=alert]"))
                .isEqualTo("The email or password is incorrect. Check both and try again.");
        assertThat(browser.find("#email").getDomProperty("value")).isEqualTo("ann@example.com");
        assertThat(browser.find("#password").getDomProperty("value")).isEmpty();
        assertThat(browser.text(".nav-account")).contains("Sign in");

        WebAccounts.signIn(browser, "nobody@example.com", PASSWORD);
        assertThat(browser.text("[role=alert]"))
                .isEqualTo("The email or password is incorrect. Check both and try again.");
    }

    @Test
    void wrongCredentialsAre401AndRepeatedAttemptsAre429() throws Exception {
        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        assertThat(client.signIn("ann@example.com", "wrong-1").statusCode()).isEqualTo(401);
        int last = 0;
        for (int i = 0; i < 6; i++) {
            last = client.signIn("throttled@example.com", "wrong-" + i).statusCode();
        }
        assertThat(last).isEqualTo(429);
        HttpResponse<String> throttled = client.signIn("throttled@example.com", "wrong");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many sign-in attempts");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void formPostsWithoutTheRightTokenOrFromAnotherSiteAreRefusedWith403() throws Exception {
        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        String token = client.token("/signin");
        HttpResponse<String> missing = client.post("/signin", "email", "ann@example.com", "password", PASSWORD);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("Security check failed", "CSRF");
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(client.post("/signin", "_csrf", token + "x", "email", "ann@example.com", "password", PASSWORD)
                        .statusCode())
                .isEqualTo(403);
        // The token alone does not help a post from another site.
        assertThat(client.post(
                                "/signin",
                                new String[] {"Origin", "https://evil.example"},
                                "_csrf",
                                token,
                                "email",
                                "ann@example.com",
                                "password",
                                PASSWORD)
                        .statusCode())
                .isEqualTo(403);

        assertThat(client.post("/signin", "_csrf", token, "email", "ann@example.com", "password", PASSWORD)
                        .statusCode())
                .isEqualTo(303);
        // Signed in: the session's own token is required now; the anonymous one no longer works.
        String sessionToken = client.token("/settings/keys");
        assertThat(sessionToken).isNotEqualTo(token);
        assertThat(client.post("/settings/keys", "_csrf", token, "name", "x").statusCode())
                .isEqualTo(403);
        assertThat(client.post("/settings/keys", "name", "x").statusCode()).isEqualTo(403);
        assertThat(client.post("/signout", "_csrf", "wrong").statusCode()).isEqualTo(403);
        assertThat(client.post("/settings/keys", "_csrf", sessionToken, "name", "made by form")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndSecureBehindHttps() throws Exception {
        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        HttpResponse<String> signedIn = client.signIn("ann@example.com", PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/activity");
        String session = sessionCookie(signedIn.headers().allValues("Set-Cookie"));
        assertThat(session).matches("sb_session=[A-Za-z0-9_-]{43}; .*");
        assertThat(session).contains("; HttpOnly", "; SameSite=Lax", "; Path=/", "; Max-Age=2592000");
        assertThat(session).doesNotContain("Secure");

        WebAccounts.FormClient proxied = new WebAccounts.FormClient(gateway.origin());
        String token = proxied.token("/signin");
        HttpResponse<String> overHttps = proxied.post(
                "/signin",
                new String[] {"X-Forwarded-Proto", "https"},
                "_csrf",
                token,
                "email",
                "ann@example.com",
                "password",
                PASSWORD);
        assertThat(sessionCookie(overHttps.headers().allValues("Set-Cookie"))).contains("; Secure");
        // The anonymous CSRF cookie is HttpOnly and Strict.
        WebAccounts.FormClient fresh = new WebAccounts.FormClient(gateway.origin());
        assertThat(fresh.get("/signin").headers().allValues("Set-Cookie"))
                .anySatisfy(
                        cookie -> assertThat(cookie).startsWith("sb_csrf=").contains("HttpOnly", "SameSite=Strict"));
    }

    @Test
    void nextMustBeAPathOfThisSite() throws Exception {
        for (String next : List.of("//evil.example/", "https://evil.example/", "/\\evil.example")) {
            WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
            String token = client.token("/signin");
            HttpResponse<String> response = client.post(
                    "/signin", "_csrf", token, "email", "ann@example.com", "password", PASSWORD, "next", next);
            assertThat(response.headers().firstValue("Location")).as(next).contains("/activity");
        }
        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        String token = client.token("/signin?next=/credits");
        HttpResponse<String> response = client.post(
                "/signin", "_csrf", token, "email", "ann@example.com", "password", PASSWORD, "next", "/credits");
        assertThat(response.headers().firstValue("Location")).contains("/credits");
    }

    @Test
    void signingOutEndsTheSessionEverywhere() throws Exception {
        WebAccounts.FormClient client = new WebAccounts.FormClient(gateway.origin());
        client.signIn("ann@example.com", PASSWORD);
        assertThat(client.get("/credits").statusCode()).isEqualTo(200);
        String sessionCookie = client.cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("sb_session"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertThat(client.post("/signout", "_csrf", client.token("/credits")).statusCode())
                .isEqualTo(303);
        // The old cookie, replayed, opens nothing: the session row is gone.
        WebAccounts.FormClient replay = new WebAccounts.FormClient(gateway.origin());
        HttpResponse<String> replayed = replay.post("/nothing", new String[0]);
        assertThat(replayed.statusCode()).isNotEqualTo(200);
        java.net.HttpCookie stolen = new java.net.HttpCookie("sb_session", sessionCookie);
        stolen.setPath("/");
        stolen.setVersion(0);
        replay.cookies.getCookieStore().add(java.net.URI.create(gateway.origin()), stolen);
        HttpResponse<String> credits = replay.get("/credits");
        assertThat(credits.statusCode()).isEqualTo(303);
        assertThat(credits.headers().firstValue("Location")).contains("/signin?next=%2Fcredits");

        WebAccounts.signIn(browser, "ann@example.com", PASSWORD);
        assertThat(browser.text(".nav-account")).contains("ann@example.com");
        WebAccounts.submit(browser, ".nav-account button[type=submit]");
        assertThat(browser.currentPath()).startsWith("/signin");
        assertThat(browser.text(".notice")).contains("You have signed out.");
        assertThat(browser.text(".nav-account")).contains("Sign in");
        browser.go("/activity");
        assertThat(browser.currentPath()).startsWith("/signin?next=");
    }

    private static String sessionCookie(List<String> setCookies) {
        return setCookies.stream()
                .filter(cookie -> cookie.startsWith("sb_session=") && !cookie.startsWith("sb_session=;"))
                .findFirst()
                .orElseThrow();
    }
}
