package io.switchboard.web;

/** The parameter of {@code error.jte}. */
public record ErrorPage(Chrome chrome, int status, String title, String message) {}
