package io.switchboard.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The rules a form post must pass before anything changes: the page's synchronizer token echoed back (compared in
 * constant time), and no sign of coming from another site in the {@code Origin} or {@code Sec-Fetch-Site} headers.
 * Either check alone would do against today's browsers; both together also cover old browsers and proxies that drop
 * one of the headers.
 */
final class Csrf {
    static final String FIELD = "_csrf";

    private Csrf() {}

    /** Whether the posted token equals the expected one; empty or missing tokens never match. */
    static boolean tokenMatches(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty() || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the request's own headers show it came from another site. Absent headers prove nothing (non-browser
     * clients, old browsers), so they pass; the token check still applies.
     *
     * @param host the {@code Host} the request was sent to (host[:port])
     */
    static boolean crossSite(String origin, String secFetchSite, String host) {
        if (secFetchSite != null) {
            String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
            if (!site.equals("same-origin") && !site.equals("none")) {
                return true;
            }
        }
        if (origin == null) {
            return false;
        }
        if (origin.equals("null") || host == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null) {
                return true;
            }
            String authority =
                    uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            String expected = host.strip().toLowerCase(Locale.ROOT);
            return !(authority.equals(expected) || authority.equals(withoutDefaultPort(expected, uri.getScheme())));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String withoutDefaultPort(String host, String scheme) {
        if ("https".equalsIgnoreCase(scheme) && host.endsWith(":443")) {
            return host.substring(0, host.length() - 4);
        }
        if ("http".equalsIgnoreCase(scheme) && host.endsWith(":80")) {
            return host.substring(0, host.length() - 3);
        }
        return host;
    }
}
