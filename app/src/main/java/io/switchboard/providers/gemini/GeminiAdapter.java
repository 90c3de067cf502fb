package io.switchboard.providers.gemini;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.WireFormat;
import io.switchboard.json.Json;
import io.switchboard.providers.ProviderAdapter;
import io.switchboard.providers.UpstreamCall;
import io.switchboard.providers.UpstreamCompletion;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.UpstreamHttp;
import io.switchboard.providers.media.MediaFetcher;
import io.switchboard.providers.media.MediaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API ({@code generateContent}, as AI Studio serves it): {@code POST
 * {baseUrl}/v1beta/models/{model}:generateContent} and {@code :streamGenerateContent?alt=sse}, authenticated by the
 * {@code x-goog-api-key} header. The request is translated by {@link GeminiRequests} (media by URL fetched with the
 * {@link MediaFetcher} and sent inline, since Gemini only reads its own file URIs), responses and stream chunks by
 * {@link GeminiOutput}; errors keep Gemini's body and its {@code RetryInfo} delay ({@link GeminiErrors}).
 */
public final class GeminiAdapter implements ProviderAdapter {
    private final UpstreamHttp http;
    private final MediaFetcher media;
    private final Clock clock;

    /** With a media fetcher under the default (strict) settings. */
    public GeminiAdapter(UpstreamHttp http) {
        this(http, new MediaFetcher(http, MediaSettings.DEFAULTS));
    }

    /** @param media fetches what requests refer to by URLs Gemini cannot read, to send it inline */
    public GeminiAdapter(UpstreamHttp http, MediaFetcher media) {
        this(http, media, Clock.systemUTC());
    }

    GeminiAdapter(UpstreamHttp http, Clock clock) {
        this(http, new MediaFetcher(http, MediaSettings.DEFAULTS), clock);
    }

    GeminiAdapter(UpstreamHttp http, MediaFetcher media, Clock clock) {
        this.http = requireNonNull(http, "http is null");
        this.media = requireNonNull(media, "media is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.GEMINI;
    }

    @Override
    public UpstreamCompletion complete(UpstreamCall call) throws UpstreamException {
        ObjectNode body = translate(call);
        try (UpstreamHttp.Exchange exchange = send(call, body, false)) {
            byte[] bytes = exchange.readAll();
            String text = new String(bytes, StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(bytes);
            } catch (JacksonException e) {
                throw new UpstreamException(Kind.PROTOCOL, 0, "upstream returned invalid JSON", text, null, e);
            }
            if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
                parsed = parsed.get(0);
            }
            if (!(parsed instanceof ObjectNode response)) {
                throw new UpstreamException(Kind.PROTOCOL, 0, "upstream response is not an object", text, null, null);
            }
            if (response.path("error").isObject()) {
                throw GeminiErrors.inBody(response.get("error"), text, false);
            }
            if (!response.has("candidates") && !response.has("promptFeedback")) {
                throw new UpstreamException(Kind.PROTOCOL, 0, "upstream response has no candidates", text, null, null);
            }
            GeminiOutput output = new GeminiOutput(model(call));
            List<ObjectNode> deltas = new java.util.ArrayList<>(output.accept(response));
            deltas.addAll(output.flush());
            return new UpstreamCompletion(output.completion(deltas, now()), isSimulated(exchange));
        }
    }

    @Override
    public UpstreamStream stream(UpstreamCall call) throws UpstreamException {
        ObjectNode body = translate(call);
        UpstreamHttp.Exchange exchange = send(call, body, true);
        GeminiStream stream = new GeminiStream(exchange, isSimulated(exchange), new GeminiOutput(model(call)), now());
        try {
            stream.prime();
        } catch (UpstreamException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    private ObjectNode translate(UpstreamCall call) throws UpstreamException {
        return GeminiRequests.translate(
                call.request(),
                model(call),
                Set.copyOf(call.target().provider().unsupportedParameters()),
                (url, accepted) -> {
                    MediaFetcher.Media fetched = media.fetch(url, accepted, call.cancellation());
                    return new GeminiMedia.Inline(fetched.mimeType(), fetched.base64());
                });
    }

    private UpstreamHttp.Exchange send(UpstreamCall call, ObjectNode body, boolean stream) throws UpstreamException {
        String url = url(call.target().provider().baseUrl(), model(call), stream);
        Map<String, String> headers = new HashMap<>(call.extraHeaders());
        headers.put("x-goog-api-key", call.target().apiKey());
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        try {
            return http.postJson(
                    url,
                    headers,
                    Json.MAPPER.writeValueAsBytes(body),
                    call.firstByteTimeout(),
                    call.idleTimeout(),
                    call.totalTimeout(),
                    call.cancellation());
        } catch (UpstreamException e) {
            throw GeminiErrors.enrich(e);
        }
    }

    /** {@code {base}/v1beta/models/{model}:generateContent}; a base that already ends in a version keeps it. */
    static String url(String baseUrl, String model, boolean stream) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (!base.endsWith("/v1beta") && !base.endsWith("/v1")) {
            base = base + "/v1beta";
        }
        String resource = model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
        return base + "/" + resource + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    private static String model(UpstreamCall call) {
        return call.target().endpoint().upstreamModel();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static boolean isSimulated(UpstreamHttp.Exchange exchange) {
        return "true".equalsIgnoreCase(exchange.header("X-Simulated"));
    }
}
