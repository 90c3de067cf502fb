package io.switchboard.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which request parameters an endpoint takes, from its {@link Endpoint#supportedParameters()}: OpenRouter's vocabulary
 * of parameters ({@code supported_parameters}, openrouter-api.md §1.4) and the aliases a list does not spell out.
 *
 * <ul>
 *   <li>Only the vocabulary is judged: {@code messages}, {@code model}, {@code stream}, {@code stream_options},
 *       {@code user}, {@code metadata} and anything else outside it always pass.
 *   <li>An endpoint with an empty list is unknown, not incapable: everything passes.
 *   <li>Aliases: {@code max_tokens} and {@code max_completion_tokens} are one cap (adapters write the field the host
 *       wants); {@code reasoning}, {@code reasoning_effort} and {@code include_reasoning} are one reasoning control;
 *       {@code response_format} is taken where either it or {@code structured_outputs} is listed;
 *       {@code parallel_tool_calls} goes with {@code tools}.
 * </ul>
 */
public final class ParameterSupport {
    /** OpenRouter's {@code Parameter} enum: every name that may appear in {@code supported_parameters}. */
    public static final Set<String> VOCABULARY = Set.of(
            "temperature",
            "top_p",
            "top_k",
            "min_p",
            "top_a",
            "frequency_penalty",
            "presence_penalty",
            "repetition_penalty",
            "max_tokens",
            "max_completion_tokens",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "prediction",
            "seed",
            "response_format",
            "structured_outputs",
            "stop",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "include_reasoning",
            "reasoning",
            "reasoning_effort",
            "web_search_options",
            "verbosity");

    /** A request field → the listed names any of which means the endpoint takes it. */
    private static final Map<String, List<String>> ACCEPTED_BY = Map.of(
            "max_tokens", List.of("max_tokens", "max_completion_tokens"),
            "max_completion_tokens", List.of("max_tokens", "max_completion_tokens"),
            "reasoning", List.of("reasoning", "reasoning_effort", "include_reasoning"),
            "reasoning_effort", List.of("reasoning", "reasoning_effort", "include_reasoning"),
            "include_reasoning", List.of("reasoning", "reasoning_effort", "include_reasoning"),
            "response_format", List.of("response_format", "structured_outputs"),
            "parallel_tool_calls", List.of("parallel_tool_calls", "tools"));

    private ParameterSupport() {}

    /** Whether an endpoint listing {@code supported} takes the request field {@code field}. */
    public static boolean supports(Collection<String> supported, String field) {
        if (supported.isEmpty() || !VOCABULARY.contains(field)) {
            return true;
        }
        for (String name : ACCEPTED_BY.getOrDefault(field, List.of(field))) {
            if (supported.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The request fields the endpoint does not take, in request order. */
    public static List<String> unsupported(Endpoint endpoint, Iterable<String> requestFields) {
        List<String> supported = endpoint.supportedParameters();
        List<String> unsupported = new ArrayList<>();
        if (supported.isEmpty()) {
            return unsupported;
        }
        Set<String> lookup = Set.copyOf(supported);
        for (String field : requestFields) {
            if (!supports(lookup, field)) {
                unsupported.add(field);
            }
        }
        return unsupported;
    }
}
