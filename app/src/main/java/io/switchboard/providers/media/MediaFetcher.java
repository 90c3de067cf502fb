package io.switchboard.providers.media;

import static java.util.Objects.requireNonNull;

import io.switchboard.providers.Cancellation;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.http.AddressGuard;
import io.switchboard.providers.http.FetchRefusedException;
import io.switchboard.providers.http.UpstreamHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fetches media a request refers to by URL, for a provider that cannot fetch it itself (Gemini only reads its own file
 * URIs), safely:
 *
 * <ul>
 *   <li>https only ({@code http} when {@link MediaSettings#allowHttp}); no credentials in the URL;
 *   <li>every address the host resolves to must be public ({@link AddressClassifier}): no loopback, private,
 *       link-local, unique-local, multicast, unspecified or reserved address, IPv4 inside IPv6 included, unless
 *       {@link MediaSettings#allowPrivateNetworks} opens the internal ones. The check is made by the HTTP client's
 *       resolver on the very addresses it then connects to, so DNS rebinding cannot bypass it;
 *   <li>redirects are followed by hand, at most {@link MediaSettings#maxRedirects}, each hop checked like the first
 *       (an https to http downgrade included);
 *   <li>the body is counted while it is read and the fetch aborted beyond {@link MediaSettings#maxBytes};
 *   <li>the type must be one the caller accepts: the {@code Content-Type} (parameters ignored, {@code image/jpg}
 *       read as {@code image/jpeg}), or, when the server says nothing useful ({@code application/octet-stream}), the
 *       file signature of PNG, JPEG, GIF, WebP, PDF or MP4;
 *   <li>the whole fetch must end within {@link MediaSettings#timeout}.
 * </ul>
 *
 * Every failure is an {@link InvalidRequestException} (a 400: the request names media that cannot be used) naming the
 * URL and the reason: {@code private address}, {@code fetch failed}, {@code too large}, {@code unsupported type} or
 * {@code unsupported URL}.
 */
public final class MediaFetcher {
    public static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");
    public static final Set<String> DOCUMENTS = Set.of("application/pdf");
    public static final Set<String> VIDEOS =
            Set.of("video/mp4", "video/mpeg", "video/quicktime", "video/webm", "video/x-flv", "video/3gpp");

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> GENERIC_TYPES =
            Set.of("", "application/octet-stream", "binary/octet-stream", "application/unknown");
    private static final int MAX_SHOWN_URL = 200;

    private final UpstreamHttp http;
    private final MediaSettings settings;
    private final AddressGuard guard;

    public MediaFetcher(UpstreamHttp http, MediaSettings settings) {
        this.http = requireNonNull(http, "http is null");
        this.settings = requireNonNull(settings, "settings is null");
        // One guard instance: the client keeps one connection pool per guard and origin.
        this.guard = address -> {
            AddressClass kind = AddressClassifier.classify(address);
            if (kind.isPublic() || (settings.allowPrivateNetworks() && kind.isInternal())) {
                return null;
            }
            return kind.description();
        };
    }

    public MediaSettings settings() {
        return settings;
    }

    /**
     * Fetched bytes and their type.
     *
     * @param mimeType one of the accepted types
     */
    public record Media(String mimeType, byte[] bytes) {
        public Media {
            requireNonNull(mimeType, "mimeType is null");
            requireNonNull(bytes, "bytes is null");
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * Fetches {@code url}, following redirects, and returns its bytes.
     *
     * @param accepted the MIME types the caller can use
     * @throws InvalidRequestException when the URL cannot or may not be fetched, or its content is unusable
     */
    public Media fetch(String url, Set<String> accepted, Cancellation cancellation) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        URI current = parse(url);
        for (int hop = 0; ; hop++) {
            checkUrl(url, current);
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.isNegative() || remaining.isZero()) {
                throw refused(
                        url,
                        "fetch failed",
                        "no answer within " + settings.timeout().toMillis() + " ms");
            }
            UpstreamHttp.GetResponse response;
            try {
                response = http.get(
                        current.toASCIIString(),
                        Map.of("Accept", String.join(", ", new TreeSet<>(accepted)) + ", */*;q=0.1"),
                        remaining,
                        settings.maxBytes(),
                        guard,
                        cancellation);
            } catch (FetchRefusedException e) {
                throw switch (e.reason()) {
                    case ADDRESS ->
                        refused(url, "private address", e.getMessage() + "; only media on public addresses is fetched");
                    case TOO_LARGE -> refused(url, "too large", e.getMessage());
                };
            } catch (UpstreamException e) {
                throw refused(url, "fetch failed", describe(e));
            }
            int status = response.status();
            if (REDIRECTS.contains(status)) {
                if (response.location() == null || response.location().isBlank()) {
                    throw refused(url, "fetch failed", "HTTP " + status + " without a Location");
                }
                if (hop >= settings.maxRedirects()) {
                    throw refused(url, "fetch failed", "more than " + settings.maxRedirects() + " redirects");
                }
                try {
                    current = current.resolve(new URI(response.location().trim()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw refused(url, "fetch failed", "invalid redirect Location " + shown(response.location()));
                }
                continue;
            }
            if (status < 200 || status > 299) {
                throw refused(url, "fetch failed", "HTTP " + status);
            }
            return new Media(type(url, response, accepted), response.body());
        }
    }

    /** A short cause for the client; the transport's own messages are long and name our internals. */
    private String describe(UpstreamException failure) {
        return switch (failure.kind()) {
            case CONNECT -> "cannot connect";
            case FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT ->
                "no answer within " + settings.timeout().toMillis() + " ms";
            case CANCELLED -> "cancelled";
            case HTTP_STATUS -> "HTTP " + failure.status();
            case PROTOCOL, STREAM_ERROR -> "the connection broke";
        };
    }

    private static URI parse(String url) {
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw refused(url, "unsupported URL", "it is not a valid URL");
        }
    }

    private void checkUrl(String original, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && settings.allowHttp());
        if (!allowed) {
            throw refused(
                    original,
                    "unsupported URL",
                    (uri.equals(parse(original)) ? "" : "it redirects to " + shown(uri.toString()) + "; ")
                            + (settings.allowHttp() ? "only http and https URLs" : "only https URLs")
                            + " are fetched");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused(original, "unsupported URL", "it has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(original, "unsupported URL", "URLs with credentials are not fetched");
        }
    }

    private static String type(String url, UpstreamHttp.GetResponse response, Set<String> accepted) {
        String declared = response.contentType() == null ? "" : response.contentType();
        int semicolon = declared.indexOf(';');
        if (semicolon >= 0) {
            declared = declared.substring(0, semicolon);
        }
        declared = declared.trim().toLowerCase(Locale.ROOT);
        if (declared.equals("image/jpg") || declared.equals("image/pjpeg")) {
            declared = "image/jpeg";
        }
        String type = GENERIC_TYPES.contains(declared) ? sniff(response.body()) : declared;
        if (type == null || !accepted.contains(type)) {
            throw refused(
                    url,
                    "unsupported type",
                    (type == null ? "unrecognised content" : type) + "; accepted: "
                            + String.join(", ", new TreeSet<>(accepted)));
        }
        return type;
    }

    /** The type told by a file signature, or null. */
    static String sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        if (startsWith(bytes, 0, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
            return "video/mp4";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static InvalidRequestException refused(String url, String reason, String detail) {
        return new InvalidRequestException(
                "Cannot use the media at " + shown(url) + ": " + reason + " (" + detail + ").");
    }

    private static String shown(String url) {
        String trimmed = url.trim();
        return trimmed.length() <= MAX_SHOWN_URL ? trimmed : trimmed.substring(0, MAX_SHOWN_URL) + "...";
    }
}
