package io.switchboard.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence port for users' sign-in fields and web sessions; implemented in {@code storage}. */
public interface IdentityStore {
    /** Inserts a new user row with its sign-in fields. */
    void insert(UserAccount account);

    Optional<UserAccount> find(String userId);

    /** @param email lower-cased */
    Optional<UserAccount> findByEmail(String email);

    Optional<UserAccount> findByName(String name);

    /** Every user, signed-in capable or not, oldest first. */
    List<UserAccount> all();

    /** Sets email, password hash and admin flag of an existing user; returns false if there is none. */
    boolean updateCredentials(String userId, String email, String passwordHash, boolean admin);

    void insertSession(Session session);

    Optional<Session> findSession(String id);

    /** Slides a session's expiry forward; returns false if it no longer exists. */
    boolean touchSession(String id, Instant lastSeen, Instant expiresAt);

    boolean deleteSession(String id);

    /** Deletes sessions that expired before {@code now}; returns how many. */
    int deleteExpiredSessions(Instant now);
}
