package io.switchboard.keys;

import java.util.List;
import java.util.Optional;

/** Persistence port for BYOK provider keys; implemented in {@code storage}. */
public interface ByokStore {
    /**
     * @throws DuplicateByokKeyException when the user already has a key for this provider
     */
    void insert(ByokKey key);

    /** Returns false if there is no key with this id. */
    boolean update(ByokKey key);

    boolean delete(String id);

    Optional<ByokKey> find(String id);

    List<ByokKey> all();

    /** Thrown when a user already has a key for the provider (one per user and provider). */
    final class DuplicateByokKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DuplicateByokKeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
