package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One endpoint's traffic during one minute on one node: what is persisted so health history survives restarts and
 * can be charted.
 *
 * @param minute start of the minute (UTC, whole minute)
 * @param successes requests that succeeded
 * @param failures requests that failed on the provider's side (5xx, timeouts, broken streams, 401/402/403/404 from the
 *     provider)
 * @param excluded requests not counted in uptime: rate limited (429) or refused as the client's own error (400, 413)
 * @param latencySamples time-to-first-token samples; {@code latency} is null when zero
 * @param latency time to first token, seconds
 * @param throughputSamples throughput samples; {@code throughput} is null when zero
 * @param throughput output tokens per second
 * @param latencyHistogram the latency bins in a compact text form, so rollups can be merged exactly again
 * @param throughputHistogram the throughput bins in the same form
 */
public record HealthRollup(
        String endpointId,
        Instant minute,
        long successes,
        long failures,
        long excluded,
        long latencySamples,
        Percentiles latency,
        long throughputSamples,
        Percentiles throughput,
        String latencyHistogram,
        String throughputHistogram) {
    public HealthRollup {
        requireNonNull(endpointId, "endpointId is null");
        requireNonNull(minute, "minute is null");
        latencyHistogram = latencyHistogram == null ? "" : latencyHistogram;
        throughputHistogram = throughputHistogram == null ? "" : throughputHistogram;
    }

    public long epochMinute() {
        return Math.floorDiv(minute.getEpochSecond(), 60);
    }
}
