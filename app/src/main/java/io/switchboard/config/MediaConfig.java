package io.switchboard.config;

/**
 * Fetching media that requests refer to by URL, for providers that cannot fetch it themselves (Gemini). The defaults
 * are the safe ones: https only, public addresses only.
 *
 * @param allowHttp also fetch plain http URLs
 * @param allowPrivateNetworks also fetch from loopback, private, link-local and unique-local addresses (tests with a
 *     loopback server, intranet media hosts); never on a gateway open to untrusted clients
 * @param maxBytes largest media body accepted
 * @param timeoutMs the whole fetch, redirects included
 * @param maxRedirects redirects followed, each checked like the first request
 */
public record MediaConfig(
        boolean allowHttp, boolean allowPrivateNetworks, long maxBytes, long timeoutMs, int maxRedirects) {
    public MediaConfig {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("media.max_bytes must be positive: " + maxBytes);
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("media.timeout_ms must be positive: " + timeoutMs);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("media.max_redirects must not be negative: " + maxRedirects);
        }
    }

    public static MediaConfig defaults() {
        return new MediaConfig(false, false, 20L * 1024 * 1024, 15_000, 3);
    }

    /** Plain http and internal addresses allowed: for tests against a loopback server. */
    public MediaConfig allowingLocalTestServers() {
        return new MediaConfig(true, true, maxBytes, timeoutMs, maxRedirects);
    }
}
