package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates bearer keys from memory. All keys are loaded at start; a key created by another process (the CLI)
 * while the server runs is found by one store lookup on first use, and unknown hashes are remembered briefly so that
 * a flood of bad keys cannot reach the database. Changes through this service (the management API) write the store
 * first, then memory.
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

    /** The principal for a presented key, or empty when the key is malformed, unknown, disabled or expired. */
    public Optional<Principal> authenticate(String presentedKey) {
        if (!ApiKeys.wellFormed(presentedKey)) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(presentedKey);
        Principal principal = byHash.get(hash);
        if (principal == null) {
            principal = lookUp(hash);
        }
        if (principal == null || principal.key().disabled() || principal.key().expired(clock.instant())) {
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

    /** The user with this name, created if new. */
    public User user(String userName) {
        requireNonNull(userName, "userName is null");
        return store.findUserByName(userName).orElseGet(() -> {
            User created = new User(
                    "user_" + ApiKeys.generate().substring(ApiKeys.PREFIX.length(), ApiKeys.PREFIX.length() + 24),
                    userName,
                    clock.instant());
            store.insertUser(created);
            return created;
        });
    }

    public Optional<User> findUser(String userId) {
        return store.findUser(userId);
    }

    public Optional<User> findUserByName(String name) {
        return store.findUserByName(name);
    }

    /** Creates a user (if the name is new) and a key for it; returns the plaintext key, which is never stored. */
    public CreatedKey create(String userName, String keyName, BigDecimal limit) {
        return create(user(userName), new KeySettings(keyName, limit, null, false, null, null), KeyKind.INFERENCE);
    }

    /** Creates a key of the given kind for an existing user; the plaintext is returned once and never stored. */
    public CreatedKey create(User user, KeySettings settings, KeyKind kind) {
        requireNonNull(user, "user is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(kind, "kind is null");
        String plaintext = ApiKeys.generate();
        ApiKey key = new ApiKey(
                ApiKeys.hash(plaintext),
                user.id(),
                settings.name(),
                ApiKeys.label(plaintext),
                settings.limit(),
                false,
                clock.instant(),
                kind,
                settings.limitReset(),
                settings.includeByokInLimit(),
                settings.expiresAt(),
                null,
                settings.rateLimitPerMinute());
        store.insertKey(key);
        byHash.put(key.hash(), new Principal(user, key));
        unknown.invalidate(key.hash());
        return new CreatedKey(user, key, plaintext);
    }

    /** A key by hash if it belongs to {@code userId}; keys of other users are invisible. */
    public Optional<ApiKey> find(String userId, String hash) {
        Principal principal = byHash.get(hash);
        if (principal == null) {
            principal = lookUp(hash);
        }
        return Optional.ofNullable(principal)
                .map(Principal::key)
                .filter(key -> key.userId().equals(userId));
    }

    /** The user's keys of one kind, oldest first. Reads the store, so keys made by the CLI are included. */
    public List<ApiKey> list(String userId, KeyKind kind) {
        return store.allKeys().stream()
                .filter(key -> key.userId().equals(userId) && key.kind() == kind)
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::hash))
                .toList();
    }

    /** How many keys of one kind each user has, by user id. Reads the store, so keys made by the CLI count. */
    public Map<String, Long> countByUser(KeyKind kind) {
        requireNonNull(kind, "kind is null");
        return store.allKeys().stream()
                .filter(key -> key.kind() == kind)
                .collect(
                        java.util.stream.Collectors.groupingBy(ApiKey::userId, java.util.stream.Collectors.counting()));
    }

    /** Stores a changed key (same hash and owner) and serves it from now on. */
    public ApiKey update(ApiKey changed) {
        requireNonNull(changed, "changed is null");
        ApiKey updated = changed.withUpdatedAt(clock.instant());
        if (!store.updateKey(updated)) {
            throw new IllegalStateException("key " + changed.hash() + " no longer exists");
        }
        byHash.compute(updated.hash(), (hash, old) -> old == null ? null : new Principal(old.user(), updated));
        return updated;
    }

    /** Deletes a key; it stops authenticating at once. Returns false if it did not exist. */
    public boolean delete(String hash) {
        boolean deleted = store.deleteKey(hash);
        byHash.remove(hash);
        unknown.put(hash, Boolean.TRUE);
        return deleted;
    }

    /** A newly created key; {@code plaintext} is shown once and then forgotten. */
    public record CreatedKey(User user, ApiKey key, String plaintext) {}
}
