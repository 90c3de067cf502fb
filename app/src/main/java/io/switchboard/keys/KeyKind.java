package io.switchboard.keys;

import java.util.Locale;

/** What a key may do. Stored as its lower-case name. */
public enum KeyKind {
    /** Calls models ({@code /chat/completions}) and reads its own usage. */
    INFERENCE,
    /** Manages API keys and BYOK credentials; cannot call models. */
    MANAGEMENT,
    /** A management key of the operator: may also grant credits to any user. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeyKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
