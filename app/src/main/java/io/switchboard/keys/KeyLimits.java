package io.switchboard.keys;

import java.math.BigDecimal;

/**
 * A key's spending limit as the ledger enforces it.
 *
 * @param limit USD, null for none
 * @param reset null when the limit counts all usage ever
 */
public record KeyLimits(BigDecimal limit, LimitReset reset, boolean includeByok) {
    public static final KeyLimits NONE = new KeyLimits(null, null, false);
}
