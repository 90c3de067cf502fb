package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Uptime, latency and throughput computed from scripted outcomes, and their per-minute rollups. */
class HealthUptimeTest {
    private static final String ENDPOINT = "together:meta-llama/llama-3.3-70b-instruct";
    private final RoutingFixtures.ManualClock clock =
            new RoutingFixtures.ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final EndpointHealth health = new EndpointHealth(clock);

    private void at(String time) {
        clock.set(Instant.parse("2026-03-01T" + time + "Z"));
    }

    private void outcomes(int successes, int failures, int excluded) {
        for (int i = 0; i < successes; i++) {
            health.recordSuccess(ENDPOINT, 250, 40);
        }
        for (int i = 0; i < failures; i++) {
            health.recordFailure(ENDPOINT);
        }
        for (int i = 0; i < excluded; i++) {
            health.recordExcluded(ENDPOINT);
        }
    }

    /** The script: a day of traffic whose uptimes are worked out by hand below. */
    private void script() {
        at("10:00:10");
        outcomes(40, 10, 0); // two hours ago: only in the day window
        at("11:40:00");
        outcomes(20, 20, 3); // twenty minutes ago: in the 30-minute window
        at("11:57:59");
        outcomes(9, 1, 5); // three minutes ago: in every window; the 5 rate limits never count
        at("12:00:30");
        outcomes(10, 0, 0); // the current minute
    }

    @Test
    void uptimeIsSuccessesOverCountedRequestsPerWindow() {
        script();
        EndpointHealth.Report report = health.report(ENDPOINT);
        // 5m = 11:56..12:00 → (9 + 10) / (10 + 10)
        assertThat(report.uptimeLast5m()).isEqualTo(19 * 100.0 / 20);
        // 30m = 11:31..12:00 → (20 + 9 + 10) / (40 + 10 + 10)
        assertThat(report.uptimeLast30m()).isEqualTo(39 * 100.0 / 60);
        // 1d → (40 + 20 + 9 + 10) / (50 + 40 + 10 + 10)
        assertThat(report.uptimeLast1d()).isEqualTo(79 * 100.0 / 110);
        assertThat(report.outage()).isFalse();

        // Four minutes later the 11:57 minute has left the 5-minute window: 10 / 10.
        at("12:02:00");
        assertThat(health.report(ENDPOINT).uptimeLast5m()).isEqualTo(100.0);
        // Six minutes later nothing is left in it.
        at("12:05:00");
        assertThat(health.report(ENDPOINT).uptimeLast5m()).isNull();
        // A day and ten minutes after the first requests only the later ones remain.
        at("10:00:00");
        clock.advance(Duration.ofDays(1).plusMinutes(10));
        assertThat(health.report(ENDPOINT).uptimeLast1d()).isEqualTo(39 * 100.0 / 60);
    }

    @Test
    void uptimeIsNullWithTooLittleDataAndIgnoresRateLimits() {
        at("12:00:00");
        outcomes(3, 1, 50);
        assertThat(health.report(ENDPOINT).uptimeLast5m()).isNull();
        outcomes(0, 1, 0);
        // 3 of 5 counted requests succeeded; the 50 excluded ones change nothing.
        assertThat(health.report(ENDPOINT).uptimeLast5m()).isEqualTo(60.0);
        assertThat(health.report("unknown:endpoint")).isEqualTo(EndpointHealth.Report.EMPTY);
        EndpointHealth strict = new EndpointHealth(clock, HealthPolicy.DEFAULT.withUptimeMinRequests(100));
        strict.recordSuccess(ENDPOINT, 10, 10);
        assertThat(strict.report(ENDPOINT).uptimeLast30m()).isNull();
    }

    @Test
    void latencyAndThroughputPercentilesOverTheLast30Minutes() {
        at("12:00:00");
        // Time to first token 100, 200, ..., 1000 ms (ten of each); throughput 10, 20, ..., 100 tokens/s.
        for (int i = 1; i <= 10; i++) {
            for (int repeat = 0; repeat < 10; repeat++) {
                health.recordSuccess(ENDPOINT, i * 100L, i * 10.0);
            }
        }
        EndpointHealth.Report report = health.report(ENDPOINT);
        Percentiles latency = report.latencyLast30m();
        // Log-scale bins read back within 10% of the true nearest-rank value.
        assertThat(latency.p50()).isCloseTo(0.5, Percentage.withPercentage(10));
        assertThat(latency.p75()).isCloseTo(0.8, Percentage.withPercentage(10));
        assertThat(latency.p90()).isCloseTo(0.9, Percentage.withPercentage(10));
        assertThat(latency.p99()).isCloseTo(1.0, Percentage.withPercentage(10));
        Percentiles throughput = report.throughputLast30m();
        // Throughput percentiles are the speed that share of requests reaches: p90 is the 10th percentile.
        assertThat(throughput.p50()).isCloseTo(50, Percentage.withPercentage(10));
        assertThat(throughput.p75()).isCloseTo(30, Percentage.withPercentage(10));
        assertThat(throughput.p90()).isCloseTo(10, Percentage.withPercentage(10));
        assertThat(throughput.p99()).isCloseTo(10, Percentage.withPercentage(10));
        // Not measured: no samples, no percentiles.
        health.recordSuccess("other", -1, Double.NaN);
        assertThat(health.report("other").latencyLast30m()).isNull();
        assertThat(health.report("other").throughputLast30m()).isNull();
        // Half an hour later they are gone.
        clock.advance(Duration.ofMinutes(30));
        assertThat(health.report(ENDPOINT).latencyLast30m()).isNull();
    }

    @Test
    void pendingRollupsAreTheMinutesNotHandedOutYetAndReadingThemHandsNothingOut() {
        at("10:00:10");
        outcomes(3, 1, 0);
        at("10:01:10");
        outcomes(2, 0, 0);
        assertThat(health.pendingRollups(ENDPOINT))
                .extracting(HealthRollup::minute, HealthRollup::successes, HealthRollup::failures)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-01T10:00:00Z"), 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-01T10:01:00Z"), 2L, 0L));
        // The finished minute goes to the store; the current one stays pending.
        assertThat(health.drainRollups(false)).hasSize(1);
        assertThat(health.pendingRollups(ENDPOINT))
                .extracting(HealthRollup::minute)
                .containsExactly(Instant.parse("2026-03-01T10:01:00Z"));
        assertThat(health.pendingRollups("unknown")).isEmpty();
    }

    @Test
    void rollupsCarryEveryMinuteAndRestoreTheSameNumbers() {
        script();
        at("12:00:45");
        List<HealthRollup> finished = health.drainRollups(false);
        // Finished minutes with traffic, oldest first; the current minute waits.
        assertThat(finished)
                .extracting(HealthRollup::minute)
                .containsExactly(
                        Instant.parse("2026-03-01T10:00:00Z"),
                        Instant.parse("2026-03-01T11:40:00Z"),
                        Instant.parse("2026-03-01T11:57:00Z"));
        HealthRollup minute = finished.get(2);
        assertThat(minute.successes()).isEqualTo(9);
        assertThat(minute.failures()).isEqualTo(1);
        assertThat(minute.excluded()).isEqualTo(5);
        assertThat(minute.latencySamples()).isEqualTo(9);
        assertThat(minute.latency().p50()).isCloseTo(0.25, within(0.025));
        assertThat(minute.throughput().p50()).isCloseTo(40, Percentage.withPercentage(10));
        assertThat(health.drainRollups(false)).isEmpty();
        // At shutdown the current minute goes too, and again (whole) if it gets more traffic.
        List<HealthRollup> current = health.drainRollups(true);
        assertThat(current)
                .singleElement()
                .satisfies(r -> assertThat(r.successes()).isEqualTo(10));
        outcomes(1, 0, 0);
        List<HealthRollup> rewritten = health.drainRollups(true);
        assertThat(rewritten)
                .singleElement()
                .satisfies(r -> assertThat(r.successes()).isEqualTo(11));
        assertThat(health.droppedMinutes()).isZero();

        // A restarted node reads the rows back (the day ones from the database) and publishes the same numbers.
        List<HealthRollup> history = new java.util.ArrayList<>(finished);
        history.addAll(rewritten);
        clock.advance(Duration.ofMinutes(1));
        EndpointHealth restarted = new EndpointHealth(clock);
        history.add(new HealthRollup(
                ENDPOINT,
                Instant.parse("2026-03-01T12:01:00Z"),
                1000,
                0,
                0,
                0,
                null,
                0,
                null,
                "",
                "")); // the current minute of a restart is skipped: it may be this node's own minute again
        restarted.restore(history);
        health.drainRollups(true);
        EndpointHealth.Report original = health.report(ENDPOINT);
        EndpointHealth.Report restored = restarted.report(ENDPOINT);
        assertThat(restored.uptimeLast5m()).isEqualTo(original.uptimeLast5m()).isEqualTo(20 * 100.0 / 21);
        assertThat(restored.uptimeLast30m()).isEqualTo(original.uptimeLast30m());
        assertThat(restored.uptimeLast1d()).isEqualTo(original.uptimeLast1d()).isEqualTo(80 * 100.0 / 111);
        assertThat(restored.latencyLast30m()).isEqualTo(original.latencyLast30m());
        assertThat(restored.throughputLast30m()).isEqualTo(original.throughputLast30m());
        // Restored minutes are not written again by the new node.
        assertThat(restarted.drainRollups(true)).isEmpty();
    }

    @Test
    void memoryStaysBoundedOverDaysOfTraffic() {
        at("00:00:00");
        for (int minute = 0; minute < 3 * 24 * 60; minute++) {
            health.recordSuccess(ENDPOINT, 100 + minute % 500, 10 + minute % 90);
            health.recordFailure(ENDPOINT);
            clock.advance(Duration.ofMinutes(1));
            if (minute % 60 == 0) {
                assertThat(health.drainRollups(false).size()).isLessThanOrEqualTo(EndpointHealth.MINUTE_SLOTS);
            }
        }
        assertThat(health.drainRollups(true).size()).isLessThanOrEqualTo(EndpointHealth.MINUTE_SLOTS);
        assertThat(health.report(ENDPOINT).uptimeLast1d()).isEqualTo(50.0);
        assertThat(health.endpointIds()).containsExactly(ENDPOINT);
    }
}
