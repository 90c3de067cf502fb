package io.switchboard.providers.openai;

import static java.nio.charset.StandardCharsets.UTF_8;
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

/**
 * The OpenAI chat completions wire format: OpenAI itself and every OpenAI-compatible host. Requests follow the host's
 * {@link OpenAiQuirks}; answers are brought into OpenAI's exact shape by {@link OpenAiOutput}.
 */
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
        UpstreamHttp.BufferedResponse response;
        try {
            response = http.postJsonForBody(
                    url(call),
                    headers(call, false),
                    Json.MAPPER.writeValueAsBytes(body),
                    call.firstByteTimeout(),
                    call.idleTimeout(),
                    call.cancellation());
        } catch (UpstreamException e) {
            throw OpenAiErrors.enrich(e);
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new UpstreamException(
                    Kind.PROTOCOL, 0, "upstream returned invalid JSON", new String(response.body(), UTF_8), null, e);
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new UpstreamException(
                    Kind.PROTOCOL, 0, "upstream response is not a JSON object", parsed.toString(), null, null);
        }
        if (object.has("error")) {
            String message = OpenAiErrors.message(object.toString());
            throw new UpstreamException(
                    Kind.HTTP_STATUS,
                    502,
                    "upstream returned an error" + (message == null ? "" : ": " + message),
                    object.toString(),
                    null,
                    null);
        }
        if (!object.path("choices").isArray()) {
            throw new UpstreamException(
                    Kind.PROTOCOL, 0, "upstream response has no choices", object.toString(), null, null);
        }
        OpenAiOutput.completion(object);
        return new UpstreamCompletion(object, "true".equalsIgnoreCase(response.simulatedHeader()));
    }

    @Override
    public UpstreamStream stream(UpstreamCall call) throws UpstreamException {
        ObjectNode body = OpenAiRequests.translate(call.request(), call.target(), true);
        UpstreamHttp.Exchange exchange;
        try {
            exchange = http.postJson(
                    url(call),
                    headers(call, true),
                    Json.MAPPER.writeValueAsBytes(body),
                    call.firstByteTimeout(),
                    call.idleTimeout(),
                    call.totalTimeout(),
                    call.cancellation());
        } catch (UpstreamException e) {
            throw OpenAiErrors.enrich(e);
        }
        return new OpenAiStream(exchange, "true".equalsIgnoreCase(exchange.header("X-Simulated")));
    }

    private static String url(UpstreamCall call) {
        String base = call.target().provider().baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
    }

    private static Map<String, String> headers(UpstreamCall call, boolean stream) {
        Map<String, String> headers = new HashMap<>(call.extraHeaders());
        headers.put("Authorization", "Bearer " + call.target().apiKey());
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        return headers;
    }
}
