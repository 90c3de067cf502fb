package io.switchboard.web;

import java.util.List;

/** The parameter of {@code model/uptime.jte}. */
public record UptimePage(
        ModelHeader header,
        UptimeRange range,
        ChartData chart,
        List<EndpointUptime> endpoints,
        List<IncidentRow> incidents) {
    /** One endpoint's uptime now (last 30 minutes, live) and over the whole range. */
    public record EndpointUptime(String provider, String last30m, String overRange, String requests) {}

    /** One incident of one endpoint, formatted. */
    public record IncidentRow(String provider, String start, String duration, String failures, String uptime) {}

    public List<UptimeRange> ranges() {
        return List.of(UptimeRange.values());
    }

    public boolean hasTraffic() {
        return chart.series().stream()
                .anyMatch(series -> series.values().stream().anyMatch(v -> v != null));
    }
}
