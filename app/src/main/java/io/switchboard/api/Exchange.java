package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.json.Json;
import io.switchboard.keys.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;

/** The per-request context: Jetty's request and response, path parameters, the caller and the timeline. */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> pathParameters;
    private final RequestTimeline timeline = new RequestTimeline();
    private Principal principal;
    private Fields query;
    private boolean completed;

    Exchange(Request request, Response response, Callback callback, Map<String, String> pathParameters) {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.callback = requireNonNull(callback, "callback is null");
        this.pathParameters = Map.copyOf(pathParameters);
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public RequestTimeline timeline() {
        return timeline;
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Request headers whose names start with {@code prefix}, ignoring case. */
    public Map<String, String> headersStartingWith(String prefix) {
        Map<String, String> matching = new java.util.HashMap<>();
        for (org.eclipse.jetty.http.HttpField field : request.getHeaders()) {
            if (field.getName().regionMatches(true, 0, prefix, 0, prefix.length())) {
                matching.put(field.getName(), field.getValue());
            }
        }
        return matching;
    }

    public String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    public Principal principal() {
        if (principal == null) {
            throw new IllegalStateException("handler is not behind the authentication decorator");
        }
        return principal;
    }

    void principal(Principal authenticated) {
        this.principal = authenticated;
    }

    /** Reads the whole body, refusing more than {@code maxBytes} with 413 before buffering it. */
    public byte[] body(long maxBytes) throws ApiException, IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // The usual case: the length is known, so read into one exact array instead of growing buffers.
                byte[] exact = new byte[(int) declared];
                int read = in.readNBytes(exact, 0, exact.length);
                if (read != exact.length) {
                    throw new IOException("request body ended after " + read + " of " + declared + " bytes");
                }
                return exact;
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        }
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "Request body is larger than the limit of " + maxBytes + " bytes.");
    }

    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Sends a complete JSON response and finishes the exchange. */
    public void sendJson(int status, JsonNode body) {
        sendJson(status, Json.MAPPER.writeValueAsBytes(body));
    }

    public void sendJson(int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        completed = true;
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public void sendError(ApiException error) {
        if (response.isCommitted()) {
            completed = true;
            callback.failed(error);
            return;
        }
        if (error.retryAfter() != null) {
            response.getHeaders()
                    .put(
                            HttpHeader.RETRY_AFTER,
                            Long.toString(Math.max(1, error.retryAfter().toSeconds())));
        }
        sendJson(error.status(), error.envelope());
    }

    /** Sends a complete response of any type, e.g. a rendered page or a static asset, and finishes the exchange. */
    public void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        completed = true;
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Sends {@code 303 See Other}: after a form post the browser loads {@code location} with a GET. */
    public void redirect(String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        completed = true;
        response.write(true, null, callback);
    }

    /** The value of a request cookie, or null. */
    public String cookie(String name) {
        for (org.eclipse.jetty.http.HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Adds a {@code Set-Cookie} header; the caller builds the attributes (HttpOnly, SameSite, Max-Age...). */
    public void addCookie(String setCookieValue) {
        response.getHeaders().add(HttpHeader.SET_COOKIE, setCookieValue);
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body (an HTML form post), at most {@code maxBytes}
     * long. Each call reads the body, so call it once.
     */
    public Fields form(long maxBytes) throws ApiException, IOException {
        String contentType = header("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "Expected a form post (application/x-www-form-urlencoded).");
        }
        Fields fields = new Fields(true);
        try {
            org.eclipse.jetty.util.UrlEncoded.decodeUtf8To(
                    new String(body(maxBytes), java.nio.charset.StandardCharsets.ISO_8859_1), fields);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "The form could not be decoded: " + e.getMessage());
        }
        return fields;
    }

    /** Writes part of a streamed body and waits until it left, so a slow client slows the upstream read. */
    public void writeBlocking(ByteBuffer content) throws IOException {
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(false, content, blocker);
            blocker.block();
        }
    }

    /** Ends a streamed body. */
    public void finish() {
        if (!completed) {
            completed = true;
            response.write(true, null, callback);
        }
    }

    /** Ends the exchange abruptly, e.g. after the client went away. */
    public void abort(Throwable cause) {
        if (!completed) {
            completed = true;
            callback.failed(cause);
        }
    }

    boolean completed() {
        return completed;
    }
}
