package io.switchboard.accounting;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * App identity for attribution: the {@code HTTP-Referer} normalised to its origin, so {@code https://Example.app/chat?x}
 * and {@code https://example.app/} are one app. The title ({@code X-Title} / {@code X-OpenRouter-Title}) is only a
 * display name, as on OpenRouter.
 */
public final class Apps {
    private static final int MAX_LENGTH = 200;

    private Apps() {}

    /** {@code scheme://host[:port]} in lower case without default ports, or null for a blank referer. */
    public static String origin(String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        String trimmed = referer.strip();
        String candidate = trimmed.contains("://") ? trimmed : "https://" + trimmed;
        try {
            URI uri = new URI(candidate);
            String host = uri.getHost();
            if (host != null && uri.getScheme() != null) {
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                int port = uri.getPort();
                boolean defaultPort =
                        port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
                String origin = scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
                return truncate(origin);
            }
        } catch (URISyntaxException e) {
            // not a URL: fall through and use the value itself
        }
        return truncate(trimmed.toLowerCase(Locale.ROOT));
    }

    /** A display title, trimmed and bounded; null when blank. */
    public static String title(String title) {
        return title == null || title.isBlank() ? null : truncate(title.strip());
    }

    private static String truncate(String value) {
        return value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
    }
}
