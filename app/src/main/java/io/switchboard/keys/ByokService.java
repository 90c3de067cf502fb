package io.switchboard.keys;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' own provider keys (BYOK), held in memory as ciphertext and decrypted only when a request uses one. Secrets
 * are never logged and never returned after creation: reads show the masked {@link ByokKey#label()}.
 */
public final class ByokService {
    private static final Logger LOG = LoggerFactory.getLogger(ByokService.class);

    /** The longest provider key accepted. */
    public static final int MAX_SECRET = 8_192;

    private final ByokStore store;
    private final Crypto crypto;
    private final Clock clock;
    /** user id → provider slug → key. */
    private final Map<String, Map<String, ByokKey>> byUser = new ConcurrentHashMap<>();

    /**
     * @param crypto null when no master key is configured: stored keys cannot be used and new ones are refused
     */
    public ByokService(ByokStore store, Crypto crypto, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.crypto = crypto;
        this.clock = requireNonNull(clock, "clock is null");
        for (ByokKey key : store.all()) {
            remember(key);
        }
    }

    /** Whether a master key is configured, so that keys can be stored and used. */
    public boolean enabled() {
        return crypto != null;
    }

    private Crypto crypto() {
        if (crypto == null) {
            throw new ByokDisabledException();
        }
        return crypto;
    }

    public ByokKey create(
            String userId, String provider, String secret, String name, boolean alwaysUse, boolean disabled) {
        requireNonNull(userId, "userId is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(secret, "secret is null");
        Crypto cipher = crypto();
        Instant now = clock.instant();
        ByokKey key = new ByokKey(
                "byok_" + UUID.randomUUID().toString().replace("-", ""),
                userId,
                provider,
                name == null ? provider : name,
                mask(secret),
                cipher.encrypt(secret, associatedData(userId, provider)),
                alwaysUse,
                disabled,
                now,
                now);
        store.insert(key);
        remember(key);
        LOG.debug("stored BYOK key {} for user {} and provider {} ({})", key.id(), userId, provider, key.label());
        return key;
    }

    /** The user's keys, by provider. */
    public List<ByokKey> list(String userId) {
        return byUser.getOrDefault(userId, Map.of()).values().stream()
                .sorted(Comparator.comparing(ByokKey::provider))
                .toList();
    }

    public Optional<ByokKey> find(String userId, String id) {
        return byUser.getOrDefault(userId, Map.of()).values().stream()
                .filter(key -> key.id().equals(id))
                .findFirst();
    }

    /**
     * Stores changed settings of an existing key, and a new secret when {@code newSecret} is not null.
     *
     * @return the stored key
     */
    public ByokKey update(ByokKey changed, String newSecret) {
        requireNonNull(changed, "changed is null");
        String ciphertext = changed.ciphertext();
        String label = changed.label();
        if (newSecret != null) {
            ciphertext = crypto().encrypt(newSecret, associatedData(changed.userId(), changed.provider()));
            label = mask(newSecret);
        }
        ByokKey updated = new ByokKey(
                changed.id(),
                changed.userId(),
                changed.provider(),
                changed.name(),
                label,
                ciphertext,
                changed.alwaysUse(),
                changed.disabled(),
                changed.createdAt(),
                clock.instant());
        if (!store.update(updated)) {
            throw new IllegalStateException("BYOK key " + changed.id() + " no longer exists");
        }
        remember(updated);
        return updated;
    }

    public boolean delete(String userId, String id) {
        Optional<ByokKey> key = find(userId, id);
        if (key.isEmpty()) {
            return false;
        }
        boolean deleted = store.delete(id);
        byUser.computeIfPresent(userId, (user, keys) -> {
            keys.remove(key.get().provider());
            return keys;
        });
        return deleted;
    }

    /**
     * The user's enabled key for a provider, decrypted, or empty. A key that cannot be decrypted (another master key)
     * is logged without its value and treated as absent.
     */
    public Optional<Credential> credential(String userId, String provider) {
        ByokKey key = byUser.getOrDefault(userId, Map.of()).get(provider);
        if (key == null || key.disabled() || crypto == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Credential(
                    key.id(),
                    provider,
                    crypto.decrypt(key.ciphertext(), associatedData(userId, provider)),
                    key.alwaysUse()));
        } catch (Crypto.DecryptionException e) {
            LOG.error("BYOK key {} of user {} for {} cannot be used: {}", key.id(), userId, provider, e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the user has an enabled key for the provider (without decrypting it). */
    public boolean has(String userId, String provider) {
        ByokKey key = byUser.getOrDefault(userId, Map.of()).get(provider);
        return key != null && !key.disabled() && crypto != null;
    }

    private void remember(ByokKey key) {
        byUser.computeIfAbsent(key.userId(), user -> new ConcurrentHashMap<>()).put(key.provider(), key);
    }

    private static String associatedData(String userId, String provider) {
        return "byok|" + userId + "|" + provider;
    }

    /** A hint that identifies a key without revealing it: {@code sk-...wxyz}; short secrets show only the last two. */
    static String mask(String secret) {
        String trimmed = secret.strip();
        if (trimmed.length() >= 16) {
            return trimmed.substring(0, 3) + "..." + trimmed.substring(trimmed.length() - 4);
        }
        if (trimmed.length() >= 8) {
            return "..." + trimmed.substring(trimmed.length() - 2);
        }
        return "...";
    }

    /**
     * A usable decrypted key for one request; never logged.
     *
     * @param alwaysUse the user never wants shared capacity for this provider
     */
    public record Credential(String id, String provider, String secret, boolean alwaysUse) {
        @Override
        public String toString() {
            return "Credential[id=" + id + ", provider=" + provider + ", alwaysUse=" + alwaysUse + "]";
        }
    }

    /** No master key is configured, so BYOK keys can be neither stored nor used. */
    public static final class ByokDisabledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ByokDisabledException() {
            super("BYOK is disabled on this server: no master key is configured. Set " + Crypto.MASTER_KEY_ENV
                    + " (32 random bytes, base64 or hex) and restart to store provider keys.");
        }
    }
}
