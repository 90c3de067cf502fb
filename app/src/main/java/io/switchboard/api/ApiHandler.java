package io.switchboard.api;

/**
 * The one small handler interface: everything the API serves is an {@code ApiHandler}, and cross-cutting concerns
 * (authentication, error rendering) are decorators around it.
 */
@FunctionalInterface
public interface ApiHandler {
    void handle(Exchange exchange) throws Exception;
}
