package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.ApiException;
import io.switchboard.api.ApiHandler;
import io.switchboard.api.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decorator every page goes through: resolves the visitor, renders failures as HTML error pages (a browser gets a
 * page, never a stack trace or a JSON body), and sets the security headers. Paths under {@code /api/} that fall
 * through to a page route keep the API's JSON error envelope.
 */
public final class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
    static final String HTML = "text/html; charset=utf-8";
    // Scripts only from this origin (chart data travels in <script type="application/json"> blocks, which CSP allows).
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'"
            + " 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

    private final Templates templates;
    private final VisitorResolver visitors;

    public Pages(Templates templates, VisitorResolver visitors) {
        this.templates = requireNonNull(templates, "templates is null");
        this.visitors = requireNonNull(visitors, "visitors is null");
    }

    public ApiHandler page(PageHandler handler) {
        requireNonNull(handler, "handler is null");
        return exchange -> {
            String path = exchange.request().getHttpURI().getPath();
            if (path.startsWith("/api/")) {
                throw new ApiException(
                        404, "No such endpoint: " + exchange.request().getMethod() + " " + path + ".");
            }
            Visitor visitor = visitors.resolve(exchange);
            exchange.header("X-Content-Type-Options", "nosniff");
            exchange.header("Referrer-Policy", "strict-origin-when-cross-origin");
            exchange.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            try {
                handler.handle(exchange, visitor);
            } catch (PageException e) {
                error(exchange, visitor, e.status(), e.title(), e.getMessage());
            } catch (ApiException e) {
                error(exchange, visitor, e.status(), titleOf(e.status()), e.getMessage());
            } catch (Exception e) {
                LOG.error("page {} failed", path, e);
                error(
                        exchange,
                        visitor,
                        500,
                        "Something went wrong",
                        "The page could not be shown. The failure was" + " logged; try again in a moment.");
            }
        };
    }

    /** Renders {@code template} with its parameter and sends it; pages are personal or live, so never cached. */
    public void render(Exchange exchange, int status, String template, Object parameter) {
        long started = System.nanoTime();
        byte[] body = templates.render(template, parameter);
        exchange.header("Cache-Control", "no-store");
        exchange.header(
                "Server-Timing",
                "render;dur=" + String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e6));
        exchange.send(status, HTML, body);
    }

    public void render(Exchange exchange, String template, Object parameter) {
        render(exchange, 200, template, parameter);
    }

    private void error(Exchange exchange, Visitor visitor, int status, String title, String message) {
        if (exchange.response().isCommitted()) {
            exchange.abort(new IllegalStateException(message));
            return;
        }
        render(exchange, status, "error.jte", new ErrorPage(new Chrome(title, "", visitor), status, title, message));
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign in required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 413 -> "Too large";
            case 415 -> "Unsupported form";
            case 429 -> "Too many requests";
            default -> "Something went wrong";
        };
    }
}
