package io.switchboard.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.catalog.Pricing;
import io.switchboard.keys.KeyLimits;
import io.switchboard.keys.LimitReset;
import io.switchboard.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AccountServiceTest {
    // $1/M prompt, $2/M completion: easy hand arithmetic.
    private static final PriceSchedule PRICES =
            PriceSchedule.of(Pricing.of(new BigDecimal("0.000001"), new BigDecimal("0.000002")));
    private static final Instant WEDNESDAY = Instant.parse("2026-11-25T23:59:00Z");

    private final MutableClock clock = new MutableClock(WEDNESDAY);
    private final MemoryLedger ledger = new MemoryLedger();

    private static Quote quote(long promptTokens, long maxTokens) {
        return Quote.of(List.of(CostCalculator.bound(PRICES, promptTokens, maxTokens, 0, false)));
    }

    @Test
    void refusesWhatTheBalanceCannotCoverWithTheAffordableTokens() throws Exception {
        AccountService accounts = new AccountService(ledger, clock);
        accounts.grant("u1", new BigDecimal("0.01"), "test");
        // Worst case: 1000 × 0.000001 + 10,000 × 0.000002 = 0.021 > 0.01; affordable: (0.01 − 0.001) / 0.000002 = 4500.
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", KeyLimits.NONE, quote(1000, 10_000)))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessageStartingWith("This request requires more credits, or fewer max_tokens. You requested up to"
                        + " 10000 tokens, but can only afford 4500.");
        AccountService.Reservation reservation = accounts.reserve("u1", "k1", KeyLimits.NONE, quote(1000, 4500));
        assertThat(accounts.reserved("u1")).isEqualByComparingTo("0.01");
        // The whole balance is reserved: even a cheap request must wait for the settle.
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", KeyLimits.NONE, quote(1, 1)))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessageContaining("can only afford 0");
        accounts.settle(reservation, new Charge(new BigDecimal("0.004"), null, false));
        accounts.settle(reservation, new Charge(new BigDecimal("0.004"), null, false)); // idempotent
        assertThat(accounts.reserved("u1")).isZero();
        assertThat(accounts.usage("u1")).isEqualByComparingTo("0.004");
        assertThat(accounts.balance("u1")).isEqualByComparingTo("0.006");
        assertThat(accounts.outstandingReservations()).isZero();
    }

    @Test
    void keyLimitIsCheckedWithItsOwnMessage() throws Exception {
        AccountService accounts = new AccountService(ledger, clock);
        accounts.grant("u1", BigDecimal.TEN, "test");
        KeyLimits limits = new KeyLimits(new BigDecimal("0.005"), LimitReset.DAILY, false);
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", limits, quote(1000, 10_000)))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessageContaining("can only afford 2000 within this key's daily limit of $0.005")
                .satisfies(e ->
                        assertThat(((InsufficientFundsException) e).credits()).isFalse());
    }

    @Test
    void hundredConcurrentRequestsNeverOverspendTheKeyLimit() throws Exception {
        AccountService accounts = new AccountService(ledger, clock);
        accounts.grant("u1", new BigDecimal("1000"), "test");
        // Each request may cost up to 100 × 0.000001 + 1000 × 0.000002 = 0.0021; the limit fits 23 worst cases.
        KeyLimits limits = new KeyLimits(new BigDecimal("0.05"), null, false);
        ConcurrentLinkedQueue<BigDecimal> settled = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        AccountService.Reservation reservation;
                        try {
                            reservation = accounts.reserve("u1", "k1", limits, quote(100, 1000));
                        } catch (InsufficientFundsException refused) {
                            Thread.yield();
                            continue;
                        }
                        // The exact cost is anywhere up to the worst case.
                        BigDecimal cost = reservation
                                .credits()
                                .multiply(BigDecimal.valueOf((n + round) % 10 + 1))
                                .divide(BigDecimal.TEN);
                        Thread.yield();
                        accounts.settle(reservation, new Charge(cost, null, false));
                        settled.add(cost);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        BigDecimal total = settled.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).isLessThanOrEqualTo(new BigDecimal("0.05")).isPositive();
        assertThat(accounts.keyUsage("u1", "k1").usage()).isEqualByComparingTo(total);
        assertThat(accounts.reserved("u1")).isZero();
        assertThat(accounts.outstandingReservations()).isZero();
    }

    @Test
    void limitsResetAtMidnightUtcAndWeeklyOnMonday() throws Exception {
        AccountService accounts = new AccountService(ledger, clock);
        accounts.grant("u1", BigDecimal.TEN, "test");
        KeyLimits daily = new KeyLimits(new BigDecimal("0.003"), LimitReset.DAILY, false);
        KeyLimits weekly = new KeyLimits(new BigDecimal("0.003"), LimitReset.WEEKLY, false);
        accounts.settle(
                accounts.reserve("u1", "k1", daily, quote(100, 1000)),
                new Charge(new BigDecimal("0.002"), null, false));
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", daily, quote(100, 1000)))
                .isInstanceOf(InsufficientFundsException.class);
        assertThat(accounts.keyUsage("u1", "k1").daily()).isEqualByComparingTo("0.002");

        clock.advance(Duration.ofSeconds(59)); // 23:59:59, same day
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", daily, quote(100, 1000)))
                .isInstanceOf(InsufficientFundsException.class);
        clock.advance(Duration.ofSeconds(1)); // Thursday 00:00:00 UTC: the daily window starts over
        AccountService.KeyUsage usage = accounts.keyUsage("u1", "k1");
        assertThat(usage.daily()).isZero();
        assertThat(usage.weekly()).isEqualByComparingTo("0.002");
        assertThat(usage.usage()).isEqualByComparingTo("0.002");
        accounts.release(accounts.reserve("u1", "k1", daily, quote(100, 1000)));
        // The weekly limit still counts Wednesday until Monday 00:00 UTC.
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", weekly, quote(100, 1000)))
                .isInstanceOf(InsufficientFundsException.class);
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        accounts.release(accounts.reserve("u1", "k1", weekly, quote(100, 1000)));
        assertThat(accounts.limitRemaining("u1", "k1", weekly)).isEqualByComparingTo("0.003");
    }

    @Test
    void startUpRebuildsUsageAndWindowsFromTheLedgerWithoutReservations() throws Exception {
        ledger.grantCredits("u1", BigDecimal.ONE, null, WEDNESDAY);
        ledger.rows.add(new MemoryLedger.Row(
                "u1", "k1", new BigDecimal("0.25"), BigDecimal.ZERO, Instant.parse("2026-11-01T10:00:00Z")));
        ledger.rows.add(new MemoryLedger.Row(
                "u1", "k1", new BigDecimal("0.125"), new BigDecimal("2.5"), Instant.parse("2026-11-24T10:00:00Z")));
        ledger.rows.add(new MemoryLedger.Row(
                "u1", "k1", new BigDecimal("0.0625"), BigDecimal.ZERO, Instant.parse("2026-11-25T10:00:00Z")));
        ledger.rows.add(new MemoryLedger.Row(
                "u1", "k1", new BigDecimal("1"), BigDecimal.ZERO, Instant.parse("2026-10-31T23:59:59Z")));
        AccountService accounts = new AccountService(ledger, clock);
        AccountService.KeyUsage usage = accounts.keyUsage("u1", "k1");
        assertThat(usage.usage()).isEqualByComparingTo("1.4375");
        assertThat(usage.monthly()).isEqualByComparingTo("0.4375");
        assertThat(usage.weekly()).isEqualByComparingTo("0.1875");
        assertThat(usage.daily()).isEqualByComparingTo("0.0625");
        assertThat(usage.byok()).isEqualByComparingTo("2.5");
        assertThat(usage.byokDaily()).isZero();
        assertThat(accounts.balance("u1")).isEqualByComparingTo("-0.4375");
        assertThat(accounts.reserved("u1")).isZero();
        // A negative balance blocks everything, free models included.
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", KeyLimits.NONE, Quote.FREE))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessageContaining("negative");
        // BYOK usage counts against a limit only when the key says so.
        KeyLimits withByok = new KeyLimits(new BigDecimal("3"), LimitReset.WEEKLY, true);
        assertThat(accounts.limitRemaining("u1", "k1", withByok)).isEqualByComparingTo("0.3125");
    }

    @Test
    void grantsMadeByAnotherProcessAreReadWhenTheBalanceRunsShort() throws Exception {
        AccountService accounts = new AccountService(ledger, clock);
        accounts.ensureKnown("u1");
        assertThatThrownBy(() -> accounts.reserve("u1", "k1", KeyLimits.NONE, quote(10, 10)))
                .isInstanceOf(InsufficientFundsException.class);
        ledger.grantCredits("u1", BigDecimal.ONE, "cli", clock.instant()); // another process
        clock.advance(Duration.ofSeconds(2));
        accounts.release(accounts.reserve("u1", "k1", KeyLimits.NONE, quote(10, 10)));
        assertThat(accounts.credits("u1")).isEqualByComparingTo("1");
    }
}
