package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.HealthRollup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentsTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Incidents.Minute minute(int offset, long ok, long failed) {
        return new Incidents.Minute(T.plus(Duration.ofMinutes(offset)), ok, failed);
    }

    @Test
    void aRunOfBadMinutesIsOneIncidentAndIdleMinutesDoNotEndIt() {
        List<Incidents.Incident> incidents = Incidents.detect(
                List.of(
                        minute(0, 100, 0),
                        minute(1, 50, 50), // bad
                        // minute 2: no traffic
                        minute(3, 0, 10), // bad
                        minute(4, 99, 1), // 99%: healthy, ends the run
                        minute(5, 10, 0)),
                0.95);
        assertThat(incidents).singleElement().satisfies(incident -> {
            assertThat(incident.start()).isEqualTo(T.plus(Duration.ofMinutes(1)));
            assertThat(incident.end()).isEqualTo(T.plus(Duration.ofMinutes(4)));
            assertThat(incident.duration()).isEqualTo(Duration.ofMinutes(3));
            assertThat(incident.failures()).isEqualTo(60);
            assertThat(incident.uptime()).isEqualTo(50.0 / 110);
        });
    }

    @Test
    void incidentsAreNewestFirstAndAnOngoingOneIsKept() {
        List<Incidents.Incident> incidents =
                Incidents.detect(List.of(minute(0, 0, 3), minute(1, 20, 0), minute(2, 1, 1), minute(3, 0, 2)), 0.95);
        assertThat(incidents)
                .extracting(Incidents.Incident::start, Incidents.Incident::failures)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T.plus(Duration.ofMinutes(2)), 3L),
                        org.assertj.core.groups.Tuple.tuple(T, 3L));
    }

    @Test
    void healthyOrIdleTrafficHasNoIncidents() {
        assertThat(Incidents.detect(List.of(), 0.95)).isEmpty();
        assertThat(Incidents.detect(List.of(minute(0, 0, 0), minute(1, 1000, 1)), 0.95))
                .isEmpty();
        // Under the threshold needs a failure: a minute with successes only is never an incident.
        assertThat(Incidents.detect(List.of(minute(0, 1, 0)), 1.01)).isEmpty();
    }

    @Test
    void nodesOfTheSameMinuteAreAddedUpAndBucketsCoverTheRange() {
        List<HealthRollup> rows = List.of(
                rollup(T, 5, 5),
                rollup(T, 10, 0),
                rollup(T.plus(Duration.ofMinutes(90)), 3, 1),
                rollup(T.minus(Duration.ofMinutes(1)), 100, 100));
        List<Incidents.Minute> minutes = UptimeHistory.minutes(rows);
        assertThat(minutes)
                .extracting(Incidents.Minute::successes, Incidents.Minute::failures)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(100L, 100L),
                        org.assertj.core.groups.Tuple.tuple(15L, 5L),
                        org.assertj.core.groups.Tuple.tuple(3L, 1L));
        List<UptimeHistory.Bucket> hours = UptimeHistory.buckets(minutes, T, Duration.ofHours(1), 3);
        assertThat(hours).extracting(UptimeHistory.Bucket::uptimePercent).containsExactly(75.0, 75.0, null);
        assertThat(hours.get(2).start()).isEqualTo(T.plus(Duration.ofHours(2)));
    }

    private static HealthRollup rollup(Instant minute, long ok, long failed) {
        return new HealthRollup("e", minute, ok, failed, 0, 0, null, 0, null, "", "");
    }
}
