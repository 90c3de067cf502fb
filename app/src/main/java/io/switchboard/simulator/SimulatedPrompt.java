package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the answer generator needs from a request, extracted by a wire format's parser.
 *
 * @param seed hash of the conversation; the same conversation always gives the same answer
 * @param promptTokens estimated prompt size (see {@link SimulatedPrompt#estimateTokens})
 * @param lastRole role of the last message ({@code user}, {@code tool}, {@code assistant}, ...)
 * @param lastText text of the last message
 * @param tools tools offered to the model
 * @param toolChoice how the model may use the tools
 * @param parallelToolCalls whether several tools may be called at once
 * @param maxTokens cap on completion tokens (reasoning included), {@code -1} when absent
 * @param stop stop sequences
 * @param reasoningTokens reasoning tokens to spend, {@code 0} when reasoning was not requested
 * @param reasoningVisible whether the reasoning text is returned (OpenRouter's {@code reasoning.exclude} hides it)
 */
record SimulatedPrompt(
        long seed,
        int promptTokens,
        String lastRole,
        String lastText,
        List<Tool> tools,
        ToolChoice toolChoice,
        boolean parallelToolCalls,
        int maxTokens,
        List<String> stop,
        int reasoningTokens,
        boolean reasoningVisible) {
    SimulatedPrompt {
        requireNonNull(lastRole, "lastRole is null");
        requireNonNull(lastText, "lastText is null");
        tools = List.copyOf(tools);
        requireNonNull(toolChoice, "toolChoice is null");
        stop = List.copyOf(stop);
    }

    /** Fixed prompt cost of one image part, whatever its size. */
    static final int IMAGE_TOKENS = 85;

    /** Fixed prompt cost of one message (role and framing). */
    static final int MESSAGE_TOKENS = 4;

    /** {@code ceil(characters / 4) + 4 per message + 85 per image}. */
    static int estimateTokens(long characters, int messages, int images) {
        long tokens = (characters + 3) / 4 + (long) MESSAGE_TOKENS * messages + (long) IMAGE_TOKENS * images;
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    /** A function tool offered to the model; {@code parameters} is its JSON schema, possibly a missing node. */
    record Tool(String name, JsonNode parameters) {
        Tool {
            requireNonNull(name, "name is null");
            requireNonNull(parameters, "parameters is null");
        }
    }

    /** The request's {@code tool_choice}, normalised. */
    sealed interface ToolChoice {
        ToolChoice AUTO = new Auto();
        ToolChoice NONE = new None();
        ToolChoice REQUIRED = new Required();

        record Auto() implements ToolChoice {}

        record None() implements ToolChoice {}

        record Required() implements ToolChoice {}

        record Named(String name) implements ToolChoice {
            public Named {
                requireNonNull(name, "name is null");
            }
        }
    }
}
