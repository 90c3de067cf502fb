package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates bearer keys from memory. All keys are loaded at start; a key created by another process (the CLI)
 * while the server runs is found by one store lookup on first use, and unknown hashes are remembered briefly so that
 * a flood of bad keys cannot reach the database.
 */
public final class KeyService {
    private final KeyStore store;
    private final Clock clock;
    private final Map<String, Principal> byHash = new ConcurrentHashMap<>();
    private final Cache<String, Boolean> unknown = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(5))
            .build();

    public KeyService(KeyStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        for (ApiKey key : store.allKeys()) {
            store.findUser(key.userId()).ifPresent(user -> byHash.put(key.hash(), new Principal(user, key)));
        }
    }

    /** The principal for a presented key, or empty when the key is malformed, unknown or disabled. */
    public Optional<Principal> authenticate(String presentedKey) {
        if (!ApiKeys.wellFormed(presentedKey)) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(presentedKey);
        Principal principal = byHash.get(hash);
        if (principal == null) {
            principal = lookUp(hash);
        }
        if (principal == null || principal.key().disabled()) {
            return Optional.empty();
        }
        return Optional.of(principal);
    }

    private Principal lookUp(String hash) {
        if (unknown.getIfPresent(hash) != null) {
            return null;
        }
        Optional<ApiKey> key = store.findKey(hash);
        Optional<User> user = key.flatMap(found -> store.findUser(found.userId()));
        if (key.isEmpty() || user.isEmpty()) {
            unknown.put(hash, Boolean.TRUE);
            return null;
        }
        Principal principal = new Principal(user.get(), key.get());
        byHash.put(hash, principal);
        return principal;
    }

    /** Creates a user (if the name is new) and a key for it; returns the plaintext key, which is never stored. */
    public CreatedKey create(String userName, String keyName, BigDecimal limit) {
        requireNonNull(userName, "userName is null");
        requireNonNull(keyName, "keyName is null");
        User user = store.findUserByName(userName).orElseGet(() -> {
            User created = new User(
                    "user_" + ApiKeys.generate().substring(ApiKeys.PREFIX.length(), ApiKeys.PREFIX.length() + 24),
                    userName,
                    clock.instant());
            store.insertUser(created);
            return created;
        });
        String plaintext = ApiKeys.generate();
        ApiKey key = new ApiKey(
                ApiKeys.hash(plaintext), user.id(), keyName, ApiKeys.label(plaintext), limit, false, clock.instant());
        store.insertKey(key);
        byHash.put(key.hash(), new Principal(user, key));
        unknown.invalidate(key.hash());
        return new CreatedKey(user, key, plaintext);
    }

    /** A newly created key; {@code plaintext} is shown once and then forgotten. */
    public record CreatedKey(User user, ApiKey key, String plaintext) {}
}
