package io.switchboard.web;

import io.switchboard.api.Exchange;

/** One page of the web app: renders or redirects for the visitor. {@link Pages#page} adds the cross-cutting parts. */
@FunctionalInterface
public interface PageHandler {
    void handle(Exchange exchange, Visitor visitor) throws Exception;
}
