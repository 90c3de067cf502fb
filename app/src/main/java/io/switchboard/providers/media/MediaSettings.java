package io.switchboard.providers.media;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits for fetching media by URL on a provider's behalf.
 *
 * @param allowHttp also fetch plain {@code http} URLs (off: https only)
 * @param allowPrivateNetworks also fetch from loopback, private, link-local and unique-local addresses (off in
 *     production; tests enable it for a loopback image server); multicast, unspecified and reserved addresses are
 *     refused regardless
 * @param maxBytes largest body accepted, counted while reading
 * @param timeout the whole fetch, redirects included
 * @param maxRedirects redirects followed (each hop checked like the first)
 */
public record MediaSettings(
        boolean allowHttp, boolean allowPrivateNetworks, long maxBytes, Duration timeout, int maxRedirects) {
    public static final MediaSettings DEFAULTS =
            new MediaSettings(false, false, 20L * 1024 * 1024, Duration.ofSeconds(15), 3);

    public MediaSettings {
        requireNonNull(timeout, "timeout is null");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
        }
    }
}
