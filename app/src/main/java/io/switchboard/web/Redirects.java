package io.switchboard.web;

/** Where to go after signing in: only paths of this site, so {@code next=} cannot send anyone elsewhere. */
final class Redirects {
    static final String AFTER_SIGN_IN = "/activity";

    private Redirects() {}

    /**
     * {@code next} when it is a path of this site ({@code /settings/keys?x=1}), otherwise {@code fallback}. Refused:
     * absolute URLs, scheme-relative {@code //host}, backslashes (which browsers read as slashes), control
     * characters and anything not starting with a single slash.
     */
    static String safeNext(String next, String fallback) {
        if (next == null || next.isEmpty() || next.length() > 2_000 || next.charAt(0) != '/') {
            return fallback;
        }
        if (next.startsWith("//") || next.indexOf('\\') >= 0) {
            return fallback;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return fallback;
            }
        }
        if (next.startsWith("/signin") || next.startsWith("/signout")) {
            return fallback;
        }
        return next;
    }
}
