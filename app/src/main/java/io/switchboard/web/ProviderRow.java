package io.switchboard.web;

import io.switchboard.catalog.Endpoint;
import io.switchboard.routing.EndpointHealth;
import java.util.List;

/** One endpoint of a model with its live numbers (the same ones the endpoints API publishes). */
public record ProviderRow(String provider, Endpoint endpoint, EndpointHealth.Report report) {
    public String context() {
        return Formats.tokens(endpoint.contextLength());
    }

    public String maxOutput() {
        return endpoint.maxCompletionTokens() == null ? "–" : Formats.tokens(endpoint.maxCompletionTokens());
    }

    public String input() {
        return Formats.perMillion(endpoint.pricing().prompt());
    }

    public String output() {
        return Formats.perMillion(endpoint.pricing().completion());
    }

    public String cacheRead() {
        return nonZero(endpoint.pricing().inputCacheRead());
    }

    public String cacheWrite() {
        return nonZero(endpoint.pricing().inputCacheWrite());
    }

    public String quantization() {
        return endpoint.quantization() == null ? "–" : endpoint.quantization();
    }

    public List<String> parameters() {
        return endpoint.supportedParameters();
    }

    public String latency() {
        return report.latencyLast30m() == null
                ? "–"
                : Formats.millis(report.latencyLast30m().p50() * 1000);
    }

    public String throughput() {
        return report.throughputLast30m() == null
                ? "–"
                : Formats.throughput(report.throughputLast30m().p50());
    }

    public String uptime() {
        return report.uptimeLast30m() == null ? "–" : Formats.percent(report.uptimeLast30m() / 100);
    }

    public boolean measured() {
        return report.latencyLast30m() != null || report.uptimeLast30m() != null;
    }

    private static String nonZero(java.math.BigDecimal price) {
        return price.signum() == 0 ? "–" : Formats.perMillion(price);
    }
}
