package io.switchboard.web;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.routing.EndpointHealth;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Builds the uptime tab: per endpoint, uptime per bucket (charted), now, over the range, and its incidents. */
final class UptimeView {
    /** A minute with a failure and under 95% of requests served counts towards an incident. */
    static final double INCIDENT_THRESHOLD = 0.95;

    private static final int MAX_INCIDENTS = 20;
    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final WebServices services;
    private final WebStats stats;

    UptimeView(WebServices services, WebStats stats) {
        this.services = services;
        this.stats = stats;
    }

    UptimePage page(ModelHeader header, Catalog catalog, List<Endpoint> endpoints, UptimeRange range) {
        Instant from = range.from(services.clock().instant());
        List<Long> x = new ArrayList<>(range.buckets());
        for (int i = 0; i < range.buckets(); i++) {
            x.add(from.plus(range.bucket().multipliedBy(i)).getEpochSecond());
        }
        List<ChartData.Series> series = new ArrayList<>();
        List<UptimePage.EndpointUptime> rows = new ArrayList<>();
        List<Timed> incidents = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String provider =
                    catalog.provider(endpoint.providerSlug()).map(p -> p.name()).orElse(endpoint.providerSlug());
            List<Incidents.Minute> minutes = UptimeHistory.minutes(stats.health(endpoint.id(), from));
            List<UptimeHistory.Bucket> buckets = UptimeHistory.buckets(minutes, from, range.bucket(), range.buckets());
            List<Double> uptimes =
                    buckets.stream().map(UptimeHistory.Bucket::uptimePercent).toList();
            // Endpoints without traffic stay in the table but would only crowd the chart's legend.
            if (uptimes.stream().anyMatch(value -> value != null)) {
                series.add(new ChartData.Series(provider, uptimes));
            }
            long successes =
                    minutes.stream().mapToLong(Incidents.Minute::successes).sum();
            long failures =
                    minutes.stream().mapToLong(Incidents.Minute::failures).sum();
            EndpointHealth.Report report = services.health().report(endpoint.id());
            rows.add(new UptimePage.EndpointUptime(
                    provider,
                    report.uptimeLast30m() == null ? "–" : Formats.percent(report.uptimeLast30m() / 100),
                    successes + failures == 0 ? "–" : Formats.percent((double) successes / (successes + failures)),
                    Formats.count(successes + failures)));
            for (Incidents.Incident incident : Incidents.detect(minutes, INCIDENT_THRESHOLD)) {
                incidents.add(new Timed(incident.start(), row(provider, incident)));
            }
        }
        List<UptimePage.IncidentRow> newest = incidents.stream()
                .sorted(Comparator.comparing(Timed::start).reversed())
                .limit(MAX_INCIDENTS)
                .map(Timed::row)
                .toList();
        return new UptimePage(header, range, new ChartData("line", "percent", x, series), rows, newest);
    }

    private static UptimePage.IncidentRow row(String provider, Incidents.Incident incident) {
        long minutes = incident.duration().toMinutes();
        return new UptimePage.IncidentRow(
                provider,
                START.format(incident.start()),
                minutes < 60 ? minutes + " min" : (minutes / 60) + " h " + (minutes % 60) + " min",
                Formats.count(incident.failures()),
                Formats.percent(incident.uptime()));
    }

    private record Timed(Instant start, UptimePage.IncidentRow row) {}
}
