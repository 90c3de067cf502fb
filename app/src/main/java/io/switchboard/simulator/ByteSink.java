package io.switchboard.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for hand-assembled JSON. One instance is reused for every event of a stream: a blocking
 * write completes before the next event is assembled, so {@link #asByteBuffer()} may wrap the array without copying.
 */
final class ByteSink {
    private byte[] bytes;
    private int length;

    ByteSink(int capacity) {
        this.bytes = new byte[capacity];
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    ByteSink clear() {
        length = 0;
        return this;
    }

    ByteSink raw(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
        return this;
    }

    ByteSink raw(byte value) {
        ensure(1);
        bytes[length++] = value;
        return this;
    }

    /** Appends {@code text} as a quoted, escaped JSON string, or {@code null}. */
    ByteSink quoted(String text) {
        if (text == null) {
            return raw(NULL);
        }
        raw((byte) '"');
        raw(Token.escape(text));
        return raw((byte) '"');
    }

    ByteSink number(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return raw(utf8(Long.toString(value)));
            }
            raw((byte) '-');
            return number(-value);
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        long rest = value;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
        return this;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** A view of the current content, valid until the next change. */
    ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }

    private static final byte[] NULL = utf8("null");
}
