package io.switchboard.providers.openai;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * How one OpenAI-compatible host departs from OpenAI's own Chat Completions API on the <em>request</em> side, as data:
 * one entry per provider slug of the bundled catalog that needs one, {@link #DEFAULT} for every other host (including
 * providers added in configuration).
 *
 * <p>Parameters a host rejects outright stay in the catalog ({@code Provider.unsupportedParameters}, overridable per
 * deployment); {@link #rejectedParameters} only adds what is a property of the wire dialect rather than of the
 * deployment (OpenAI's own API refuses the open-weight sampling knobs).
 *
 * <p>Response-side deviations are deliberately <em>not</em> quirks: {@code reasoning_content} instead of
 * {@code reasoning}, tool-call deltas without {@code index} or {@code type}, empty arguments, Mistral's content arrays
 * with {@code thinking} parts, Groq's {@code x_groq.usage}, completion tokens that exclude reasoning tokens (xAI) are
 * normalised for every host by {@link OpenAiOutput}, because each rule only fills in or renames what is missing or
 * misplaced and is harmless for a host that already conforms. A flag there would only let the next host with the same
 * habit slip through.
 *
 * @param maxTokensField the field the output cap goes in; the client may send either
 * @param rejectedParameters request fields removed for this host, in addition to the catalog's unsupported ones
 * @param seedField the field the sampling seed goes in ({@code seed}; Mistral: {@code random_seed})
 * @param toolChoiceRequired the {@code tool_choice} value meaning "must call a tool" ({@code required}; Mistral:
 *     {@code any})
 * @param nineCharToolCallIds the host only accepts tool-call ids of exactly nine ASCII letters and digits (Mistral), so
 *     foreign ids in the history are mapped deterministically (the same id always maps to the same replacement, in
 *     the assistant's call and in the tool result)
 * @param stripMessageNames the host refuses {@code messages[].name} (Groq)
 * @param streamUsageOption send {@code stream_options.include_usage} on streams (the only way most hosts report usage
 *     when streaming; off for servers that refuse {@code stream_options})
 */
public record OpenAiQuirks(
        MaxTokensField maxTokensField,
        Set<String> rejectedParameters,
        String seedField,
        String toolChoiceRequired,
        boolean nineCharToolCallIds,
        boolean stripMessageNames,
        boolean streamUsageOption) {

    /** Where a host wants the output cap. */
    public enum MaxTokensField {
        MAX_TOKENS("max_tokens"),
        MAX_COMPLETION_TOKENS("max_completion_tokens");

        private final String field;

        MaxTokensField(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Most compatible servers (vLLM, TGI, SGLang, Together, Fireworks, ...) only know {@code max_tokens}. */
    public static final OpenAiQuirks DEFAULT =
            new OpenAiQuirks(MaxTokensField.MAX_TOKENS, Set.of(), "seed", "required", false, false, true);

    private static final Map<String, OpenAiQuirks> BY_PROVIDER = Map.of(
            // Reasoning models refuse max_tokens ("Use 'max_completion_tokens' instead"); every current model takes
            // max_completion_tokens. The open-weight sampling knobs are unknown parameters there (400).
            "openai",
            DEFAULT.withMaxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
                    .withRejectedParameters(Set.of("top_k", "min_p", "top_a", "repetition_penalty")),
            // xAI documents max_completion_tokens (max_tokens is the deprecated alias).
            "xai",
            DEFAULT.withMaxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS),
            // Mistral: random_seed, tool_choice "any", 9-character alphanumeric tool-call ids, extra fields refused.
            "mistral",
            new OpenAiQuirks(
                    MaxTokensField.MAX_TOKENS,
                    Set.of("top_k", "min_p", "top_a", "repetition_penalty"),
                    "random_seed",
                    "any",
                    true,
                    false,
                    true),
            // Groq: 400 for messages[].name.
            "groq",
            new OpenAiQuirks(MaxTokensField.MAX_TOKENS, Set.of(), "seed", "required", false, true, true));

    public OpenAiQuirks {
        requireNonNull(maxTokensField, "maxTokensField is null");
        rejectedParameters = Set.copyOf(rejectedParameters);
        requireNonNull(seedField, "seedField is null");
        requireNonNull(toolChoiceRequired, "toolChoiceRequired is null");
    }

    /** The quirks of the provider with this slug, {@link #DEFAULT} when it has none. */
    public static OpenAiQuirks forProvider(String slug) {
        return BY_PROVIDER.getOrDefault(slug, DEFAULT);
    }

    OpenAiQuirks withMaxTokensField(MaxTokensField field) {
        return new OpenAiQuirks(
                field,
                rejectedParameters,
                seedField,
                toolChoiceRequired,
                nineCharToolCallIds,
                stripMessageNames,
                streamUsageOption);
    }

    OpenAiQuirks withRejectedParameters(Set<String> parameters) {
        return new OpenAiQuirks(
                maxTokensField,
                parameters,
                seedField,
                toolChoiceRequired,
                nineCharToolCallIds,
                stripMessageNames,
                streamUsageOption);
    }
}
