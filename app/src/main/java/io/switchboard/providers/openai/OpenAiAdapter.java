package io.switchboard.providers.openai;

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
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI chat completions wire format: OpenAI itself and every OpenAI-compatible host. */
public final class OpenAiAdapter implements ProviderAdapter {
    private final UpstreamHttp http;

    public OpenAiAdapter(UpstreamHttp http) {
        this.http = requireNonNull(http, "http is null");
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public UpstreamCompletion complete(UpstreamCall call) throws UpstreamException {
        ObjectNode body = OpenAiRequests.translate(call.request(), call.target(), false);
        try (UpstreamHttp.Exchange exchange = send(call, body)) {
            byte[] bytes = exchange.readAll();
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(bytes);
            } catch (JacksonException e) {
                throw new UpstreamException(
                        Kind.PROTOCOL,
                        0,
                        "upstream returned invalid JSON",
                        new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                        null,
                        e);
            }
            if (!(parsed instanceof ObjectNode object)
                    || !object.path("choices").isArray()) {
                if (parsed instanceof ObjectNode object && object.has("error")) {
                    throw new UpstreamException(
                            Kind.HTTP_STATUS, 502, "upstream returned an error", object.toString(), null, null);
                }
                throw new UpstreamException(
                        Kind.PROTOCOL, 0, "upstream response has no choices", parsed.toString(), null, null);
            }
            return new UpstreamCompletion(object, isSimulated(exchange));
        }
    }

    @Override
    public UpstreamStream stream(UpstreamCall call) throws UpstreamException {
        ObjectNode body = OpenAiRequests.translate(call.request(), call.target(), true);
        UpstreamHttp.Exchange exchange = send(call, body);
        return new OpenAiStream(exchange, isSimulated(exchange));
    }

    private UpstreamHttp.Exchange send(UpstreamCall call, ObjectNode body) throws UpstreamException {
        String url = stripTrailingSlash(call.target().provider().baseUrl()) + "/chat/completions";
        Map<String, String> headers = new HashMap<>(call.extraHeaders());
        headers.put("Authorization", "Bearer " + call.target().apiKey());
        headers.put("Accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json");
        return http.postJson(
                url,
                headers,
                Json.MAPPER.writeValueAsBytes(body),
                call.firstByteTimeout(),
                call.idleTimeout(),
                call.totalTimeout(),
                call.cancellation());
    }

    private static boolean isSimulated(UpstreamHttp.Exchange exchange) {
        return "true".equalsIgnoreCase(exchange.header("X-Simulated"));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
