package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.keys.KeyService;
import io.switchboard.keys.Principal;
import java.util.Optional;

/**
 * Decorators that admit only requests bearing a valid key of the right kind, and bind the caller to the exchange:
 * {@link #require} for inference (API keys only), {@link #requireManagement} for the management API (management keys
 * only), {@link #requireAny} for reading one's own account (either kind).
 */
public final class Authentication {
    private final KeyService keys;

    public Authentication(KeyService keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** API keys only: a management key cannot call models. */
    public ApiHandler require(ApiHandler delegate) {
        return exchange -> {
            Principal principal = authenticate(exchange);
            if (principal.key().isManagement()) {
                throw new ApiException(
                        403,
                        "Management keys cannot be used for inference: use an API key (create one with POST"
                                + " /api/v1/keys).");
            }
            delegate.handle(exchange);
        };
    }

    /** Management keys only: API keys cannot manage keys or BYOK credentials. */
    public ApiHandler requireManagement(ApiHandler delegate) {
        return exchange -> {
            Principal principal = authenticate(exchange);
            if (!principal.key().isManagement()) {
                throw new ApiException(
                        403,
                        "This endpoint needs a management key; API keys can only call models and read their own"
                                + " usage. Create one with 'bin/switchboard keys create --name USER --management'.");
            }
            delegate.handle(exchange);
        };
    }

    /** Any valid key. */
    public ApiHandler requireAny(ApiHandler delegate) {
        return exchange -> {
            authenticate(exchange);
            delegate.handle(exchange);
        };
    }

    private Principal authenticate(Exchange exchange) throws ApiException {
        String header = exchange.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "No API key provided: send it as 'Authorization: Bearer <key>'.");
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : header.trim();
        Optional<Principal> principal = keys.authenticate(presented);
        if (principal.isEmpty()) {
            throw new ApiException(401, "Invalid API key: the key is unknown, malformed, disabled or expired.");
        }
        exchange.principal(principal.get());
        exchange.timeline().authenticated();
        return principal.get();
    }
}
