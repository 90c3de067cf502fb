package io.switchboard.web;

import java.util.List;

/** The parameter of {@code model/providers.jte}. */
public record ProvidersPage(ModelHeader header, List<ProviderRow> rows) {
    public boolean anyMeasured() {
        return rows.stream().anyMatch(ProviderRow::measured);
    }
}
