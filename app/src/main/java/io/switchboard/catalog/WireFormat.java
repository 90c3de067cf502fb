package io.switchboard.catalog;

/** The upstream wire protocol a provider speaks; one adapter exists per value. */
public enum WireFormat {
    OPENAI,
    ANTHROPIC,
    GEMINI
}
