package io.switchboard.config;

import static java.util.Objects.requireNonNull;

/**
 * HTTP server settings.
 *
 * @param maxBodyBytes requests with a larger body get 413
 * @param keepaliveIntervalMs SSE comment interval while the upstream is silent
 * @param publicBaseUrl the base URL shown in sample code; null means derive it from the request
 */
public record ServerConfig(String host, int port, long maxBodyBytes, long keepaliveIntervalMs, String publicBaseUrl) {
    public ServerConfig {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be between 0 and 65535: " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("server.max_body_bytes must be positive: " + maxBodyBytes);
        }
        if (keepaliveIntervalMs <= 0) {
            throw new IllegalArgumentException("server.keepalive_interval_ms must be positive: " + keepaliveIntervalMs);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, 10L * 1024 * 1024, 10_000, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, keepaliveIntervalMs, publicBaseUrl);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodyBytes, keepaliveIntervalMs, publicBaseUrl);
    }

    public ServerConfig withKeepaliveIntervalMs(long interval) {
        return new ServerConfig(host, port, maxBodyBytes, interval, publicBaseUrl);
    }

    public ServerConfig withMaxBodyBytes(long max) {
        return new ServerConfig(host, port, max, keepaliveIntervalMs, publicBaseUrl);
    }
}
