package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.identity.UserAccount;
import io.switchboard.testing.TestGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers for the signed-in pages' tests: users, signing in with the browser, screenshots, raw form posts. */
final class WebAccounts {
    static final String PASSWORD = "correct-horse-battery";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private WebAccounts() {}

    static UserAccount user(TestGateway gateway, String email, boolean admin, BigDecimal credits) throws Exception {
        UserAccount account = gateway.server().identities().create(email, PASSWORD, admin);
        if (credits != null) {
            gateway.server().accounts().grant(account.userId(), credits, "welcome credits");
        }
        return account;
    }

    /** Signs in through the real form, starting from a clean browser. */
    static void signIn(Browser browser, String email, String password) {
        browser.driver().manage().deleteAllCookies();
        browser.go("/signin");
        browser.find("#email").sendKeys(email);
        browser.find("#password").sendKeys(password);
        submit(browser, "form[action='/signin'] button[type=submit]");
    }

    /** Clicks a button that loads a new page and waits until the old page is gone. */
    static void submit(Browser browser, String css) {
        org.openqa.selenium.WebElement html = browser.find("html");
        browser.find(css).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(html));
        // The new page has replaced the old one but may still be loading; reading from it now can race its parser.
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(driver -> "complete"
                        .equals(((org.openqa.selenium.JavascriptExecutor) driver)
                                .executeScript("return document.readyState")));
    }

    static void screenshot(Browser browser, String page) throws IOException {
        browser.screenshot(Path.of("target", "screenshots", page + ".png"), true);
    }

    /** The API key works for a real chat completion through the gateway. */
    static int chat(TestGateway gateway, String apiKey) throws Exception {
        return gateway.post(
                        "/chat/completions",
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
                        "Authorization",
                        "Bearer " + apiKey,
                        "HTTP-Referer",
                        "https://notes.example/app",
                        "X-Title",
                        "Notes Example")
                .statusCode();
    }

    /** A cookie-keeping HTTP client that posts forms the way a browser would (without following redirects). */
    static final class FormClient {
        private final String origin;
        final CookieManager cookies = new CookieManager();
        private final HttpClient http;

        FormClient(String origin) {
            this.origin = origin;
            this.http = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(origin + path))
                            .header("Accept", "text/html")
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The CSRF token the page at {@code path} puts into its forms. */
        String token(String path) throws IOException, InterruptedException {
            Matcher m = CSRF.matcher(get(path).body());
            assertThat(m.find()).as("a form with a CSRF token on " + path).isTrue();
            return m.group(1);
        }

        HttpResponse<String> post(String path, String[] headers, String... fields)
                throws IOException, InterruptedException {
            String body = Stream.iterate(0, i -> i < fields.length, i -> i + 2)
                    .map(i -> URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
            return post(path, new String[0], fields);
        }

        /** Signs in with the form (token from the sign-in page); returns the response to the post. */
        HttpResponse<String> signIn(String email, String password) throws IOException, InterruptedException {
            String token = token("/signin");
            return post("/signin", "_csrf", token, "email", email, "password", password);
        }
    }
}
