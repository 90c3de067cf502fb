package io.switchboard.web;

import java.util.List;

/** The parameter of {@code model/api.jte}. */
public record ApiPage(ModelHeader header, String baseUrl, List<CodeSample> samples) {}
