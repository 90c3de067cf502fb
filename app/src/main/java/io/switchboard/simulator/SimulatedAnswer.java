package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The deterministic answer to one request, independent of any wire format: what a wire writer turns into a response
 * body or a sequence of stream events.
 *
 * @param reasoning visible reasoning tokens, emitted before the content; empty when none was requested or it is hidden
 * @param content text tokens; empty for a tool-call answer
 * @param toolCalls tool calls; empty for a text answer
 */
record SimulatedAnswer(
        List<Token> reasoning,
        List<Token> content,
        List<SimulatedToolCall> toolCalls,
        FinishReason finishReason,
        SimulatedUsage usage) {
    SimulatedAnswer {
        reasoning = List.copyOf(reasoning);
        content = List.copyOf(content);
        toolCalls = List.copyOf(toolCalls);
        requireNonNull(finishReason, "finishReason is null");
        requireNonNull(usage, "usage is null");
    }

    String text() {
        return Token.join(content);
    }

    String reasoningText() {
        return Token.join(reasoning);
    }

    boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
