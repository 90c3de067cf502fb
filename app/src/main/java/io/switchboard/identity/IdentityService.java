package io.switchboard.identity;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may sign in: creates users with an email and password, gives existing (command-line) users sign-in
 * credentials, and checks credentials. The rules for emails and passwords live here so that the web app's forms and
 * the command line accept exactly the same input.
 */
public final class IdentityService {
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1_000;
    public static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final IdentityStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    // Verified against when the email is unknown, so an unknown email costs as much time as a wrong password.
    private volatile String decoy;

    public IdentityService(IdentityStore store, PasswordHasher hasher, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The email as stored: trimmed and lower-cased; refused when it does not look like an address. */
    public static String normaliseEmail(String email) throws InvalidInputException {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (normalised.isEmpty()) {
            throw new InvalidInputException("email", "Enter an email address.");
        }
        if (normalised.length() > MAX_EMAIL || !EMAIL.matcher(normalised).matches()) {
            throw new InvalidInputException("email", "Enter an email address such as name@example.com.");
        }
        return normalised;
    }

    public static void checkPassword(String password) throws InvalidInputException {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "Enter a password.");
        }
        if (password.length() < MIN_PASSWORD) {
            throw new InvalidInputException(
                    "password", "Use at least " + MIN_PASSWORD + " characters for the password.");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidInputException(
                    "password", "Use at most " + MAX_PASSWORD + " characters for the password.");
        }
    }

    /** Creates a user who can sign in; the email doubles as the user's name. */
    public UserAccount create(String email, String password, boolean admin) throws InvalidInputException {
        String normalised = normaliseEmail(email);
        checkPassword(password);
        if (store.findByEmail(normalised).isPresent()
                || store.findByName(normalised).isPresent()) {
            throw new InvalidInputException("email", "A user with this email already exists.");
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        UserAccount account = new UserAccount(
                "user_" + HexFormat.of().formatHex(id),
                normalised,
                normalised,
                hasher.hash(password),
                admin,
                clock.instant());
        store.insert(account);
        return account;
    }

    /** Gives an existing user (e.g. one made by {@code keys create --name}) an email and password, or new ones. */
    public UserAccount setCredentials(String userId, String email, String password, boolean admin)
            throws InvalidInputException {
        requireNonNull(userId, "userId is null");
        String normalised = normaliseEmail(email);
        checkPassword(password);
        Optional<UserAccount> owner = store.findByEmail(normalised);
        if (owner.isPresent() && !owner.get().userId().equals(userId)) {
            throw new InvalidInputException("email", "Another user already has this email.");
        }
        if (!store.updateCredentials(userId, normalised, hasher.hash(password), admin)) {
            throw new IllegalArgumentException("no user with id " + userId);
        }
        return store.find(userId).orElseThrow();
    }

    /**
     * The user with these credentials, or empty. Unknown emails and wrong passwords take the same time and give the
     * same answer, so the response reveals neither.
     */
    public Optional<UserAccount> authenticate(String email, String password) {
        String normalised;
        try {
            normalised = normaliseEmail(email);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        Optional<UserAccount> account = store.findByEmail(normalised).filter(UserAccount::canSignIn);
        if (account.isEmpty() || password == null || password.length() > MAX_PASSWORD) {
            hasher.verify(password == null ? "" : password, decoy());
            return Optional.empty();
        }
        if (!hasher.verify(password, account.get().passwordHash())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(account.get().passwordHash())) {
            store.updateCredentials(
                    account.get().userId(),
                    normalised,
                    hasher.hash(password),
                    account.get().admin());
        }
        return account;
    }

    public Optional<UserAccount> find(String userId) {
        return store.find(userId);
    }

    public Optional<UserAccount> findByEmail(String email) {
        try {
            return store.findByEmail(normaliseEmail(email));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    public List<UserAccount> all() {
        return store.all();
    }

    private String decoy() {
        String current = decoy;
        if (current == null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            current = hasher.hash(HexFormat.of().formatHex(bytes));
            decoy = current;
        }
        return current;
    }
}
