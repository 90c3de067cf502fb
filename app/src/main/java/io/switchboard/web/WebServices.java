package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.catalog.Catalog;
import io.switchboard.config.ServerConfig;
import io.switchboard.identity.IdentityService;
import io.switchboard.identity.SessionService;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.KeyService;
import io.switchboard.routing.EndpointHealth;
import io.switchboard.routing.HealthRollupStore;
import java.time.Clock;
import java.util.function.Supplier;

/** What the web app reads and changes: the same services the API uses, handed over by the composition root. */
public record WebServices(
        Supplier<Catalog> catalog,
        EndpointHealth health,
        HealthRollupStore healthHistory,
        GenerationStore generations,
        KeyService keys,
        AccountService accounts,
        ByokService byok,
        ServerConfig server,
        Clock clock,
        IdentityService identities,
        SessionService sessions) {
    public WebServices {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(health, "health is null");
        requireNonNull(healthHistory, "healthHistory is null");
        requireNonNull(generations, "generations is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(accounts, "accounts is null");
        requireNonNull(byok, "byok is null");
        requireNonNull(server, "server is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(identities, "identities is null");
        requireNonNull(sessions, "sessions is null");
    }
}
