package io.switchboard.api;

/**
 * Stamps of one request's life (Zuul's passport, kept small): when it arrived, was routed, reached its upstream, sent
 * its first token and completed. Nanosecond clock; zero means "not reached".
 */
public final class RequestTimeline {
    private final long received = System.nanoTime();
    private volatile long authenticated;
    private volatile long routed;
    private volatile long upstreamConnected;
    private volatile long firstToken;
    private volatile long completed;

    public void authenticated() {
        authenticated = System.nanoTime();
    }

    public void routed() {
        routed = System.nanoTime();
    }

    public void upstreamConnected() {
        upstreamConnected = System.nanoTime();
    }

    public void firstToken() {
        if (firstToken == 0) {
            firstToken = System.nanoTime();
        }
    }

    public void completed() {
        completed = System.nanoTime();
    }

    public boolean hasFirstToken() {
        return firstToken != 0;
    }

    /** Milliseconds from arrival to the first token, or null when none was produced. */
    public Long timeToFirstTokenMs() {
        return firstToken == 0 ? null : (firstToken - received) / 1_000_000;
    }

    /** Milliseconds from the first token (or arrival) to completion. */
    public long generationTimeMs() {
        long end = completed == 0 ? System.nanoTime() : completed;
        long start = firstToken == 0 ? received : firstToken;
        return Math.max(0, (end - start) / 1_000_000);
    }

    /** Milliseconds from {@code startNanos} (a {@link System#nanoTime()} stamp) to the first token, or null. */
    public Long firstTokenAfter(long startNanos) {
        return firstToken == 0 ? null : Math.max(0, (firstToken - startNanos) / 1_000_000);
    }

    /** Nanoseconds from {@code startNanos} (a {@link System#nanoTime()} stamp) to completion, or to now. */
    public long completedAfterNanos(long startNanos) {
        long end = completed == 0 ? System.nanoTime() : completed;
        return Math.max(0, end - startNanos);
    }

    public long totalMs() {
        long end = completed == 0 ? System.nanoTime() : completed;
        return (end - received) / 1_000_000;
    }

    @Override
    public String toString() {
        return "received=0"
                + stamp(" authenticated", authenticated)
                + stamp(" routed", routed)
                + stamp(" upstream_connected", upstreamConnected)
                + stamp(" first_token", firstToken)
                + stamp(" completed", completed);
    }

    private String stamp(String name, long value) {
        return value == 0 ? "" : name + "=" + (value - received) / 1000 + "us";
    }
}
