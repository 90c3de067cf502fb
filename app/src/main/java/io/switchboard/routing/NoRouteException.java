package io.switchboard.routing;

/** No endpoint is left for a request; the message says which filter emptied the list. */
public final class NoRouteException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoRouteException(String message) {
        super(message);
    }
}
