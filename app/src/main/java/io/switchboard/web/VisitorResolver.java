package io.switchboard.web;

import io.switchboard.api.Exchange;

/** Finds the visitor of a page request (from its session cookie) and makes sure it carries a CSRF token. */
@FunctionalInterface
public interface VisitorResolver {
    Visitor resolve(Exchange exchange);
}
