package io.switchboard.api;

import java.util.concurrent.ThreadLocalRandom;

/** Generation ids in OpenRouter's form: {@code gen-<unix seconds>-<20 alphanumerics>}. */
final class GenerationIds {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private GenerationIds() {}

    static String next(long epochSeconds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id =
                new StringBuilder(36).append("gen-").append(epochSeconds).append('-');
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
