package io.switchboard.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for BYOK provider keys: AES-256-GCM under a 32-byte master key, a fresh random 12-byte nonce per
 * value, and associated data that binds each ciphertext to its owner and provider (a ciphertext copied to another
 * row does not decrypt).
 *
 * <p>Stored form: {@code v1.<key id>.<base64url(nonce || ciphertext || tag)>}. The key id (first 8 bytes of SHA-256 of
 * the master key, hex) tells which master key a value needs, so a wrong {@code SWITCHBOARD_MASTER_KEY} is reported as
 * such instead of as corruption.
 */
public final class Crypto {
    public static final String MASTER_KEY_ENV = "SWITCHBOARD_MASTER_KEY";
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    private Crypto(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes, not " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey, "AES");
        this.keyId = keyId(masterKey);
    }

    public static Crypto of(byte[] masterKey) {
        return new Crypto(masterKey.clone());
    }

    /**
     * Parses a master key written as 64 hex characters or as base64 (standard or URL-safe) of 32 bytes.
     *
     * @throws IllegalArgumentException naming the expected format, never echoing the value
     */
    public static Crypto parse(String encoded) {
        requireNonNull(encoded, "encoded is null");
        String trimmed = encoded.trim();
        byte[] bytes = null;
        if (trimmed.length() == 64 && trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            bytes = HexFormat.of().parseHex(trimmed);
        } else {
            try {
                bytes = Base64.getDecoder().decode(trimmed);
            } catch (IllegalArgumentException notStandard) {
                try {
                    bytes = Base64.getUrlDecoder().decode(trimmed);
                } catch (IllegalArgumentException notUrlSafe) {
                    bytes = null;
                }
            }
        }
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException(
                    MASTER_KEY_ENV + " must be 32 random bytes written as 64 hex characters or as base64 (e.g. the"
                            + " output of 'openssl rand -base64 32')");
        }
        return new Crypto(bytes);
    }

    /** The master key from the environment, if set. */
    public static Optional<Crypto> fromEnvironment(java.util.Map<String, String> environment) {
        String value = environment.get(MASTER_KEY_ENV);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    /** A new random master key in base64, e.g. for a demo. */
    public static String generateMasterKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String keyId() {
        return keyId;
    }

    public String encrypt(String plaintext, String associatedData) {
        requireNonNull(plaintext, "plaintext is null");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return VERSION + "." + keyId + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * @throws DecryptionException when the value was made under another master key, for other associated data, or was
     *     tampered with
     */
    public String decrypt(String stored, String associatedData) {
        requireNonNull(stored, "stored is null");
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new DecryptionException("unknown ciphertext format");
        }
        if (!parts[1].equals(keyId)) {
            throw new DecryptionException("encrypted under another master key (id " + parts[1] + ", current " + keyId
                    + "): set the " + MASTER_KEY_ENV + " it was stored with");
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException("ciphertext is not base64");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new DecryptionException("ciphertext is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(data, 0, NONCE_BYTES)));
            cipher.updateAAD(associatedData.getBytes(UTF_8));
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new DecryptionException("ciphertext does not authenticate (tampered, or bound to another row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static String keyId(byte[] masterKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(masterKey);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "Crypto[AES-256-GCM, key id " + keyId + "]";
    }

    /** A stored value that cannot be decrypted with the current master key. */
    public static final class DecryptionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DecryptionException(String message) {
            super(message);
        }
    }
}
