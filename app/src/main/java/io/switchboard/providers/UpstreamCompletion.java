package io.switchboard.providers;

import static java.util.Objects.requireNonNull;

import tools.jackson.databind.node.ObjectNode;

/**
 * A finished non-streaming answer, already translated to the OpenAI {@code chat.completion} shape.
 *
 * @param simulated true when the upstream said it is the Switchboard simulator
 */
public record UpstreamCompletion(ObjectNode body, boolean simulated) {
    public UpstreamCompletion {
        requireNonNull(body, "body is null");
    }
}
