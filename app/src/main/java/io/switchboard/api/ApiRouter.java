package io.switchboard.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table and its Jetty entry point. Features register their routes with {@link #add}; paths may contain
 * {@code {name}} segments. Every failure becomes an OpenRouter error envelope; nothing escapes as a stack trace.
 */
public final class ApiRouter extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private final List<Route> routes = new ArrayList<>();
    private ApiHandler pageNotFound;

    public ApiRouter add(String method, String pattern, ApiHandler handler) {
        routes.add(new Route(method, pattern.split("/"), handler));
        return this;
    }

    /** What answers unknown paths outside {@code /api/} (the web app's HTML 404); without one they are not handled. */
    public ApiRouter pageNotFound(ApiHandler handler) {
        this.pageNotFound = handler;
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> parameters = route.match(path);
            if (parameters == null) {
                continue;
            }
            pathMatched = true;
            if (!route.method().equals(method)) {
                continue;
            }
            Exchange exchange = new Exchange(request, response, callback, parameters);
            run(route.handler(), exchange);
            return true;
        }
        if (!path.startsWith("/api/") && !path.equals("/health")) {
            if (pageNotFound == null || !acceptsHtml(request)) {
                return false;
            }
            run(pageNotFound, new Exchange(request, response, callback, Map.of()));
            return true;
        }
        Exchange exchange = new Exchange(request, response, callback, Map.of());
        if (pathMatched) {
            exchange.sendError(new ApiException(405, "Method " + method + " is not allowed on " + path + "."));
        } else {
            exchange.sendError(new ApiException(404, "No such endpoint: " + method + " " + path + "."));
        }
        return true;
    }

    private static boolean acceptsHtml(Request request) {
        String accept = request.getHeaders().get("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static void run(ApiHandler handler, Exchange exchange) {
        try {
            handler.handle(exchange);
        } catch (ApiException e) {
            exchange.sendError(e);
        } catch (Throwable e) {
            LOG.error("unhandled failure in {}", exchange.request().getHttpURI().getPath(), e);
            exchange.sendError(new ApiException(500, "Internal error. The failure was logged."));
        }
    }

    private record Route(String method, String[] segments, ApiHandler handler) {
        /** Matches segment by segment without splitting the path: this runs for every request and route. */
        Map<String, String> match(String path) {
            if (segments.length == 0) {
                return path.equals("/") ? Map.of() : null;
            }
            Map<String, String> parameters = null;
            int position = 0;
            for (int i = 0; i < segments.length; i++) {
                if (i > 0) {
                    if (position >= path.length() || path.charAt(position) != '/') {
                        return null;
                    }
                    position++;
                }
                int end = path.indexOf('/', position);
                if (end < 0) {
                    end = path.length();
                }
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    if (end == position) {
                        return null;
                    }
                    if (parameters == null) {
                        parameters = new HashMap<>(4);
                    }
                    parameters.put(segment.substring(1, segment.length() - 1), path.substring(position, end));
                } else if (end - position != segment.length() || !path.startsWith(segment, position)) {
                    return null;
                }
                position = end;
            }
            if (position != path.length()) {
                return null;
            }
            return parameters == null ? Map.of() : parameters;
        }
    }
}
