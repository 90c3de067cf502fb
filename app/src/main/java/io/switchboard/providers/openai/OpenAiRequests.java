package io.switchboard.providers.openai;

import io.switchboard.providers.UpstreamTarget;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Builds the body an OpenAI-compatible host receives from the client's request. */
final class OpenAiRequests {
    /** Fields only Switchboard/OpenRouter understand; no upstream should see them. */
    private static final Set<String> ROUTER_FIELDS = Set.of(
            "models",
            "provider",
            "plugins",
            "route",
            "transforms",
            "usage",
            "session_id",
            "debug",
            "preset",
            "trace",
            "reasoning",
            "include_reasoning");

    /** Sampling parameters OpenAI's own API rejects but many open-weight hosts accept. */
    private static final Set<String> NON_OPENAI_SAMPLING = Set.of("top_k", "min_p", "top_a", "repetition_penalty");

    private OpenAiRequests() {}

    static ObjectNode translate(ObjectNode request, UpstreamTarget target, boolean stream) {
        ObjectNode body = request.deepCopy();
        ROUTER_FIELDS.forEach(body::remove);
        for (String unsupported : target.provider().unsupportedParameters()) {
            body.remove(unsupported);
        }
        boolean firstParty = target.provider().slug().equals("openai");
        if (firstParty) {
            NON_OPENAI_SAMPLING.forEach(body::remove);
            // OpenAI's reasoning models reject max_tokens; max_completion_tokens works on every current model.
            if (body.has("max_tokens") && !body.has("max_completion_tokens")) {
                body.set("max_completion_tokens", body.get("max_tokens"));
                body.remove("max_tokens");
            }
        }
        if (!body.has("reasoning_effort")
                && request.path("reasoning").path("effort").isString()) {
            body.put(
                    "reasoning_effort", request.path("reasoning").path("effort").asString());
        }
        body.put("model", target.endpoint().upstreamModel());
        body.put("stream", stream);
        if (stream) {
            // Many hosts only report usage when asked; the gateway always needs it for billing.
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return body;
    }
}
