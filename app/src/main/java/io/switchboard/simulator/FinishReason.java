package io.switchboard.simulator;

/** Why a simulated answer ended; each wire writer maps it to its own vocabulary. */
enum FinishReason {
    /** Natural end of the answer or a stop sequence was met. */
    STOP,
    /** The token cap ({@code max_tokens}) was reached. */
    LENGTH,
    /** The answer is one or more tool calls. */
    TOOL_CALLS
}
