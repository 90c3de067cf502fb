package io.switchboard.routing;

/**
 * Four percentiles of a latency (seconds) or throughput (tokens/s) distribution, as the endpoints API shows them.
 * Throughput percentiles follow OpenRouter: {@code p90} is the speed that 90% of requests reach or beat, so the
 * values fall from {@code p50} to {@code p99}; latency percentiles rise.
 */
public record Percentiles(double p50, double p75, double p90, double p99) {}
