package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfAndRedirectRulesTest {
    @Test
    void tokensMustBePresentAndEqual() {
        assertThat(Csrf.tokenMatches("abc", "abc")).isTrue();
        assertThat(Csrf.tokenMatches("abc", "abd")).isFalse();
        assertThat(Csrf.tokenMatches("abc", "ab")).isFalse();
        assertThat(Csrf.tokenMatches("abc", null)).isFalse();
        assertThat(Csrf.tokenMatches("", "")).isFalse();
        assertThat(Csrf.tokenMatches(null, null)).isFalse();
    }

    @Test
    void crossSiteHeadersAreRefusedAndMissingOnesProveNothing() {
        assertThat(Csrf.crossSite(null, null, "127.0.0.1:8080")).isFalse();
        assertThat(Csrf.crossSite("http://127.0.0.1:8080", "same-origin", "127.0.0.1:8080"))
                .isFalse();
        assertThat(Csrf.crossSite("https://switchboard.example", null, "switchboard.example"))
                .isFalse();
        assertThat(Csrf.crossSite("https://switchboard.example", null, "switchboard.example:443"))
                .isFalse();
        assertThat(Csrf.crossSite(null, "none", "x")).isFalse();
        assertThat(Csrf.crossSite("https://evil.example", null, "switchboard.example"))
                .isTrue();
        assertThat(Csrf.crossSite("http://127.0.0.1:9999", null, "127.0.0.1:8080"))
                .isTrue();
        assertThat(Csrf.crossSite("null", null, "switchboard.example")).isTrue();
        assertThat(Csrf.crossSite(null, "cross-site", "switchboard.example")).isTrue();
        assertThat(Csrf.crossSite(null, "same-site", "switchboard.example")).isTrue();
    }

    @Test
    void onlyPathsOfThisSiteAreAcceptedAsNext() {
        assertThat(Redirects.safeNext("/settings/keys", "/x")).isEqualTo("/settings/keys");
        assertThat(Redirects.safeNext("/activity?days=7", "/x")).isEqualTo("/activity?days=7");
        assertThat(Redirects.safeNext(null, "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("https://evil.example/", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("//evil.example/", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("/\\evil.example", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("javascript:alert(1)", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("/ok\r\nSet-Cookie: a=b", "/x")).isEqualTo("/x");
        assertThat(Redirects.safeNext("/signin", "/x")).isEqualTo("/x");
    }
}
