package io.switchboard.simulator;

/**
 * Token accounting of one simulated answer. {@code promptTokens} includes {@code cachedTokens}, and
 * {@code completionTokens} includes {@code reasoningTokens}, as OpenAI reports them.
 */
record SimulatedUsage(int promptTokens, int cachedTokens, int completionTokens, int reasoningTokens) {
    SimulatedUsage {
        if (promptTokens < 0 || cachedTokens < 0 || completionTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("negative token count");
        }
        if (cachedTokens > promptTokens) {
            throw new IllegalArgumentException("cachedTokens > promptTokens");
        }
        if (reasoningTokens > completionTokens) {
            throw new IllegalArgumentException("reasoningTokens > completionTokens");
        }
    }

    int totalTokens() {
        return promptTokens + completionTokens;
    }
}
