package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * One generated token: its text and, computed once, its JSON-escaped UTF-8 form without quotes. Every JSON wire format
 * escapes strings the same way, so writers copy {@link #json()} straight into their output.
 */
record Token(String text, byte[] json) {
    Token {
        requireNonNull(text, "text is null");
        requireNonNull(json, "json is null");
    }

    static Token of(String text) {
        return new Token(text, escape(text));
    }

    static byte[] escape(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text);
    }

    static String join(Iterable<Token> tokens) {
        StringBuilder builder = new StringBuilder();
        for (Token token : tokens) {
            builder.append(token.text);
        }
        return builder.toString();
    }

    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
