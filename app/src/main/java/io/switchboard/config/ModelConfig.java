package io.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A model added by configuration, e.g. one served by a local vLLM or Ollama. */
public record ModelConfig(
        String id,
        String name,
        String description,
        Long contextLength,
        List<String> inputModalities,
        List<EndpointConfig> endpoints) {
    public ModelConfig {
        requireNonNull(id, "models[].id is null");
        if (!id.contains("/")) {
            throw new IllegalArgumentException("models[].id must look like author/slug: " + id);
        }
        inputModalities = inputModalities == null ? List.of("text") : List.copyOf(inputModalities);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " needs at least one endpoint");
        }
    }

    /**
     * One provider endpoint of a configured model; prices in USD per million tokens, as people write them.
     *
     * @param upstreamModel the model name the provider's API expects
     */
    public record EndpointConfig(
            String provider,
            String upstreamModel,
            String promptPricePerMillion,
            String completionPricePerMillion,
            Long contextLength,
            Long maxCompletionTokens,
            List<String> supportedParameters) {
        public EndpointConfig {
            requireNonNull(provider, "models[].endpoints[].provider is null");
            requireNonNull(upstreamModel, "models[].endpoints[].upstream_model is null");
            supportedParameters = supportedParameters == null ? List.of() : List.copyOf(supportedParameters);
        }
    }
}
