package io.switchboard.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CryptoTest {
    private final Crypto crypto = Crypto.parse(Crypto.generateMasterKey());

    @Test
    void roundTripWithAFreshNoncePerValue() {
        String secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        String first = crypto.encrypt(secret, "byok|u1|openai");
        String second = crypto.encrypt(secret, "byok|u1|openai");
        assertThat(first)
                .startsWith("v1." + crypto.keyId() + ".")
                .doesNotContain(secret)
                .isNotEqualTo(second);
        assertThat(crypto.decrypt(first, "byok|u1|openai")).isEqualTo(secret);
        assertThat(crypto.decrypt(second, "byok|u1|openai")).isEqualTo(secret);
    }

    @Test
    void ciphertextIsBoundToItsRowAndMasterKey() {
        String stored = crypto.encrypt("secret-value-123", "byok|u1|openai");
        assertThatThrownBy(() -> crypto.decrypt(stored, "byok|u2|openai"))
                .isInstanceOf(Crypto.DecryptionException.class)
                .hasMessageContaining("does not authenticate");
        Crypto other = Crypto.parse(Crypto.generateMasterKey());
        assertThatThrownBy(() -> other.decrypt(stored, "byok|u1|openai"))
                .isInstanceOf(Crypto.DecryptionException.class)
                .hasMessageContaining("another master key");
        String tampered = stored.substring(0, stored.length() - 2) + (stored.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> crypto.decrypt(tampered, "byok|u1|openai"))
                .isInstanceOf(Crypto.DecryptionException.class);
    }

    @Test
    void masterKeyAcceptsHexAndBase64OfExactly32BytesAndNeverEchoesIt() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        Crypto hex = Crypto.parse(HexFormat.of().formatHex(raw));
        Crypto base64 = Crypto.parse(java.util.Base64.getEncoder().encodeToString(raw));
        assertThat(hex.keyId()).isEqualTo(base64.keyId());
        assertThat(hex.decrypt(base64.encrypt("x", "a"), "a")).isEqualTo("x");
        assertThatThrownBy(() -> Crypto.parse("too-short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 random bytes")
                .hasMessageNotContaining("too-short-secret");
        assertThat(hex.toString()).doesNotContain(HexFormat.of().formatHex(raw));
    }

    @Test
    void maskShowsOnlyAHint() {
        assertThat(ByokService.mask("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"))
                .isEqualTo("sk-...6789");
        assertThat(ByokService.mask("short-key")).isEqualTo("...ey");
        assertThat(ByokService.mask("abc")).isEqualTo("...");
    }
}
