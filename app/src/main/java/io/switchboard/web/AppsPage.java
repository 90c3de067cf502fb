package io.switchboard.web;

import java.util.List;

/** The parameter of {@code model/apps.jte}. */
public record AppsPage(ModelHeader header, Period period, List<AppRank> apps) {
    public List<Period> periods() {
        return List.of(Period.values());
    }
}
