package io.switchboard.web;

import io.switchboard.json.Json;
import java.util.List;

/**
 * What {@code charts.js} draws: sent as JSON inside {@code <script type="application/json">}, so the CSP needs no
 * inline script.
 *
 * @param kind "stacked" (bars) or "line"
 * @param unit "tokens", "requests" or "percent"
 * @param x bucket starts in epoch seconds
 */
public record ChartData(String kind, String unit, List<Long> x, List<Series> series) {
    public ChartData {
        x = List.copyOf(x);
        series = List.copyOf(series);
    }

    /** One line or band; a null value is a gap (no traffic). */
    public record Series(String label, List<Double> values) {}

    public boolean hasData() {
        return !x.isEmpty() && !series.isEmpty();
    }

    /**
     * The JSON, safe to place raw inside a script element: {@code <}, {@code >} and {@code &} are written as JSON
     * escapes, so no label can close the element or open a comment.
     */
    public String json() {
        return Json.MAPPER
                .writeValueAsString(this)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }
}
