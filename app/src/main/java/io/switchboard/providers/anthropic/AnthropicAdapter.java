package io.switchboard.providers.anthropic;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages wire format: {@code POST {baseUrl}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}. Requests are translated by {@link AnthropicRequests}, answers by
 * {@link AnthropicResponses} and {@link AnthropicStream}; errors keep Anthropic's status (529 {@code overloaded_error}
 * included, which is retryable) and raw body, with the error type and message added to the exception's message.
 */
public final class AnthropicAdapter implements ProviderAdapter {
    static final String VERSION = "2023-06-01";

    private final UpstreamHttp http;
    private final Clock clock;

    public AnthropicAdapter(UpstreamHttp http) {
        this(http, Clock.systemUTC());
    }

    AnthropicAdapter(UpstreamHttp http, Clock clock) {
        this.http = requireNonNull(http, "http is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public UpstreamCompletion complete(UpstreamCall call) throws UpstreamException {
        AnthropicRequests.Translation translation = AnthropicRequests.translate(call.request(), call.target(), false);
        try (UpstreamHttp.Exchange exchange = send(call, translation.body())) {
            byte[] bytes = exchange.readAll();
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(bytes);
            } catch (JacksonException e) {
                throw new UpstreamException(
                        Kind.PROTOCOL,
                        0,
                        "upstream returned invalid JSON",
                        new String(bytes, StandardCharsets.UTF_8),
                        null,
                        e);
            }
            if (!(parsed instanceof ObjectNode message)) {
                throw new UpstreamException(
                        Kind.PROTOCOL, 0, "upstream response is not a JSON object", parsed.toString(), null, null);
            }
            if (message.path("type").asString("").equals("error")
                    || message.path("error").isObject()) {
                throw AnthropicErrors.inBand(Kind.HTTP_STATUS, message, message.toString());
            }
            if (!message.path("content").isArray()) {
                throw new UpstreamException(
                        Kind.PROTOCOL, 0, "upstream message has no content array", message.toString(), null, null);
            }
            ObjectNode completion = AnthropicResponses.completion(
                    message, translation.excludeReasoning(), clock.instant().getEpochSecond());
            return new UpstreamCompletion(completion, isSimulated(exchange));
        }
    }

    @Override
    public UpstreamStream stream(UpstreamCall call) throws UpstreamException {
        AnthropicRequests.Translation translation = AnthropicRequests.translate(call.request(), call.target(), true);
        UpstreamHttp.Exchange exchange = send(call, translation.body());
        AnthropicStream stream = new AnthropicStream(
                exchange,
                isSimulated(exchange),
                translation.excludeReasoning(),
                clock.instant().getEpochSecond());
        try {
            stream.awaitFirstContent();
        } catch (UpstreamException | RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    private UpstreamHttp.Exchange send(UpstreamCall call, ObjectNode body) throws UpstreamException {
        String url = apiRoot(call.target().provider().baseUrl()) + "/v1/messages";
        Map<String, String> headers = new HashMap<>(call.extraHeaders());
        headers.put("x-api-key", call.target().apiKey());
        headers.put("anthropic-version", VERSION);
        headers.put("Accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json");
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
            throw AnthropicErrors.enrich(e);
        }
    }

    private static boolean isSimulated(UpstreamHttp.Exchange exchange) {
        return "true".equalsIgnoreCase(exchange.header("X-Simulated"));
    }

    /** A base URL ending in {@code /v1} is accepted too, since that is how OpenAI-style base URLs are written. */
    private static String apiRoot(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.endsWith("/v1") ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
    }
}
