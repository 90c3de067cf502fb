package io.switchboard.api;

import io.switchboard.accounting.RateLimiter;
import io.switchboard.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Turns a refused rate-limit check into OpenRouter's 429: {@code Retry-After} and the {@code X-RateLimit-*} headers. */
final class RateLimits {
    private RateLimits() {}

    static void admit(Exchange exchange, RateLimiter.Decision decision) throws ApiException {
        if (decision.allowed()) {
            return;
        }
        exchange.header("X-RateLimit-Limit", Long.toString(decision.limit()));
        exchange.header("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        exchange.header("X-RateLimit-Reset", Long.toString(decision.resetEpochMs()));
        long retrySeconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        ObjectNode metadata = Json.object();
        metadata.put("error_type", "rate_limit_exceeded");
        metadata.put("retry_after_seconds", retrySeconds);
        metadata.putNull("provider_name");
        throw new ApiException(429, decision.message(), metadata, java.time.Duration.ofSeconds(retrySeconds));
    }
}
