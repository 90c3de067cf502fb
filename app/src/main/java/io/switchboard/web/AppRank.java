package io.switchboard.web;

import io.switchboard.accounting.GenerationStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One app's totals over a period, from the per-day attribution rollup; the title is the latest one seen. */
public record AppRank(String origin, String title, long tokens, long requests) {
    public String name() {
        return title == null || title.isBlank() ? origin : title;
    }

    /**
     * The origin as a link target, or null: a referer that is not an http(s) URL is kept as sent (e.g.
     * "javascript:..."), and must never become a link.
     */
    public String link() {
        return origin.startsWith("https://") || origin.startsWith("http://") ? origin : null;
    }

    /** Sums the rollup's days per origin, most tokens first. {@code days} are newest first, as the store returns them. */
    static List<AppRank> rank(List<GenerationStore.AppUsage> days) {
        Map<String, AppRank> byOrigin = new LinkedHashMap<>();
        for (GenerationStore.AppUsage day : days) {
            byOrigin.merge(
                    day.appOrigin(),
                    new AppRank(day.appOrigin(), day.appTitle(), day.totalTokens(), day.requests()),
                    (a, b) -> new AppRank(
                            a.origin,
                            a.title != null ? a.title : b.title,
                            a.tokens + b.tokens,
                            a.requests + b.requests));
        }
        return byOrigin.values().stream()
                .sorted(Comparator.comparingLong(AppRank::tokens).reversed().thenComparing(AppRank::origin))
                .toList();
    }
}
