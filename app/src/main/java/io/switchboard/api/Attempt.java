package io.switchboard.api;

/**
 * One try at one endpoint, as {@code GET /generation} shows it in {@code provider_responses}.
 *
 * @param status the provider's HTTP status, 200 on success, 0 when it never answered
 * @param error null on success
 */
record Attempt(String provider, String endpoint, int status, long latencyMs, String error) {}
