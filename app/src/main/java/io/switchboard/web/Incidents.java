package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds incidents in per-minute traffic: a run of minutes whose uptime fell below a threshold. Minutes without traffic
 * neither end nor extend a run (nothing was measured); a measured healthy minute ends it.
 */
final class Incidents {
    private Incidents() {}

    /** One minute of one endpoint, every node added up. */
    record Minute(Instant start, long successes, long failures) {
        long requests() {
            return successes + failures;
        }
    }

    /** A contiguous bad period: from the first bad minute's start to the last bad minute's end. */
    record Incident(Instant start, Instant end, long successes, long failures) {
        Incident {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }

        Duration duration() {
            return Duration.between(start, end);
        }

        /** Uptime over the incident's minutes, as a ratio. */
        double uptime() {
            long total = successes + failures;
            return total == 0 ? 1.0 : (double) successes / total;
        }
    }

    /**
     * @param minutes oldest first, at most one row per minute
     * @param threshold a minute is bad when its uptime ratio is below this (e.g. 0.95) and it had a failure
     * @return the incidents, newest first
     */
    static List<Incident> detect(List<Minute> minutes, double threshold) {
        List<Incident> found = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        long successes = 0;
        long failures = 0;
        for (Minute minute : minutes) {
            if (minute.requests() == 0) {
                continue;
            }
            boolean bad = minute.failures() > 0 && (double) minute.successes() / minute.requests() < threshold;
            if (bad) {
                if (start == null) {
                    start = minute.start();
                    successes = 0;
                    failures = 0;
                }
                end = minute.start().plus(Duration.ofMinutes(1));
                successes += minute.successes();
                failures += minute.failures();
            } else if (start != null) {
                found.add(new Incident(start, end, successes, failures));
                start = null;
            }
        }
        if (start != null) {
            found.add(new Incident(start, end, successes, failures));
        }
        return found.reversed();
    }
}
