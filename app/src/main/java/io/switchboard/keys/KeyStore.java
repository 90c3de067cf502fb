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
}
