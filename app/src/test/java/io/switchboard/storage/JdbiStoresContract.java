package io.switchboard.storage;

import static io.switchboard.storage.TestData.T0;
import static io.switchboard.storage.TestData.fullGeneration;
import static io.switchboard.storage.TestData.generation;
import static io.switchboard.storage.TestData.key;
import static io.switchboard.storage.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.accounting.GenerationRecord;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.accounting.LedgerStore;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyStore;
import io.switchboard.keys.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour both dialects must share; each subclass provides a fresh, empty database per test. */
abstract class JdbiStoresContract {
    protected Database db;
    protected KeyStore keys;
    protected LedgerStore ledger;
    protected GenerationStore generations;

    /** Settings for a fresh, empty database; called once per test before anything else. */
    protected abstract DatabaseSettings freshSettings() throws Exception;

    /** Called after the database is closed. */
    protected void cleanUp() throws Exception {}

    @BeforeEach
    final void openDatabase() throws Exception {
        db = Database.open(freshSettings());
        keys = db.keyStore();
        ledger = db.ledgerStore();
        generations = db.generationStore();
    }

    @AfterEach
    final void closeDatabase() throws Exception {
        try {
            db.close();
        } finally {
            cleanUp();
        }
    }

    @Test
    void migrationsCreateEmptyTablesAndReopeningIsANoOp() {
        for (String table : List.of("users", "api_keys", "credit_grants", "generations", "endpoint_health_minutes")) {
            long rows = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                            .mapTo(Long.class)
                            .one());
            assertThat(rows).as(table).isZero();
        }
        List<String> versions = db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                        .mapTo(String.class)
                        .list());
        // V1 first, V2 the routing health rollups; later migrations may follow.
        assertThat(versions).startsWith("1", "2");

        keys.insertUser(user("u1"));
        try (Database again = Database.open(db.settings())) {
            assertThat(again.keyStore().findUser("u1")).isPresent();
        }
    }

    @Test
    void usersAndKeysRoundTrip() {
        User u1 = user("u1");
        keys.insertUser(u1);
        keys.insertUser(new User("u2", "second", T0.plusSeconds(1)));
        ApiKey limited = key("hash-a", "u1", new BigDecimal("12.5"));
        ApiKey unlimited = new ApiKey("hash-b", "u1", "ci", "sk-...b", null, true, T0.plusMillis(1));
        keys.insertKey(limited);
        keys.insertKey(unlimited);

        assertThat(keys.findUser("u1")).contains(u1);
        assertThat(keys.findUserByName("second")).map(User::id).contains("u2");
        assertThat(keys.findUser("nobody")).isEmpty();
        assertThat(keys.findUserByName("nobody")).isEmpty();
        assertThat(keys.findKey("hash-a")).contains(limited);
        assertThat(keys.findKey("hash-b")).contains(unlimited);
        assertThat(keys.findKey("hash-b").orElseThrow().spendingLimit()).isEmpty();
        assertThat(keys.findKey("missing")).isEmpty();
        assertThat(keys.allKeys()).containsExactly(limited, unlimited);
    }

    @Test
    void duplicateUserNameAndUnknownKeyOwnerAreRejected() {
        keys.insertUser(user("u1"));
        assertThatThrownBy(() -> keys.insertUser(new User("u9", "name-u1", T0))).isInstanceOf(RuntimeException.class);
        // Proves foreign keys are enforced (SQLite has them off unless asked).
        assertThatThrownBy(() -> keys.insertKey(key("hash-x", "ghost", null))).isInstanceOf(RuntimeException.class);
        assertThat(keys.allKeys()).isEmpty();
    }

    @Test
    void moneyIsStoredExactly() {
        keys.insertUser(user("u1"));
        BigDecimal limit = new BigDecimal("1234567.123456789012");
        keys.insertKey(key("hash-a", "u1", limit));
        assertThat(keys.findKey("hash-a").orElseThrow().limit()).isEqualTo(limit);

        BigDecimal fraction = new BigDecimal("0.000000125");
        int rows = 4_000;
        List<GenerationRecord> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            batch.add(generation("g" + i, "u1", "hash-a", fraction, T0.plusSeconds(i * 60L)));
        }
        generations.insertBatch(batch);

        // As a double 0.000000125 * 4000 drifts; the stored sum must be exactly 0.0005.
        assertThat(ledger.usageByUser()).containsExactly(Map.entry("u1", new BigDecimal("0.0005")));
        assertThat(ledger.usageByKey()).containsExactly(Map.entry("hash-a", new BigDecimal("0.0005")));
        assertThat(generations.find("g17").orElseThrow().cost()).isEqualTo(fraction);

        // Trailing zeros are not preserved, the value is.
        keys.insertKey(key("hash-b", "u1", new BigDecimal("100.00")));
        assertThat(keys.findKey("hash-b").orElseThrow().limit()).isEqualTo(new BigDecimal("100"));
    }

    @Test
    void generationRoundTripKeepsEveryField() {
        GenerationRecord full = fullGeneration("gen-full");
        GenerationRecord sparse = generation("gen-sparse", "u1", "hash-1", BigDecimal.ZERO, T0);
        generations.insertBatch(List.of(full, sparse));

        assertThat(generations.find("gen-full")).contains(full);
        assertThat(generations.find("gen-sparse")).contains(sparse);
        assertThat(generations.find("missing")).isEmpty();
        assertThat(generations.count()).isEqualTo(2);
    }

    @Test
    void insertBatchIsIdempotentOnId() {
        List<GenerationRecord> batch = List.of(
                generation("a", "u1", "k1", new BigDecimal("0.01"), T0),
                generation("b", "u1", "k1", new BigDecimal("0.02"), T0),
                generation("a", "u1", "k1", new BigDecimal("0.01"), T0));
        generations.insertBatch(batch);
        generations.insertBatch(batch);
        generations.insertBatch(List.of());

        assertThat(generations.count()).isEqualTo(2);
        assertThat(ledger.usageByUser()).containsExactly(Map.entry("u1", new BigDecimal("0.03")));
    }

    @Test
    void ledgerSumsCreditsAndUsagePerUserAndKeyAcrossDays() {
        keys.insertUser(user("u1"));
        keys.insertUser(user("u2"));
        Instant day = T0.plus(Duration.ofDays(1));
        ledger.grantCredits("u1", new BigDecimal("10"), "signup", T0);
        ledger.grantCredits("u1", new BigDecimal("0.333333333333"), null, day);
        ledger.grantCredits("u1", new BigDecimal("-1.5"), "refund correction", day.plusSeconds(30 * 86_400));
        ledger.grantCredits("u2", new BigDecimal("5000000"), "big", T0);
        ledger.grantCredits("u2", new BigDecimal("5000000"), "bigger", day);

        generations.insertBatch(List.of(
                generation("g1", "u1", "k1", new BigDecimal("0.1"), T0),
                generation("g2", "u1", "k1", new BigDecimal("0.2"), day),
                generation("g3", "u1", "k2", new BigDecimal("0.000001"), day),
                generation("g4", "u2", "k3", new BigDecimal("7"), T0)));

        assertThat(ledger.creditsByUser())
                .containsOnly(
                        Map.entry("u1", new BigDecimal("8.833333333333")),
                        // Above the BIGINT pico-dollar range in total: summed per day, then exactly in Java.
                        Map.entry("u2", new BigDecimal("10000000")));
        assertThat(ledger.usageByUser())
                .containsOnly(Map.entry("u1", new BigDecimal("0.300001")), Map.entry("u2", new BigDecimal("7")));
        assertThat(ledger.usageByKey())
                .containsOnly(
                        Map.entry("k1", new BigDecimal("0.3")),
                        Map.entry("k2", new BigDecimal("0.000001")),
                        Map.entry("k3", new BigDecimal("7")));
    }

    @Test
    void emptyLedger() {
        assertThat(ledger.creditsByUser()).isEmpty();
        assertThat(ledger.usageByUser()).isEmpty();
        assertThat(ledger.usageByKey()).isEmpty();
        assertThat(generations.count()).isZero();
    }
}
