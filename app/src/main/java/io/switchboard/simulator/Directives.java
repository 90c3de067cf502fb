package io.switchboard.simulator;

import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Failure and shape injection chosen per request by {@code X-Sim-*} headers (see {@link Simulator} for their
 * meaning). Numeric values are {@code -1} when the header is absent; strings are {@code null}.
 */
record Directives(
        int status,
        long delayMs,
        int failAfterChunks,
        int errorAfterChunks,
        int stallAfterChunks,
        int cachedTokens,
        int tokens,
        String errorType,
        String errorCode,
        String errorMessage) {
    static final String STATUS = "X-Sim-Status";
    static final String DELAY_MS = "X-Sim-Delay-Ms";
    static final String FAIL_AFTER_CHUNKS = "X-Sim-Fail-After-Chunks";
    static final String ERROR_AFTER_CHUNKS = "X-Sim-Error-After-Chunks";
    static final String STALL_AFTER_CHUNKS = "X-Sim-Stall-After-Chunks";
    static final String CACHED_TOKENS = "X-Sim-Cached-Tokens";
    static final String TOKENS = "X-Sim-Tokens";
    static final String ERROR_TYPE = "X-Sim-Error-Type";
    static final String ERROR_CODE = "X-Sim-Error-Code";
    static final String ERROR_MESSAGE = "X-Sim-Error-Message";

    private static final String PREFIX = "x-sim-";

    static final Directives NONE = new Directives(-1, -1, -1, -1, -1, -1, -1, null, null, null);

    /** Reads the {@code X-Sim-*} headers; an unparsable value is an {@link IllegalArgumentException} naming it. */
    static Directives from(HttpFields headers) {
        Builder builder = null;
        for (HttpField field : headers) {
            String name = field.getName();
            if (name.length() > PREFIX.length() && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                if (builder == null) {
                    builder = new Builder();
                }
                builder.set(name.toLowerCase(Locale.ROOT), field.getValue());
            }
        }
        if (builder == null) {
            return NONE;
        }
        return builder.build();
    }

    /** An injected error status (400 and up; lower values are ignored). */
    boolean hasStatus() {
        return status >= 400;
    }

    /** Any directive that ends a stream early. */
    boolean interruptsStream() {
        return failAfterChunks >= 0 || errorAfterChunks >= 0 || stallAfterChunks >= 0;
    }

    private static final class Builder {
        private int status = -1;
        private long delayMs = -1;
        private int failAfterChunks = -1;
        private int errorAfterChunks = -1;
        private int stallAfterChunks = -1;
        private int cachedTokens = -1;
        private int tokens = -1;
        private String errorType;
        private String errorCode;
        private String errorMessage;

        void set(String lowerCaseName, String value) {
            switch (lowerCaseName) {
                case "x-sim-status" -> status = (int) number(STATUS, value, 100, 599);
                case "x-sim-delay-ms" -> delayMs = number(DELAY_MS, value, 0, 3_600_000);
                case "x-sim-fail-after-chunks" -> failAfterChunks = count(FAIL_AFTER_CHUNKS, value);
                case "x-sim-error-after-chunks" -> errorAfterChunks = count(ERROR_AFTER_CHUNKS, value);
                case "x-sim-stall-after-chunks" -> stallAfterChunks = count(STALL_AFTER_CHUNKS, value);
                case "x-sim-cached-tokens" -> cachedTokens = count(CACHED_TOKENS, value);
                case "x-sim-tokens" -> tokens = (int) number(TOKENS, value, 0, 1_000_000);
                case "x-sim-error-type" -> errorType = value;
                case "x-sim-error-code" -> errorCode = value;
                case "x-sim-error-message" -> errorMessage = value;
                default -> {}
            }
        }

        Directives build() {
            return new Directives(
                    status,
                    delayMs,
                    failAfterChunks,
                    errorAfterChunks,
                    stallAfterChunks,
                    cachedTokens,
                    tokens,
                    errorType,
                    errorCode,
                    errorMessage);
        }

        private static int count(String header, String value) {
            return (int) number(header, value, 0, Integer.MAX_VALUE);
        }

        private static long number(String header, String value, long min, long max) {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid " + header + " header: '" + value + "'", e);
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(
                        "Invalid " + header + " header: " + parsed + " is outside [" + min + ", " + max + "]");
            }
            return parsed;
        }
    }
}
