package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When an endpoint counts as having a significant outage, and how much data the published numbers need.
 *
 * @param outageWindow how far back failures demote an endpoint (OpenRouter: 30 seconds)
 * @param outageMinFailures failures within the window needed for an outage
 * @param outageFailureRatio share of failed requests within the window needed for an outage
 * @param uptimeMinRequests counted requests a window needs before its uptime is published (else null)
 * @param signalWindow the window of the latency and throughput percentiles used by routing (sort, preferences)
 */
public record HealthPolicy(
        Duration outageWindow,
        int outageMinFailures,
        double outageFailureRatio,
        int uptimeMinRequests,
        Duration signalWindow) {
    public static final HealthPolicy DEFAULT =
            new HealthPolicy(Duration.ofSeconds(30), 2, 0.5, 5, Duration.ofMinutes(5));

    public HealthPolicy {
        requireNonNull(outageWindow, "outageWindow is null");
        requireNonNull(signalWindow, "signalWindow is null");
        if (outageWindow.toSeconds() < 1 || outageWindow.toSeconds() > EndpointHealth.SECOND_SLOTS - 1) {
            throw new IllegalArgumentException(
                    "outageWindow must be 1 to " + (EndpointHealth.SECOND_SLOTS - 1) + " seconds: " + outageWindow);
        }
        if (signalWindow.toMinutes() < 1 || signalWindow.toMinutes() > 30) {
            throw new IllegalArgumentException("signalWindow must be 1 to 30 minutes: " + signalWindow);
        }
        if (outageMinFailures < 1 || uptimeMinRequests < 1) {
            throw new IllegalArgumentException("outageMinFailures and uptimeMinRequests must be positive");
        }
        if (!(outageFailureRatio > 0 && outageFailureRatio <= 1)) {
            throw new IllegalArgumentException("outageFailureRatio must be in (0, 1]: " + outageFailureRatio);
        }
    }

    public HealthPolicy withUptimeMinRequests(int minimum) {
        return new HealthPolicy(outageWindow, outageMinFailures, outageFailureRatio, minimum, signalWindow);
    }
}
