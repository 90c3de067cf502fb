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

    /** Tokens one image may take at most in any provider's accounting (high-detail tiles, large patches). */
    static final long IMAGE_TOKEN_BOUND = 3_000;
    /** Chat-template tokens around one message (role markers, separators), generously. */
    static final long MESSAGE_TOKEN_BOUND = 16;

    /**
     * An upper bound of the prompt tokens of a request, for reserving its worst case: no tokenizer makes more tokens
     * than the UTF-8 bytes of the text (byte-level BPE and SentencePiece with byte fallback produce at least one byte
     * per token), so every string and field name of {@code messages}, {@code tools} and {@code response_format} counts
     * one token per byte, each message a template allowance, and each image {@value #IMAGE_TOKEN_BOUND}.
     */
    public static long promptUpperBound(JsonNode body) {
        long tokens = 0;
        for (JsonNode message : body.path("messages")) {
            tokens += MESSAGE_TOKEN_BOUND + bytesOf(message);
        }
        tokens += bytesOf(body.path("tools"));
        tokens += bytesOf(body.path("response_format"));
        return tokens;
    }

    /** Input images (image_url parts) in the messages: billed at the endpoint's per-image price. */
    public static int inputImages(JsonNode messages) {
        int images = 0;
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            if (content.isArray()) {
                for (JsonNode part : content) {
                    if (isImage(part)) {
                        images++;
                    }
                }
            }
        }
        return images;
    }

    private static boolean isImage(JsonNode node) {
        return node.isObject() && (node.path("type").asString("").equals("image_url") || node.has("image_url"));
    }

    private static long bytesOf(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isString()) {
            return utf8Length(node.asString());
        }
        if (isImage(node)) {
            return IMAGE_TOKEN_BOUND;
        }
        if (node.isObject()) {
            long bytes = 1;
            for (var entry : node.properties()) {
                bytes += utf8Length(entry.getKey()) + bytesOf(entry.getValue());
            }
            return bytes;
        }
        if (node.isArray()) {
            long bytes = 1;
            for (JsonNode element : node) {
                bytes += bytesOf(element);
            }
            return bytes;
        }
        return node.asString("").length() + 1L; // numbers, booleans
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    public static long ofText(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
