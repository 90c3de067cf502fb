package io.switchboard.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The key format ({@code sk-sb-v1-} + 64 hex characters) and its SHA-256 hash, the only form ever stored. */
public final class ApiKeys {
    public static final String PREFIX = "sk-sb-v1-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeys() {}

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + HEX.formatHex(secret);
    }

    public static boolean wellFormed(String key) {
        if (key == null || key.length() != PREFIX.length() + 64 || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Lowercase SHA-256 hex of the whole key string, as OpenRouter identifies keys. */
    public static String hash(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A preview that identifies a key without revealing it, e.g. {@code sk-sb-v1-3f9...a41}. */
    public static String label(String key) {
        return key.substring(0, PREFIX.length() + 3) + "..." + key.substring(key.length() - 3);
    }
}
