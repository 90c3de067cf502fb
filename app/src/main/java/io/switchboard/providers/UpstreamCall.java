package io.switchboard.providers;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One attempt at one endpoint.
 *
 * @param extraHeaders headers added to the upstream request (simulator directives in simulated mode)
 * @param request the client's request in the OpenAI chat shape, after validation; adapters must not mutate it
 */
public record UpstreamCall(
        UpstreamTarget target,
        ObjectNode request,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        Cancellation cancellation,
        Map<String, String> extraHeaders) {
    public UpstreamCall {
        requireNonNull(target, "target is null");
        requireNonNull(request, "request is null");
        requireNonNull(firstByteTimeout, "firstByteTimeout is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(totalTimeout, "totalTimeout is null");
        requireNonNull(cancellation, "cancellation is null");
        extraHeaders = Map.copyOf(extraHeaders);
    }
}
