package io.switchboard.accounting;

import static java.util.Objects.requireNonNull;

import io.switchboard.keys.KeyLimits;
import io.switchboard.keys.LimitReset;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The money ledger in memory, so the request path never reads the database: per user the credits granted, the usage
 * settled and the reservations outstanding; per key its usage in total and in the current UTC day, week and month
 * (BYOK usage alongside), and its outstanding reservations.
 *
 * <p>Every request reserves its worst case before it is routed ({@link #reserve}) and settles its exact cost after
 * ({@link #settle}). Check-and-reserve is atomic under one lock per user (a key belongs to one user, so the lock
 * covers the user's credits and all its keys' limits): however many requests run at once, the reservations plus the
 * settled usage never exceed the credits or a key's limit, so as long as each exact cost stays within its worst case
 * nothing can be overspent.
 *
 * <p>Reservations live only in memory. After a crash they are simply gone; at start the ledger is rebuilt from the
 * store (grants, and the generation rows written by the batched writer), which is the source of truth.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    /** A refused request re-reads the user's grants (made by another process, e.g. the CLI) at most this often. */
    private static final Duration CREDIT_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final LedgerStore store;
    private final Clock clock;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong outstanding = new AtomicLong();

    public AccountService(LedgerStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        Instant now = clock.instant();
        store.creditsByUser().forEach((user, credits) -> accounts.put(user, new Account(credits, now)));
        store.usageByUser()
                .forEach((user, usage) ->
                        accounts.computeIfAbsent(user, u -> new Account(BigDecimal.ZERO, now)).usage = usage);
        for (LedgerStore.KeyDayUsage day : store.keyUsageByDay(Instant.EPOCH)) {
            Account account = accounts.computeIfAbsent(day.userId(), u -> new Account(BigDecimal.ZERO, now));
            account.key(day.keyHash(), now).load(day, now);
        }
    }

    /** Loads a user this process has not seen yet (created, or granted credits, by another process). */
    public void ensureKnown(String userId) {
        account(userId);
    }

    private Account account(String userId) {
        Account account = accounts.get(userId);
        if (account != null) {
            return account;
        }
        // One read per new user, outside any map lock; a concurrent loader of the same user loses the race harmlessly.
        Account loaded = new Account(store.creditsOf(userId), clock.instant());
        Account raced = accounts.putIfAbsent(userId, loaded);
        return raced == null ? loaded : raced;
    }

    public void grant(String userId, BigDecimal amountUsd, String reason) {
        requireNonNull(userId, "userId is null");
        if (amountUsd.signum() <= 0) {
            throw new IllegalArgumentException("a grant must be positive: " + amountUsd);
        }
        Account account = account(userId);
        store.grantCredits(userId, amountUsd, reason, clock.instant());
        account.lock.lock();
        try {
            account.credits = account.credits.add(amountUsd);
        } finally {
            account.lock.unlock();
        }
    }

    /** The user's credit grants, newest first, read from the store (so grants by other processes are included). */
    public java.util.List<LedgerStore.CreditGrant> grants(String userId) {
        return store.grants(requireNonNull(userId, "userId is null"));
    }

    public BigDecimal credits(String userId) {
        return read(userId, account -> account.credits);
    }

    /** Settled usage of the user (reservations excluded). */
    public BigDecimal usage(String userId) {
        return read(userId, account -> account.usage);
    }

    /** Credits minus settled usage. */
    public BigDecimal balance(String userId) {
        return read(userId, account -> account.credits.subtract(account.usage));
    }

    /** The worst cases of the user's requests in flight. */
    public BigDecimal reserved(String userId) {
        return read(userId, account -> account.reserved);
    }

    /** Reservations not yet settled or released, over all users. */
    public long outstandingReservations() {
        return outstanding.get();
    }

    /** A key's total settled usage, looked up without its owner (a scan over users: for tools and tests). */
    public BigDecimal keyUsage(String keyHash) {
        for (Account account : accounts.values()) {
            account.lock.lock();
            try {
                KeyAccount key = account.keys.get(keyHash);
                if (key != null) {
                    return key.usage;
                }
            } finally {
                account.lock.unlock();
            }
        }
        return BigDecimal.ZERO;
    }

    /** A key's usage counters, as {@code GET /key} and the keys API show them. */
    public KeyUsage keyUsage(String userId, String keyHash) {
        Account account = account(userId);
        account.lock.lock();
        try {
            KeyAccount key = account.keys.get(keyHash);
            return key == null ? KeyUsage.NONE : key.snapshot(clock.instant());
        } finally {
            account.lock.unlock();
        }
    }

    /** What is left of a key's limit in its current window (never negative), or null when it has no limit. */
    public BigDecimal limitRemaining(String userId, String keyHash, KeyLimits limits) {
        if (limits.limit() == null) {
            return null;
        }
        KeyUsage usage = keyUsage(userId, keyHash);
        return limits.limit().subtract(usage.forLimit(limits)).max(BigDecimal.ZERO);
    }

    /**
     * Atomically checks that the user's credits and the key's limit cover the worst case of a request on top of
     * everything settled and reserved, and reserves it.
     *
     * @throws InsufficientFundsException with OpenRouter's 402 message (the number of tokens that can be afforded)
     */
    public Reservation reserve(String userId, String keyHash, KeyLimits limits, Quote quote)
            throws InsufficientFundsException {
        requireNonNull(limits, "limits is null");
        requireNonNull(quote, "quote is null");
        Account account = account(userId);
        Outcome outcome = tryReserve(account, userId, keyHash, limits, quote);
        // Low or exhausted: re-read the grants once (another process may have added credits), then decide.
        if (outcome.refusal() != null && outcome.refusal().credits() && refreshCredits(userId, account)) {
            outcome = tryReserve(account, userId, keyHash, limits, quote);
        }
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.reservation();
    }

    private record Outcome(Reservation reservation, InsufficientFundsException refusal) {}

    private Outcome tryReserve(Account account, String userId, String keyHash, KeyLimits limits, Quote quote) {
        BigDecimal credits = quote.credits();
        BigDecimal limitUsage = quote.limitUsage(limits.includeByok());
        Instant now = clock.instant();
        account.lock.lock();
        try {
            BigDecimal available = account.credits.subtract(account.usage).subtract(account.reserved);
            if (available.signum() < 0 || available.compareTo(credits) < 0) {
                return new Outcome(
                        null,
                        InsufficientFundsException.credits(quote, available, account.credits.subtract(account.usage)));
            }
            KeyAccount key = account.key(keyHash, now);
            if (limits.limit() != null) {
                BigDecimal keyAvailable =
                        limits.limit().subtract(key.forLimit(limits, now)).subtract(key.reservedLimit);
                if (keyAvailable.compareTo(limitUsage) < 0) {
                    return new Outcome(
                            null,
                            InsufficientFundsException.keyLimit(quote, keyAvailable.max(BigDecimal.ZERO), limits));
                }
            }
            account.reserved = account.reserved.add(credits);
            key.reservedLimit = key.reservedLimit.add(limitUsage);
            outstanding.incrementAndGet();
            return new Outcome(new Reservation(userId, keyHash, credits, limitUsage), null);
        } finally {
            account.lock.unlock();
        }
    }

    private boolean refreshCredits(String userId, Account account) {
        Instant now = clock.instant();
        account.lock.lock();
        try {
            if (Duration.between(account.refreshedAt, now).compareTo(CREDIT_REFRESH_INTERVAL) < 0) {
                return false;
            }
            account.refreshedAt = now;
        } finally {
            account.lock.unlock();
        }
        BigDecimal stored = store.creditsOf(userId);
        account.lock.lock();
        try {
            // Grants made here are written before they are added, so the store never has less than memory.
            boolean changed = stored.compareTo(account.credits) > 0;
            if (changed) {
                account.credits = stored;
            }
            return changed;
        } finally {
            account.lock.unlock();
        }
    }

    /**
     * Replaces a reservation by the exact charge. Idempotent: a second settle or release of the same reservation does
     * nothing.
     */
    public void settle(Reservation reservation, Charge charge) {
        requireNonNull(reservation, "reservation is null");
        requireNonNull(charge, "charge is null");
        if (!reservation.finish()) {
            return;
        }
        outstanding.decrementAndGet();
        Account account = account(reservation.userId());
        Instant now = clock.instant();
        account.lock.lock();
        try {
            account.reserved = account.reserved.subtract(reservation.credits());
            account.usage = account.usage.add(charge.billed());
            KeyAccount key = account.key(reservation.keyHash(), now);
            key.reservedLimit = key.reservedLimit.subtract(reservation.limitUsage());
            key.add(charge.billed(), charge.byokUsage(), now);
        } finally {
            account.lock.unlock();
        }
        if (charge.billed().compareTo(reservation.credits()) > 0) {
            LOG.warn(
                    "generation for user {} cost ${} but reserved only ${}: the provider reported more than the worst"
                            + " case",
                    reservation.userId(),
                    charge.billed().toPlainString(),
                    reservation.credits().toPlainString());
        }
    }

    /** Gives a reservation back unused (the request failed before anything was billed). */
    public void release(Reservation reservation) {
        settle(reservation, Charge.ZERO);
    }

    private <T> T read(String userId, java.util.function.Function<Account, T> getter) {
        Account account = account(userId);
        account.lock.lock();
        try {
            return getter.apply(account);
        } finally {
            account.lock.unlock();
        }
    }

    /** One user's money. Guarded by {@code lock}, which also guards its keys. */
    private static final class Account {
        final ReentrantLock lock = new ReentrantLock();
        final Map<String, KeyAccount> keys = new HashMap<>();
        BigDecimal credits;
        BigDecimal usage = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        Instant refreshedAt;

        Account(BigDecimal credits, Instant loadedAt) {
            this.credits = credits;
            this.refreshedAt = loadedAt;
        }

        KeyAccount key(String keyHash, Instant now) {
            return keys.computeIfAbsent(keyHash, hash -> new KeyAccount(now));
        }
    }

    /** One key's usage: totals and the current day, week and month. Guarded by its user's lock. */
    private static final class KeyAccount {
        BigDecimal usage = BigDecimal.ZERO;
        BigDecimal byok = BigDecimal.ZERO;
        BigDecimal reservedLimit = BigDecimal.ZERO;
        final Window daily;
        final Window weekly;
        final Window monthly;

        KeyAccount(Instant now) {
            daily = new Window(LimitReset.DAILY, now);
            weekly = new Window(LimitReset.WEEKLY, now);
            monthly = new Window(LimitReset.MONTHLY, now);
        }

        void load(LedgerStore.KeyDayUsage day, Instant now) {
            usage = usage.add(day.usage());
            byok = byok.add(day.byokUsage());
            Instant dayStart = Instant.ofEpochMilli(day.epochDay() * 86_400_000L);
            for (Window window : new Window[] {daily, weekly, monthly}) {
                window.roll(now);
                if (!dayStart.isBefore(window.start)) {
                    window.usage = window.usage.add(day.usage());
                    window.byok = window.byok.add(day.byokUsage());
                }
            }
        }

        void add(BigDecimal billed, BigDecimal byokUsage, Instant now) {
            usage = usage.add(billed);
            byok = byok.add(byokUsage);
            for (Window window : new Window[] {daily, weekly, monthly}) {
                window.roll(now);
                window.usage = window.usage.add(billed);
                window.byok = window.byok.add(byokUsage);
            }
        }

        BigDecimal forLimit(KeyLimits limits, Instant now) {
            BigDecimal billed;
            BigDecimal byokPart;
            if (limits.reset() == null) {
                billed = usage;
                byokPart = byok;
            } else {
                Window window = switch (limits.reset()) {
                    case DAILY -> daily;
                    case WEEKLY -> weekly;
                    case MONTHLY -> monthly;
                };
                window.roll(now);
                billed = window.usage;
                byokPart = window.byok;
            }
            return limits.includeByok() ? billed.add(byokPart) : billed;
        }

        KeyUsage snapshot(Instant now) {
            daily.roll(now);
            weekly.roll(now);
            monthly.roll(now);
            return new KeyUsage(
                    usage,
                    daily.usage,
                    weekly.usage,
                    monthly.usage,
                    byok,
                    daily.byok,
                    weekly.byok,
                    monthly.byok,
                    reservedLimit);
        }
    }

    /** Usage since the start of the current window; starts over at the window's boundary. */
    private static final class Window {
        final LimitReset reset;
        Instant start;
        BigDecimal usage = BigDecimal.ZERO;
        BigDecimal byok = BigDecimal.ZERO;

        Window(LimitReset reset, Instant now) {
            this.reset = reset;
            this.start = reset.windowStart(now);
        }

        void roll(Instant now) {
            Instant current = reset.windowStart(now);
            if (current.isAfter(start)) {
                start = current;
                usage = BigDecimal.ZERO;
                byok = BigDecimal.ZERO;
            }
        }
    }

    /** A worst case held for one request until it is settled or released. */
    public static final class Reservation {
        private final String userId;
        private final String keyHash;
        private final BigDecimal credits;
        private final BigDecimal limitUsage;
        private final AtomicBoolean finished = new AtomicBoolean();

        Reservation(String userId, String keyHash, BigDecimal credits, BigDecimal limitUsage) {
            this.userId = userId;
            this.keyHash = keyHash;
            this.credits = credits;
            this.limitUsage = limitUsage;
        }

        public String userId() {
            return userId;
        }

        public String keyHash() {
            return keyHash;
        }

        /** Held against the user's credits. */
        public BigDecimal credits() {
            return credits;
        }

        /** Held against the key's limit. */
        public BigDecimal limitUsage() {
            return limitUsage;
        }

        boolean finish() {
            return finished.compareAndSet(false, true);
        }
    }

    /**
     * A key's usage counters in USD.
     *
     * @param reserved the worst cases of the key's requests in flight
     */
    public record KeyUsage(
            BigDecimal usage,
            BigDecimal daily,
            BigDecimal weekly,
            BigDecimal monthly,
            BigDecimal byok,
            BigDecimal byokDaily,
            BigDecimal byokWeekly,
            BigDecimal byokMonthly,
            BigDecimal reserved) {
        public static final KeyUsage NONE = new KeyUsage(
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO);

        /** The usage a limit with these settings counts. */
        public BigDecimal forLimit(KeyLimits limits) {
            BigDecimal billed;
            BigDecimal byokPart;
            if (limits.reset() == null) {
                billed = usage;
                byokPart = byok;
            } else {
                switch (limits.reset()) {
                    case DAILY -> {
                        billed = daily;
                        byokPart = byokDaily;
                    }
                    case WEEKLY -> {
                        billed = weekly;
                        byokPart = byokWeekly;
                    }
                    default -> {
                        billed = monthly;
                        byokPart = byokMonthly;
                    }
                }
            }
            return limits.includeByok() ? billed.add(byokPart) : billed;
        }
    }
}
