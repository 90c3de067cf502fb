package io.switchboard.web;

import java.util.List;

/** The parameter of {@code model/overview.jte}. */
public record OverviewPage(ModelHeader header, List<Fact> prices, List<Fact> facts) {}
