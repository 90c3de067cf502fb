package io.switchboard.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One provider's offer of one model: what {@code /models/{author}/{slug}/endpoints} lists and what routing picks from.
 *
 * @param modelId the model's OpenRouter id (e.g. {@code meta-llama/llama-3.3-70b-instruct})
 * @param providerSlug the {@link Provider#slug()} serving it
 * @param tag routing tag (the provider slug, optionally with a {@code /variant} suffix)
 * @param upstreamModel the model name the provider's own API expects
 * @param maxCompletionTokens null when the provider publishes no output cap
 * @param quantization null when unknown
 */
public record Endpoint(
        String modelId,
        String providerSlug,
        String tag,
        String upstreamModel,
        Pricing pricing,
        long contextLength,
        Long maxCompletionTokens,
        String quantization,
        List<String> supportedParameters) {
    public Endpoint {
        requireNonNull(modelId, "modelId is null");
        requireNonNull(providerSlug, "providerSlug is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(upstreamModel, "upstreamModel is null");
        requireNonNull(pricing, "pricing is null");
        supportedParameters = List.copyOf(supportedParameters);
    }

    public Optional<Long> maxOutput() {
        return Optional.ofNullable(maxCompletionTokens);
    }

    /** A stable identifier for health statistics and generation records. */
    public String id() {
        return tag + ":" + modelId;
    }
}
