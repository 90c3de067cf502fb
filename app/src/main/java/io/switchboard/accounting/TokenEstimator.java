package io.switchboard.accounting;

import tools.jackson.databind.JsonNode;

/**
 * Rough token counts for when the provider reports none (a stream cancelled before its usage arrived) and for limit
 * checks before routing. About four characters per token, as OpenAI documents for English text.
 */
public final class TokenEstimator {
    private static final int CHARS_PER_TOKEN = 4;
    private static final int TOKENS_PER_MESSAGE = 4;
    private static final int TOKENS_PER_IMAGE = 85;

    private TokenEstimator() {}

    public static long estimatePrompt(JsonNode messages) {
        long tokens = 0;
        for (JsonNode message : messages) {
            tokens += TOKENS_PER_MESSAGE;
            JsonNode content = message.path("content");
            if (content.isString()) {
                tokens += ofText(content.asString());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.path("type").asString("").equals("text")) {
                        tokens += ofText(part.path("text").asString(""));
                    } else {
                        tokens += TOKENS_PER_IMAGE;
                    }
                }
            }
        }
        return tokens;
    }

    public static long ofText(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
