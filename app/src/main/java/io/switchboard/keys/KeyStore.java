package io.switchboard.keys;

import java.util.List;
import java.util.Optional;

/** Persistence port for users and API keys; implemented in {@code storage}. */
public interface KeyStore {
    void insertUser(User user);

    Optional<User> findUserByName(String name);

    Optional<User> findUser(String id);

    void insertKey(ApiKey key);

    Optional<ApiKey> findKey(String hash);

    List<ApiKey> allKeys();

    /** Replaces every mutable field of the key with this hash; returns false if there is none. */
    boolean updateKey(ApiKey key);

    /** Returns false if there was no key with this hash. */
    boolean deleteKey(String hash);
}
