package io.switchboard.web;

import java.util.List;

/** The parameter of {@code rankings.jte}. */
public record RankingsPage(Chrome chrome, Period period, List<ModelRank> models, List<AppRank> apps) {
    /** One model's totals; {@code href} is null when the model left the catalog. */
    public record ModelRank(String name, String id, String href, long tokens, long requests) {
        public String tokenCount() {
            return Formats.count(tokens);
        }

        public String requestCount() {
            return Formats.count(requests);
        }
    }

    public List<Period> periods() {
        return List.of(Period.values());
    }
}
