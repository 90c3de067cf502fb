package io.switchboard.api;

import io.switchboard.providers.UpstreamException;
import java.util.List;
import java.util.Locale;

/**
 * What a failed attempt means for fallback and for the endpoint's uptime.
 *
 * <p>Another endpoint is tried (only before anything reached the client) after a connection failure, a timeout, a
 * broken or failed stream, 408, 429, any 5xx (Anthropic's 529 "overloaded" included), and after provider answers that
 * say the request cannot be served <em>there</em>: 401, 402, 403, 404 (the gateway's key, credits, region or model at
 * that provider) and a 400/413/422 whose body says the context is too long or the model or a parameter is not
 * supported there. Any other 4xx is the client's own error: it would fail everywhere, so it is returned at once.
 *
 * <p>Uptime follows OpenRouter: 429s and the client's own errors are not counted; everything else that failed counts
 * against the endpoint. A cancelled attempt counts for nothing.
 */
final class UpstreamFailures {
    private static final List<String> ENDPOINT_SPECIFIC = List.of(
            "context_length_exceeded",
            "context length",
            "context window",
            "maximum context",
            "prompt is too long",
            "too many tokens",
            "model_not_found",
            "model not found",
            "does not exist",
            "not supported",
            "unsupported_parameter",
            "unsupported_value",
            "does not support");

    /** How an attempt counts in the endpoint's health. */
    enum HealthEffect {
        FAILURE,
        EXCLUDED,
        NONE
    }

    private UpstreamFailures() {}

    static boolean retryable(UpstreamException failure) {
        return switch (failure.kind()) {
            case CONNECT, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT, PROTOCOL, STREAM_ERROR -> true;
            case CANCELLED -> false;
            case HTTP_STATUS -> {
                int status = failure.status();
                if (status == 408 || status == 429 || status >= 500) {
                    yield true;
                }
                if (status == 401 || status == 402 || status == 403 || status == 404) {
                    yield true;
                }
                yield (status == 400 || status == 413 || status == 422) && endpointSpecific(failure);
            }
        };
    }

    static HealthEffect healthEffect(UpstreamException failure) {
        return switch (failure.kind()) {
            case CONNECT, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT, PROTOCOL, STREAM_ERROR -> HealthEffect.FAILURE;
            case CANCELLED -> HealthEffect.NONE;
            case HTTP_STATUS -> {
                int status = failure.status();
                if (status == 429 || status == 400 || status == 413 || status == 422) {
                    yield HealthEffect.EXCLUDED;
                }
                yield HealthEffect.FAILURE;
            }
        };
    }

    private static boolean endpointSpecific(UpstreamException failure) {
        String raw = failure.raw().orElse("").toLowerCase(Locale.ROOT);
        for (String marker : ENDPOINT_SPECIFIC) {
            if (raw.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
