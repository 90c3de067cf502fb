package io.switchboard.providers.http;

import static java.util.Objects.requireNonNull;

import io.switchboard.providers.Cancellation;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one place that touches the Jetty HTTP client: pooled connections per provider host, connect, first-byte, idle
 * and total timeouts, and cancellation. Callers block on their own virtual thread; the client's listeners never do.
 * Besides the provider calls it makes guarded GETs ({@link #get}) for media a request refers to by URL.
 */
public final class UpstreamHttp implements AutoCloseable {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private static final int MAX_CACHED_URIS = 10_000;
    // A non-streaming completion larger than this is refused rather than buffered.
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final HttpClient client;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param idleTimeout the idle timeout of pooled connections, and the per-request idle timeout callers usually ask
     *     for: a request asking for exactly this leaves the connection's timeout untouched (see {@link #newPost})
     */
    public UpstreamHttp(
            Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerHost, int maxQueuedPerHost) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("upstream-client");
        threads.setDaemon(true);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // Our response listeners only queue content and wake the request's virtual thread, so the selector may run
        // them itself instead of handing each response to a pool thread first (measured: ~20% more requests/s).
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(threads);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(idleTimeout.toMillis());
        client.setMaxConnectionsPerDestination(maxConnectionsPerHost);
        client.setMaxRequestsQueuedPerDestination(maxQueuedPerHost);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Switchboard/0.1"));
        client.setSocketAddressResolver(new GuardedResolver(client));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream HTTP client", e);
        }
        // A provider's 401 is an answer to relay (e.g. a rejected BYOK key), not an authentication challenge for Jetty
        // to handle: with the default handlers a 401 lacking WWW-Authenticate fails as a protocol violation.
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler.NAME);
    }

    /**
     * Posts a JSON body and waits for the response headers within {@code firstByteTimeout}. A non-2xx status is
     * thrown as {@link Kind#HTTP_STATUS} with the body in {@link UpstreamException#raw()}.
     */
    public Exchange postJson(
            String url,
            Map<String, String> headers,
            byte[] body,
            Duration firstByteTimeout,
            Duration idleTimeout,
            Duration totalTimeout,
            Cancellation cancellation)
            throws UpstreamException {
        Request request = newPost(url, headers, body, idleTimeout, totalTimeout);
        if (cancellation.isCancelled()) {
            throw new UpstreamException(Kind.CANCELLED, "request cancelled before it was sent", null);
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        java.util.concurrent.atomic.AtomicReference<Exchange> holder =
                new java.util.concurrent.atomic.AtomicReference<>();
        cancellation.onCancel(cause -> {
            Exchange current = holder.get();
            if (current != null) {
                current.abort(cause);
            } else {
                request.abort(cause);
            }
        });
        Response response;
        try {
            response = listener.get(firstByteTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new UpstreamException(
                    Kind.FIRST_BYTE_TIMEOUT,
                    "no response from upstream within " + firstByteTimeout.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new UpstreamException(Kind.CANCELLED, "interrupted while waiting for upstream", e);
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) {
                throw new UpstreamException(Kind.CANCELLED, "upstream request cancelled", e);
            }
            throw classify(e.getCause() == null ? e : e.getCause());
        }
        Exchange exchange = new Exchange(request, response, listener.getInputStream());
        holder.set(exchange);
        if (cancellation.isCancelled()) {
            exchange.abort(new IllegalStateException("cancelled"));
        }
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            String raw = exchange.readErrorBody();
            throw new UpstreamException(
                    Kind.HTTP_STATUS,
                    status,
                    "upstream returned HTTP " + status,
                    raw,
                    retryAfter(response.getHeaders().get(HttpHeader.RETRY_AFTER)),
                    null);
        }
        return exchange;
    }

    /**
     * Posts a JSON body and waits for the whole response, at most {@code timeout}: the non-streaming path, where a
     * provider sends nothing until the answer is complete. One wake-up of the caller instead of one per body chunk.
     */
    public BufferedResponse postJsonForBody(
            String url,
            Map<String, String> headers,
            byte[] body,
            Duration timeout,
            Duration idleTimeout,
            Cancellation cancellation)
            throws UpstreamException {
        Request request = newPost(url, headers, body, idleTimeout, timeout);
        if (cancellation.isCancelled()) {
            throw new UpstreamException(Kind.CANCELLED, "request cancelled before it was sent", null);
        }
        long sent = System.nanoTime();
        java.util.concurrent.CompletableFuture<org.eclipse.jetty.client.ContentResponse> future =
                new org.eclipse.jetty.client.CompletableResponseListener(request, MAX_BODY).send();
        cancellation.onCancel(request::abort);
        org.eclipse.jetty.client.ContentResponse response;
        try {
            // Untimed: the request's own total timeout (newPost) fails it when the time is up. A timed wait would
            // schedule and cancel a timer on the virtual-thread scheduler per call, waking its timer thread twice.
            response = future.get();
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new UpstreamException(Kind.CANCELLED, "interrupted while waiting for upstream", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (cancellation.isCancelled()) {
                throw new UpstreamException(Kind.CANCELLED, "upstream request cancelled", e);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException && System.nanoTime() - sent >= timeout.toNanos()) {
                throw new UpstreamException(
                        Kind.FIRST_BYTE_TIMEOUT, "no response from upstream within " + timeout.toMillis() + " ms", e);
            }
            throw classify(cause);
        }
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            throw new UpstreamException(
                    Kind.HTTP_STATUS,
                    status,
                    "upstream returned HTTP " + status,
                    response.getContentAsString(),
                    retryAfter(response.getHeaders().get(HttpHeader.RETRY_AFTER)),
                    null);
        }
        return new BufferedResponse(status, response.getHeaders().get("X-Simulated"), response.getContent());
    }

    /**
     * A guarded GET for fetching what a request refers to (an image by URL, say): before any connection, every address
     * the host resolves to must pass {@code guard}; redirects are not followed (the caller decides and checks each
     * hop); the body is read only for a 2xx status, and only up to {@code maxBytes} (decompressed), beyond which the
     * exchange is aborted. The whole exchange must end within {@code timeout}.
     *
     * @param headers request headers (e.g. {@code Accept})
     * @throws FetchRefusedException the guard refused the address, or the body is too large
     * @throws UpstreamException the URL is invalid, or the exchange failed (connect, timeout, broken connection,
     *     cancellation)
     */
    public GetResponse get(
            String url,
            Map<String, String> headers,
            Duration timeout,
            long maxBytes,
            AddressGuard guard,
            Cancellation cancellation)
            throws UpstreamException, FetchRefusedException {
        requireNonNull(url, "url is null");
        requireNonNull(guard, "guard is null");
        Request request;
        try {
            request = client.newRequest(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new UpstreamException(Kind.CONNECT, "invalid URL " + url, e);
        }
        request.method(HttpMethod.GET)
                .tag(guard)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(fields::put));
        if (cancellation.isCancelled()) {
            throw new UpstreamException(Kind.CANCELLED, "request cancelled before it was sent", null);
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        cancellation.onCancel(request::abort);
        Response response;
        try {
            response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new UpstreamException(Kind.FIRST_BYTE_TIMEOUT, "no response within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new UpstreamException(Kind.CANCELLED, "interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            GuardedResolver.AddressRefusedException refused = refusal(e);
            if (refused != null) {
                throw new FetchRefusedException(FetchRefusedException.Reason.ADDRESS, refused.getMessage());
            }
            if (cancellation.isCancelled()) {
                throw new UpstreamException(Kind.CANCELLED, "request cancelled", e);
            }
            throw classify(e.getCause() == null ? e : e.getCause());
        }
        int status = response.getStatus();
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String location = response.getHeaders().get(HttpHeader.LOCATION);
        InputStream body = listener.getInputStream();
        if (status < 200 || status > 299) {
            request.abort(new IOException("body of a non-2xx response not needed"));
            closeQuietly(body);
            return new GetResponse(status, contentType, location, new byte[0]);
        }
        long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBytes) {
            request.abort(new IOException("response too large"));
            closeQuietly(body);
            throw new FetchRefusedException(
                    FetchRefusedException.Reason.TOO_LARGE,
                    "its Content-Length " + declared + " exceeds the limit of " + maxBytes + " bytes");
        }
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 16 * 1024);
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    request.abort(new IOException("response too large"));
                    throw new FetchRefusedException(
                            FetchRefusedException.Reason.TOO_LARGE,
                            "its body exceeds the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return new GetResponse(status, contentType, location, out.toByteArray());
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                throw new UpstreamException(Kind.CANCELLED, "request cancelled", e);
            }
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof TimeoutException) {
                    throw new UpstreamException(
                            Kind.IDLE_TIMEOUT, "no complete response within " + timeout.toMillis() + " ms", e);
                }
                cause = cause.getCause();
            }
            throw new UpstreamException(Kind.PROTOCOL, "the connection broke: " + e.getMessage(), e);
        }
    }

    /**
     * The response of a guarded GET.
     *
     * @param contentType the {@code Content-Type} header, null when absent
     * @param location the {@code Location} header, null when absent
     * @param body the body for a 2xx status, else empty
     */
    public record GetResponse(int status, String contentType, String location, byte[] body) {}

    private static GuardedResolver.AddressRefusedException refusal(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++) {
            if (cause instanceof GuardedResolver.AddressRefusedException refused) {
                return refused;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // The exchange is aborted anyway.
        }
    }

    /**
     * A complete upstream response.
     *
     * @param simulatedHeader the {@code X-Simulated} header, null when absent
     */
    public record BufferedResponse(int status, String simulatedHeader, byte[] body) {}

    private Request newPost(
            String url, Map<String, String> headers, byte[] body, Duration idleTimeout, Duration totalTimeout)
            throws UpstreamException {
        requireNonNull(url, "url is null");
        Request request;
        try {
            request = client.newRequest(uri(url));
        } catch (IllegalArgumentException e) {
            throw new UpstreamException(Kind.CONNECT, "invalid upstream URL " + url, e);
        }
        return request.method(HttpMethod.POST)
                .timeout(totalTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(fields::put))
                .body(new BytesRequestContent("application/json", body));
    }

    /** Upstream URLs are few (a base URL and a path per provider), so parsing each once is worth a map lookup. */
    private URI uri(String url) {
        URI cached = uris.get(url);
        if (cached == null) {
            cached = URI.create(url);
            if (uris.size() < MAX_CACHED_URIS) {
                uris.put(url, cached);
            }
        }
        return cached;
    }

    private static UpstreamException classify(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException || root instanceof UnknownHostException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof ConnectException || root instanceof UnknownHostException) {
            return new UpstreamException(Kind.CONNECT, "cannot connect to upstream: " + root.getMessage(), failure);
        }
        if (root instanceof TimeoutException) {
            return new UpstreamException(Kind.IDLE_TIMEOUT, "upstream timed out: " + root.getMessage(), failure);
        }
        return new UpstreamException(Kind.PROTOCOL, "upstream exchange failed: " + failure, failure);
    }

    private static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // Shutting down: nothing left to do with a client that failed to stop.
        }
    }

    /** A response whose headers arrived; the body is read through {@link #body()}. */
    public static final class Exchange implements AutoCloseable {
        private final Request request;
        private final Response response;
        private final InputStream body;

        Exchange(Request request, Response response, InputStream body) {
            this.request = request;
            this.response = response;
            this.body = body;
        }

        public InputStream body() {
            return body;
        }

        public String header(String name) {
            return response.getHeaders().get(name);
        }

        public int status() {
            return response.getStatus();
        }

        public byte[] readAll() throws UpstreamException {
            try {
                return body.readAllBytes();
            } catch (IOException e) {
                throw readFailure(e);
            }
        }

        /** Maps a failed body read to the right kind: our own abort, a timeout, or a broken connection. */
        public UpstreamException readFailure(IOException e) {
            if (aborted) {
                return new UpstreamException(Kind.CANCELLED, "upstream request cancelled", e);
            }
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof TimeoutException) {
                    return new UpstreamException(Kind.IDLE_TIMEOUT, "upstream went silent: " + cause.getMessage(), e);
                }
                cause = cause.getCause();
            }
            return new UpstreamException(Kind.PROTOCOL, "upstream connection broke: " + e.getMessage(), e);
        }

        private volatile boolean aborted;

        public void abort(Throwable cause) {
            aborted = true;
            request.abort(cause);
        }

        String readErrorBody() {
            try (InputStream in = body) {
                return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // Closing an unfinished body aborts the exchange, which is what we want here.
            }
        }
    }
}
