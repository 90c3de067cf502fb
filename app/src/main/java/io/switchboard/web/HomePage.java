package io.switchboard.web;

import java.util.List;

/**
 * The parameter of {@code home.jte}.
 *
 * @param popular the most used models this week, or the newest ones while nothing was used
 * @param popularByUsage whether {@code popular} comes from usage
 */
public record HomePage(Chrome chrome, int models, int providers, List<ModelRow> popular, boolean popularByUsage) {}
