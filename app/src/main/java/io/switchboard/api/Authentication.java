package io.switchboard.api;

import static java.util.Objects.requireNonNull;

import io.switchboard.keys.KeyService;
import io.switchboard.keys.Principal;
import java.util.Optional;

/** Decorator that admits only requests bearing a valid API key, and binds the caller to the exchange. */
public final class Authentication {
    private final KeyService keys;

    public Authentication(KeyService keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    public ApiHandler require(ApiHandler delegate) {
        return exchange -> {
            String header = exchange.header("Authorization");
            if (header == null || header.isBlank()) {
                throw new ApiException(401, "No API key provided: send it as 'Authorization: Bearer <key>'.");
            }
            String presented = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : header.trim();
            Optional<Principal> principal = keys.authenticate(presented);
            if (principal.isEmpty()) {
                throw new ApiException(401, "Invalid API key: the key is unknown, malformed or disabled.");
            }
            exchange.principal(principal.get());
            exchange.timeline().authenticated();
            delegate.handle(exchange);
        };
    }
}
