package io.switchboard.providers.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.providers.Cancellation;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.http.UpstreamHttp;
import io.switchboard.testing.MediaServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real loopback server through the real {@link UpstreamHttp}. */
class MediaFetcherTest {
    private static MediaServer server;
    private static UpstreamHttp http;
    private static MediaFetcher local;

    @BeforeAll
    static void start() throws IOException {
        server = MediaServer.start();
        http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(120), 8, 64);
        local = new MediaFetcher(http, new MediaSettings(true, true, 64 * 1024, Duration.ofSeconds(5), 3));
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        server.clear();
    }

    @Test
    void fetchesAnAcceptedTypeWhenLoopbackIsAllowed() {
        MediaFetcher.Media media = local.fetch(server.baseUrl() + "/cat.png", MediaFetcher.IMAGES, new Cancellation());

        assertThat(media.mimeType()).isEqualTo("image/png");
        assertThat(media.bytes()).isEqualTo(MediaServer.PNG);
        assertThat(media.base64()).startsWith("iVBORw0KGgo");
    }

    @Test
    void aGenericTypeIsSniffed() {
        MediaFetcher.Media media = local.fetch(server.baseUrl() + "/blob", MediaFetcher.IMAGES, new Cancellation());

        assertThat(media.mimeType()).isEqualTo("image/png");
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() {
        MediaFetcher.Media media =
                local.fetch(server.baseUrl() + "/redirect/3", MediaFetcher.IMAGES, new Cancellation());

        assertThat(media.mimeType()).isEqualTo("image/png");
        assertThat(server.requests()).containsExactly("/redirect/3", "/redirect/2", "/redirect/1", "/cat.png");

        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/redirect/4", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + server.baseUrl()
                        + "/redirect/4: fetch failed (more than 3 redirects).");
    }

    @Test
    void tooLargeByLengthOrWhileReading() {
        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/big", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Cannot use the media at " + server.baseUrl() + "/big: too large (")
                .hasMessageContaining("exceeds the limit of 65536 bytes");
        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/stream/200", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + server.baseUrl()
                        + "/stream/200: too large (its body exceeds the limit of 65536 bytes).");
        assertThat(local.fetch(server.baseUrl() + "/stream/32", MediaFetcher.IMAGES, new Cancellation())
                        .bytes())
                .hasSize(32 * 1024);
    }

    @Test
    void unsupportedTypesAndFailedFetches() {
        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/page.html", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + server.baseUrl() + "/page.html: unsupported type (text/html;"
                        + " accepted: image/gif, image/jpeg, image/png, image/webp).");
        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/doc.pdf", MediaFetcher.IMAGES, new Cancellation()))
                .hasMessageContaining("unsupported type (application/pdf;");
        assertThat(local.fetch(server.baseUrl() + "/doc.pdf", MediaFetcher.DOCUMENTS, new Cancellation())
                        .mimeType())
                .isEqualTo("application/pdf");
        assertThatThrownBy(() -> local.fetch(server.baseUrl() + "/missing", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + server.baseUrl() + "/missing: fetch failed (HTTP 404).");
    }

    @Test
    void theDefaultsRefuseLoopbackBeforeConnecting() {
        MediaFetcher strict = new MediaFetcher(http, MediaSettings.DEFAULTS);
        String https = "https://127.0.0.1:" + server.port() + "/cat.png";

        assertThatThrownBy(() -> strict.fetch(https, MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + https + ": private address (127.0.0.1: a loopback address;"
                        + " only media on public addresses is fetched).");
        String named = "https://localhost:" + server.port() + "/cat.png";
        assertThatThrownBy(() -> strict.fetch(named, MediaFetcher.IMAGES, new Cancellation()))
                .hasMessageStartingWith(
                        "Cannot use the media at " + named + ": private address (localhost resolves to ")
                .hasMessageContaining("a loopback address");
        String ipv6 = "https://[::1]:" + server.port() + "/cat.png";
        assertThatThrownBy(() -> strict.fetch(ipv6, MediaFetcher.IMAGES, new Cancellation()))
                .hasMessageContaining(": private address (");
        String mapped = "https://[::ffff:127.0.0.1]:" + server.port() + "/cat.png";
        assertThatThrownBy(() -> strict.fetch(mapped, MediaFetcher.IMAGES, new Cancellation()))
                .hasMessageContaining(": private address (");
        String metadata = "https://169.254.169.254/latest/meta-data/";
        assertThatThrownBy(() -> strict.fetch(metadata, MediaFetcher.IMAGES, new Cancellation()))
                .hasMessage("Cannot use the media at " + metadata + ": private address (169.254.169.254: a link-local"
                        + " address; only media on public addresses is fetched).");
        assertThat(server.requests()).as("nothing reached the server").isEmpty();
    }

    @Test
    void schemesOtherThanHttpsAreRefusedUnlessConfigured() {
        MediaFetcher strict = new MediaFetcher(http, MediaSettings.DEFAULTS);

        assertThatThrownBy(() -> strict.fetch(server.baseUrl() + "/cat.png", MediaFetcher.IMAGES, new Cancellation()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Cannot use the media at " + server.baseUrl()
                        + "/cat.png: unsupported URL (only https URLs are fetched).");
        assertThatThrownBy(() -> local.fetch("file:///etc/passwd", MediaFetcher.IMAGES, new Cancellation()))
                .hasMessage("Cannot use the media at file:///etc/passwd: unsupported URL (only http and https URLs are"
                        + " fetched).");
        assertThatThrownBy(() -> local.fetch(
                        "http://user:secret@127.0.0.1:" + server.port() + "/cat.png",
                        MediaFetcher.IMAGES,
                        new Cancellation()))
                .hasMessageContaining("unsupported URL (URLs with credentials are not fetched)");
        MediaFetcher httpOnly = new MediaFetcher(http, new MediaSettings(true, false, 1024, Duration.ofSeconds(5), 3));
        assertThatThrownBy(() -> httpOnly.fetch(server.baseUrl() + "/cat.png", MediaFetcher.IMAGES, new Cancellation()))
                .hasMessageContaining(": private address (127.0.0.1: a loopback address;");
        assertThat(server.requests()).isEmpty();
    }
}
