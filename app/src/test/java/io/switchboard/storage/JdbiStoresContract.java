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
import io.switchboard.identity.IdentityStore;
import io.switchboard.identity.Session;
import io.switchboard.identity.UserAccount;
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
        // V1 first, V2 the routing health rollups, V3 accounts; later migrations may follow.
        assertThat(versions).startsWith("1", "2", "3");

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

    private static GenerationRecord appGeneration(
            String id, String referer, String title, long prompt, long completion, Instant at) {
        GenerationRecord base = generation(id, "u1", "k1", new BigDecimal("0.001"), at);
        return new GenerationRecord(
                base.id(),
                base.userId(),
                base.keyHash(),
                base.model(),
                "openai",
                "OpenAI",
                null,
                prompt,
                completion,
                0,
                3,
                base.cost(),
                false,
                false,
                false,
                false,
                "stop",
                "stop",
                10L,
                20,
                200,
                null,
                referer,
                title,
                null,
                at,
                null);
    }

    @Test
    void appRollupCountsEachInsertedRowExactlyOnceAndNormalisesOrigins() {
        Instant day2 = T0.plus(Duration.ofDays(1));
        List<GenerationRecord> batch = List.of(
                appGeneration("a1", "https://Example.app/chat?x=1", "Example", 10, 5, T0),
                appGeneration("a2", "https://example.app", null, 20, 7, T0.plusSeconds(5)),
                appGeneration("a3", "http://localhost:3000/", "Local", 1, 1, T0),
                appGeneration("a4", "https://example.app:443/", "Example 2", 4, 4, day2),
                appGeneration("a5", null, "Title alone does nothing", 9, 9, T0));
        generations.insertBatch(batch);
        generations.insertBatch(batch); // a retried batch
        generations.insertBatch(List.of(batch.get(0), appGeneration("a6", "https://example.app/x", null, 1, 2, T0)));

        List<io.switchboard.accounting.GenerationStore.AppUsage> rollup = generations.appUsage(Instant.EPOCH, null);
        assertThat(rollup)
                .extracting(
                        r -> r.date().toString(),
                        r -> r.appOrigin(),
                        r -> r.appTitle(),
                        r -> r.promptTokens(),
                        r -> r.completionTokens(),
                        r -> r.reasoningTokens(),
                        r -> r.requests())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "2025-03-02", "https://example.app", "Example 2", 4L, 4L, 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple(
                                "2025-03-01", "https://example.app", "Example", 31L, 14L, 9L, 3L),
                        org.assertj.core.groups.Tuple.tuple(
                                "2025-03-01", "http://localhost:3000", "Local", 1L, 1L, 3L, 1L));
        assertThat(generations.appUsage(day2, "openai/gpt-4o-mini")).hasSize(1);
        assertThat(generations.appUsage(day2, "other/model")).isEmpty();
    }

    @Test
    void modelActivityIsPerDayAndProviderOfOneModelOldestFirst() {
        Instant day2 = T0.plus(Duration.ofDays(1));
        generations.insertBatch(List.of(
                served("m1", "meta/llama", "together", "Together", 10, 5, 1, T0),
                served("m2", "meta/llama", "together", "Together", 20, 7, 0, T0.plusSeconds(60)),
                served("m3", "meta/llama", "groq", "Groq", 3, 4, 0, T0),
                served("m4", "meta/llama", "groq", "Groq", 100, 50, 2, day2),
                served("m5", "meta/llama", null, null, 999, 999, 0, T0),
                served("m6", "other/model", "groq", "Groq", 1, 1, 0, T0),
                served("m7", "meta/llama", "groq", "Groq", 1, 1, 0, T0.minus(Duration.ofDays(3)))));

        assertThat(generations.modelActivity("meta/llama", T0.minus(Duration.ofHours(1))))
                .containsExactly(
                        new GenerationStore.ModelActivityRow(
                                java.time.LocalDate.parse("2025-03-01"), "groq", "Groq", 1, 3, 4, 0),
                        new GenerationStore.ModelActivityRow(
                                java.time.LocalDate.parse("2025-03-01"), "together", "Together", 2, 30, 12, 1),
                        new GenerationStore.ModelActivityRow(
                                java.time.LocalDate.parse("2025-03-02"), "groq", "Groq", 1, 100, 50, 2));
        assertThat(generations.modelActivity("meta/llama", day2)).hasSize(1);
        assertThat(generations.modelActivity("nobody/none", Instant.EPOCH)).isEmpty();
    }

    @Test
    void modelUsageRanksModelsByTokensSince() {
        Instant day2 = T0.plus(Duration.ofDays(1));
        generations.insertBatch(List.of(
                served("u1", "a/small", "groq", "Groq", 10, 5, 0, day2),
                served("u2", "a/small", null, null, 0, 0, 0, day2),
                served("u3", "b/large", "groq", "Groq", 400, 100, 7, day2),
                served("u4", "c/old", "groq", "Groq", 5_000, 1, 0, T0)));

        assertThat(generations.modelUsage(day2))
                .containsExactly(
                        new GenerationStore.ModelUsage("b/large", 1, 400, 100, 7),
                        new GenerationStore.ModelUsage("a/small", 2, 10, 5, 0));
        assertThat(generations.modelUsage(Instant.EPOCH).getFirst().model()).isEqualTo("c/old");
        assertThat(generations.modelUsage(day2.plus(Duration.ofDays(1)))).isEmpty();
    }

    private static GenerationRecord served(
            String id,
            String model,
            String providerSlug,
            String providerName,
            long prompt,
            long completion,
            long reasoning,
            Instant at) {
        return new GenerationRecord(
                id,
                "u1",
                "k1",
                model,
                providerSlug,
                providerName,
                null,
                prompt,
                completion,
                0,
                reasoning,
                new BigDecimal("0.001"),
                false,
                false,
                false,
                false,
                "stop",
                "stop",
                10L,
                20,
                200,
                null,
                null,
                null,
                null,
                at,
                null);
    }

    @Test
    void activityAndKeyUsageByDaySplitBillingFromByok() {
        keys.insertUser(user("u1"));
        Instant day2 = T0.plus(Duration.ofDays(1));
        GenerationRecord byok = new GenerationRecord(
                "b1",
                "u1",
                "k1",
                "openai/gpt-4o-mini",
                "openai",
                "OpenAI",
                null,
                100,
                50,
                0,
                0,
                new BigDecimal("0.00005"),
                true,
                false,
                false,
                false,
                "stop",
                "stop",
                5L,
                5,
                200,
                null,
                null,
                null,
                null,
                day2,
                new BigDecimal("0.001"));
        generations.insertBatch(List.of(
                generation("g1", "u1", "k1", new BigDecimal("0.25"), T0),
                generation("g2", "u1", "k2", new BigDecimal("0.5"), T0),
                byok,
                generation("g3", "u2", "k3", new BigDecimal("7"), T0)));

        assertThat(ledger.keyUsageByDay(Instant.EPOCH))
                .containsExactlyInAnyOrder(
                        new LedgerStore.KeyDayUsage("u1", "k1", 20148, new BigDecimal("0.25"), BigDecimal.ZERO),
                        new LedgerStore.KeyDayUsage("u1", "k2", 20148, new BigDecimal("0.5"), BigDecimal.ZERO),
                        new LedgerStore.KeyDayUsage(
                                "u1", "k1", 20149, new BigDecimal("0.00005"), new BigDecimal("0.001")),
                        new LedgerStore.KeyDayUsage("u2", "k3", 20148, new BigDecimal("7"), BigDecimal.ZERO));
        assertThat(ledger.keyUsageByDay(day2)).hasSize(1);
        assertThat(ledger.requestsSince(Instant.EPOCH))
                .containsExactlyInAnyOrder(
                        new LedgerStore.ModelRequests("u1", "openai/gpt-4o-mini", 3),
                        new LedgerStore.ModelRequests("u2", "openai/gpt-4o-mini", 1));
        ledger.grantCredits("u1", new BigDecimal("1.5"), null, T0);
        ledger.grantCredits("u1", new BigDecimal("2"), null, day2);
        assertThat(ledger.creditsOf("u1")).isEqualByComparingTo("3.5");
        assertThat(ledger.creditsOf("nobody")).isZero();

        List<io.switchboard.accounting.GenerationStore.ActivityRow> activity =
                generations.activity("u1", null, Instant.EPOCH);
        assertThat(activity).hasSize(2);
        assertThat(activity.getFirst().date()).hasToString("2025-03-02");
        assertThat(activity.getFirst().byokUsage()).isEqualByComparingTo("0.001");
        assertThat(activity.getFirst().usage()).isEqualByComparingTo("0.00005");
        assertThat(activity.get(1).requests()).isEqualTo(2);
        assertThat(activity.get(1).usage()).isEqualByComparingTo("0.75");
        assertThat(generations.activity("u1", "k2", Instant.EPOCH))
                .singleElement()
                .satisfies(row -> assertThat(row.usage()).isEqualByComparingTo("0.5"));
        assertThat(generations.find("b1").orElseThrow()).isEqualTo(byok);
    }

    @Test
    void keysUpdateAndDeleteWithEveryField() {
        keys.insertUser(user("u1"));
        ApiKey key = new ApiKey(
                "h1",
                "u1",
                "n",
                "sk-...x",
                new BigDecimal("3.5"),
                false,
                T0,
                io.switchboard.keys.KeyKind.MANAGEMENT,
                io.switchboard.keys.LimitReset.MONTHLY,
                true,
                T0.plusSeconds(3600),
                null,
                60);
        keys.insertKey(key);
        assertThat(keys.findKey("h1")).contains(key);
        ApiKey changed = new ApiKey(
                "h1",
                "u1",
                "renamed",
                "sk-...x",
                null,
                true,
                T0,
                io.switchboard.keys.KeyKind.MANAGEMENT,
                null,
                false,
                null,
                T0.plusSeconds(5),
                null);
        assertThat(keys.updateKey(changed)).isTrue();
        assertThat(keys.findKey("h1")).contains(changed);
        assertThat(keys.updateKey(new ApiKey("missing", "u1", "x", "l", null, false, T0)))
                .isFalse();
        assertThat(keys.deleteKey("h1")).isTrue();
        assertThat(keys.deleteKey("h1")).isFalse();
        assertThat(keys.findKey("h1")).isEmpty();
    }

    @Test
    void byokKeysAreOnePerUserAndProvider() {
        keys.insertUser(user("u1"));
        io.switchboard.keys.ByokStore byok = db.byokStore();
        io.switchboard.keys.ByokKey key = new io.switchboard.keys.ByokKey(
                "b1", "u1", "openai", "mine", "sk-...abcd", "v1.k.cipher", false, false, T0, T0);
        byok.insert(key);
        assertThatThrownBy(() -> byok.insert(new io.switchboard.keys.ByokKey(
                        "b2", "u1", "openai", "again", "sk-...efgh", "v1.k.other", false, false, T0, T0)))
                .isInstanceOf(io.switchboard.keys.ByokStore.DuplicateByokKeyException.class);
        assertThat(byok.all()).containsExactly(key);
        io.switchboard.keys.ByokKey updated = new io.switchboard.keys.ByokKey(
                "b1", "u1", "openai", "renamed", "sk-...wxyz", "v1.k.new", true, true, T0, T0.plusSeconds(1));
        assertThat(byok.update(updated)).isTrue();
        assertThat(byok.find("b1")).contains(updated);
        assertThat(byok.delete("b1")).isTrue();
        assertThat(byok.find("b1")).isEmpty();
        assertThat(byok.delete("b1")).isFalse();
    }

    @Test
    void usersGainSignInFieldsAndEmailsAreUnique() {
        IdentityStore identities = db.identityStore();
        keys.insertUser(user("cli")); // a command-line user: no email, no password
        assertThat(identities.find("cli")).hasValueSatisfying(account -> {
            assertThat(account.email()).isNull();
            assertThat(account.passwordHash()).isNull();
            assertThat(account.admin()).isFalse();
            assertThat(account.canSignIn()).isFalse();
        });
        identities.insert(new UserAccount("w1", "ann@example.com", "ann@example.com", "$argon2id$x", true, T0));
        assertThat(identities.findByEmail("ann@example.com")).hasValueSatisfying(account -> {
            assertThat(account.userId()).isEqualTo("w1");
            assertThat(account.admin()).isTrue();
            assertThat(account.passwordHash()).isEqualTo("$argon2id$x");
            assertThat(account.createdAt()).isEqualTo(T0);
        });
        assertThat(identities.findByName("ann@example.com")).isPresent();
        // The user is an ordinary user for keys and credits too.
        assertThat(keys.findUser("w1")).isPresent();
        assertThatThrownBy(() ->
                        identities.insert(new UserAccount("w2", "other", "ann@example.com", "$argon2id$y", false, T0)))
                .isInstanceOf(RuntimeException.class);
        assertThat(identities.updateCredentials("cli", "bob@example.com", "$argon2id$z", false))
                .isTrue();
        assertThat(identities.findByEmail("bob@example.com").orElseThrow().userId())
                .isEqualTo("cli");
        assertThat(identities.updateCredentials("nobody", "c@example.com", "h", false))
                .isFalse();
        assertThat(identities.all()).extracting(UserAccount::userId).containsExactlyInAnyOrder("cli", "w1");
    }

    @Test
    void sessionsAreStoredSlidAndDeleted() {
        IdentityStore identities = db.identityStore();
        keys.insertUser(user("u1"));
        Instant expires = T0.plus(Duration.ofDays(30));
        identities.insertSession(new Session("s1", "u1", "csrf-1", T0, expires, T0));
        identities.insertSession(new Session("s2", "u1", "csrf-2", T0, T0.plusSeconds(1), T0));
        assertThat(identities.findSession("s1")).contains(new Session("s1", "u1", "csrf-1", T0, expires, T0));
        Instant later = T0.plus(Duration.ofDays(2));
        assertThat(identities.touchSession("s1", later, later.plus(Duration.ofDays(30))))
                .isTrue();
        assertThat(identities.findSession("s1").orElseThrow().expiresAt()).isEqualTo(later.plus(Duration.ofDays(30)));
        assertThat(identities.findSession("s1").orElseThrow().lastSeen()).isEqualTo(later);
        assertThat(identities.deleteExpiredSessions(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(identities.findSession("s2")).isEmpty();
        assertThat(identities.deleteSession("s1")).isTrue();
        assertThat(identities.deleteSession("s1")).isFalse();
        assertThat(identities.touchSession("s1", later, later)).isFalse();
    }

    @Test
    void grantsAreListedNewestFirstAndAppUsageIsPerUserAndOrigin() {
        keys.insertUser(user("u1"));
        keys.insertUser(user("u2"));
        ledger.grantCredits("u1", new BigDecimal("10"), "welcome", T0);
        ledger.grantCredits("u1", new BigDecimal("2.5"), null, T0.plusSeconds(60));
        ledger.grantCredits("u2", new BigDecimal("1"), "other", T0);
        assertThat(ledger.grants("u1"))
                .extracting(LedgerStore.CreditGrant::amount, LedgerStore.CreditGrant::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("2.5"), null),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("10"), "welcome"));

        generations.insertBatch(List.of(
                withApp(
                        generation("g1", "u1", "k1", new BigDecimal("0.25"), T0),
                        "https://Example.app/chat",
                        "Example"),
                withApp(generation("g2", "u1", "k1", new BigDecimal("0.5"), T0), "https://example.app/", null),
                withApp(generation("g3", "u1", "k1", new BigDecimal("0.125"), T0), null, null),
                withApp(generation("g4", "u2", "k2", new BigDecimal("9"), T0), "https://example.app/", null),
                withApp(
                        generation("g5", "u1", "k1", new BigDecimal("7"), T0.minusSeconds(3600)),
                        "https://old.app",
                        null)));
        List<GenerationStore.UserAppUsage> apps = generations.userAppUsage("u1", T0.minusSeconds(1));
        assertThat(apps).hasSize(2);
        assertThat(apps.get(0).appOrigin()).isEqualTo("https://example.app");
        assertThat(apps.get(0).appTitle()).isEqualTo("Example");
        assertThat(apps.get(0).requests()).isEqualTo(2);
        assertThat(apps.get(0).usage()).isEqualByComparingTo("0.75");
        assertThat(apps.get(0).promptTokens()).isEqualTo(20);
        assertThat(apps.get(1).appOrigin()).isNull();
        assertThat(apps.get(1).usage()).isEqualByComparingTo("0.125");
    }

    private static GenerationRecord withApp(GenerationRecord r, String referer, String title) {
        return new GenerationRecord(
                r.id(),
                r.userId(),
                r.keyHash(),
                r.model(),
                r.providerSlug(),
                r.providerName(),
                r.upstreamId(),
                r.promptTokens(),
                r.completionTokens(),
                r.cachedTokens(),
                r.reasoningTokens(),
                r.cost(),
                r.byok(),
                r.streamed(),
                r.cancelled(),
                r.simulated(),
                r.finishReason(),
                r.nativeFinishReason(),
                r.latencyMs(),
                r.generationTimeMs(),
                r.status(),
                r.errorMessage(),
                referer,
                title,
                r.routeJson(),
                r.createdAt(),
                r.upstreamCost());
    }
}
