package io.switchboard.web;

import static java.util.Objects.requireNonNull;

/** A page that cannot be shown, rendered as an HTML error page with this status and a message for people. */
public final class PageException extends Exception {
    private final int status;
    private final String title;

    public PageException(int status, String title, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.status = status;
        this.title = requireNonNull(title, "title is null");
    }

    public static PageException notFound(String message) {
        return new PageException(404, "Not found", message);
    }

    public static PageException badRequest(String message) {
        return new PageException(400, "Bad request", message);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
