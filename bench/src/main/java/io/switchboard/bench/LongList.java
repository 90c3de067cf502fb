package io.switchboard.bench;

import java.util.Arrays;

/** Growable primitive long buffer with a hard capacity limit; not thread-safe (one per worker). */
final class LongList {

    private final int maxSize;
    private long[] values;
    private int size;
    private long dropped;

    LongList(int initialCapacity, int maxSize) {
        if (initialCapacity < 1 || maxSize < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.maxSize = maxSize;
        this.values = new long[Math.min(initialCapacity, maxSize)];
    }

    /** Appends {@code v}; once {@code maxSize} values are held further values are counted as dropped. */
    void add(long v) {
        if (size == values.length) {
            if (size >= maxSize) {
                dropped++;
                return;
            }
            values = Arrays.copyOf(values, (int) Math.min((long) size * 2, maxSize));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long dropped() {
        return dropped;
    }

    long[] rawArray() {
        return values;
    }

    static LongList concat(Iterable<LongList> lists) {
        long total = 0;
        long dropped = 0;
        for (LongList l : lists) {
            total += l.size;
            dropped += l.dropped;
        }
        int n = Math.toIntExact(total);
        LongList out = new LongList(Math.max(1, n), Math.max(1, n));
        for (LongList l : lists) {
            System.arraycopy(l.values, 0, out.values, out.size, l.size);
            out.size += l.size;
        }
        out.dropped = dropped;
        return out;
    }

    LatencyStats stats() {
        return LatencyStats.of(values, size);
    }
}
