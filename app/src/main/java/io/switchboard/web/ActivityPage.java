package io.switchboard.web;

import io.switchboard.accounting.GenerationStore.ModelActivityRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameter of {@code model/activity.jte}: the last 30 days per provider, charted and tabled. */
public record ActivityPage(ModelHeader header, ChartData tokens, ChartData requests, List<Row> rows, Row total) {
    static final int DAYS = 30;

    /** One table row; {@code provider} is "All providers" for the total. */
    public record Row(String date, String provider, long requests, long prompt, long completion, long reasoning) {
        public String requestCount() {
            return Formats.count(requests);
        }

        public String promptTokens() {
            return Formats.count(prompt);
        }

        public String completionTokens() {
            return Formats.count(completion);
        }

        public String reasoningTokens() {
            return Formats.count(reasoning);
        }

        public String totalTokens() {
            return Formats.count(prompt + completion);
        }
    }

    public boolean hasTraffic() {
        return !rows.isEmpty();
    }

    static ActivityPage of(ModelHeader header, List<ModelActivityRow> activity, Instant start) {
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        List<Long> x = new ArrayList<>(DAYS);
        for (int i = 0; i < DAYS; i++) {
            x.add(first.plusDays(i).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        }
        Map<String, double[]> tokens = new LinkedHashMap<>();
        Map<String, double[]> requests = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        long totalRequests = 0;
        long totalPrompt = 0;
        long totalCompletion = 0;
        long totalReasoning = 0;
        for (ModelActivityRow row : activity) {
            int day = (int) (row.date().toEpochDay() - first.toEpochDay());
            String provider = row.providerName() == null ? row.providerSlug() : row.providerName();
            if (day >= 0 && day < DAYS) {
                tokens.computeIfAbsent(provider, unused -> new double[DAYS])[day] += row.totalTokens();
                requests.computeIfAbsent(provider, unused -> new double[DAYS])[day] += row.requests();
            }
            rows.add(new Row(
                    Formats.day(row.date()),
                    provider,
                    row.requests(),
                    row.promptTokens(),
                    row.completionTokens(),
                    row.reasoningTokens()));
            totalRequests += row.requests();
            totalPrompt += row.promptTokens();
            totalCompletion += row.completionTokens();
            totalReasoning += row.reasoningTokens();
        }
        // Newest day first in the table; the store returns oldest first for the charts.
        List<Row> newestFirst = List.copyOf(rows.reversed());
        return new ActivityPage(
                header,
                chart(x, tokens, "tokens"),
                chart(x, requests, "requests"),
                newestFirst,
                new Row("Last 30 days", "All providers", totalRequests, totalPrompt, totalCompletion, totalReasoning));
    }

    private static ChartData chart(List<Long> x, Map<String, double[]> byProvider, String unit) {
        List<ChartData.Series> series = new ArrayList<>();
        byProvider.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -sum(e.getValue())))
                .forEach(e -> series.add(new ChartData.Series(e.getKey(), boxed(e.getValue()))));
        return new ChartData("stacked", unit, x, series);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
