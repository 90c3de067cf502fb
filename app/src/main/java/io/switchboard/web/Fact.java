package io.switchboard.web;

/** A labelled value on a page, already formatted for people. */
public record Fact(String label, String value) {}
