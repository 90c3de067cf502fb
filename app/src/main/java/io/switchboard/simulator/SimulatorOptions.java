package io.switchboard.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link Simulator} listens and how fast it "generates".
 *
 * @param host interface to bind, {@code 127.0.0.1} by default
 * @param port TCP port, {@code 0} for an ephemeral one
 * @param timeToFirstToken pause before the first streamed chunk (and before a non-streaming response)
 * @param tokensPerSecond pace of streamed content chunks; {@code 0} emits them as fast as possible
 */
public record SimulatorOptions(String host, int port, Duration timeToFirstToken, double tokensPerSecond) {
    public SimulatorOptions {
        requireNonNull(host, "host is null");
        requireNonNull(timeToFirstToken, "timeToFirstToken is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("timeToFirstToken is negative: " + timeToFirstToken);
        }
        if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be finite and >= 0: " + tokensPerSecond);
        }
    }

    /** {@code 127.0.0.1}, an ephemeral port, no time to first token, unlimited speed. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, Duration.ZERO, 0);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(host, newPort, timeToFirstToken, tokensPerSecond);
    }

    public SimulatorOptions withHost(String newHost) {
        return new SimulatorOptions(newHost, port, timeToFirstToken, tokensPerSecond);
    }

    public SimulatorOptions withTimeToFirstToken(Duration newTimeToFirstToken) {
        return new SimulatorOptions(host, port, newTimeToFirstToken, tokensPerSecond);
    }

    public SimulatorOptions withTokensPerSecond(double newTokensPerSecond) {
        return new SimulatorOptions(host, port, timeToFirstToken, newTokensPerSecond);
    }

    /** Nanoseconds between two content chunks, {@code 0} when unpaced. */
    long tokenIntervalNanos() {
        if (tokensPerSecond == 0) {
            return 0;
        }
        return (long) (1_000_000_000d / tokensPerSecond);
    }
}
