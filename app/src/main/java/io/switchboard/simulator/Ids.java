package io.switchboard.simulator;

import java.util.concurrent.ThreadLocalRandom;

/** Random provider-style identifiers ({@code chatcmpl-...}, {@code call_...}, request ids). */
final class Ids {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    static String alphanumeric(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    static String hex(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = HEX[random.nextInt(HEX.length)];
        }
        return new String(chars);
    }

    /** A stable 64-bit FNV-1a hash step over {@code text}, continuing from {@code hash}. */
    static long fnv1a(long hash, CharSequence text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    static final long FNV_OFFSET = 0xCBF29CE484222325L;
}
