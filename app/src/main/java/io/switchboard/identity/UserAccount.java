package io.switchboard.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user as the web app sees it: the {@code users} row with its sign-in fields.
 *
 * @param email lower-cased, null for a user created by name on the command line that cannot sign in yet
 * @param passwordHash Argon2id PHC string, null when the user cannot sign in with a password
 * @param admin may create users and grant credits in the web app
 */
public record UserAccount(
        String userId, String name, String email, String passwordHash, boolean admin, Instant createdAt) {
    public UserAccount {
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean canSignIn() {
        return email != null && passwordHash != null;
    }

    /** Never prints the password hash. */
    @Override
    public String toString() {
        return "UserAccount[userId=" + userId + ", name=" + name + ", email=" + email + ", admin=" + admin + "]";
    }
}
