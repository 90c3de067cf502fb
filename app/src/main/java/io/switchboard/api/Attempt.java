package io.switchboard.api;

/**
 * One try at one endpoint, as {@code GET /generation} shows it in {@code provider_responses}.
 *
 * @param status the provider's HTTP status, 200 on success, 0 when it never answered
 * @param error null on success
 * @param byok sent with the user's own provider key: a 401/403 then judges the key, not the endpoint, and must not count
 *     against the endpoint's uptime
 */
record Attempt(String provider, String endpoint, int status, long latencyMs, String error, boolean byok) {
    Attempt(String provider, String endpoint, int status, long latencyMs, String error) {
        this(provider, endpoint, status, latencyMs, error, false);
    }
}
