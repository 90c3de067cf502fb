package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.json.Json;
import io.switchboard.keys.ApiKeys;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Keys API, BYOK CRUD, credits and rate limits over HTTP, including every kind of bad input. */
class ManagementApiTest {
    private static final String HELLO =
            "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static TestGateway gateway;
    private static String management;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        gateway.createKey("owner", new BigDecimal("20"), null);
        management = gateway.createManagementKey("owner");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, String key) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return gateway.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String fragment) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asString()).contains(fragment);
    }

    @Test
    void keysLifecycleInOpenRoutersShapes() throws Exception {
        HttpResponse<String> created = call(
                "POST",
                "/keys",
                "{\"name\":\"ci\",\"limit\":2.5,\"limit_reset\":\"weekly\",\"include_byok_in_limit\":true,"
                        + "\"expires_at\":\"2099-01-01T00:00:00Z\"}",
                management);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String plaintext = json(created).path("key").asString();
        JsonNode data = json(created).path("data");
        String hash = data.path("hash").asString();
        assertThat(hash).isEqualTo(ApiKeys.hash(plaintext));
        assertThat(data.path("limit").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(data.path("limit_remaining").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(data.path("limit_reset").asString()).isEqualTo("weekly");
        assertThat(data.path("include_byok_in_limit").asBoolean()).isTrue();
        assertThat(data.path("expires_at").asString()).isEqualTo("2099-01-01T00:00Z");
        for (String field : List.of(
                "usage",
                "usage_daily",
                "usage_weekly",
                "usage_monthly",
                "byok_usage",
                "byok_usage_daily",
                "byok_usage_weekly",
                "byok_usage_monthly",
                "created_at",
                "label",
                "disabled")) {
            assertThat(data.has(field)).as(field).isTrue();
        }

        // The new key works for inference; the plaintext never appears again.
        assertThat(gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + plaintext)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> fetched = call("GET", "/keys/" + hash, null, management);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).doesNotContain(plaintext);
        assertThat(json(fetched).path("data").path("usage").decimalValue()).isPositive();
        assertThat(call("GET", "/keys", null, management).body()).contains(hash).doesNotContain(plaintext);

        JsonNode own = json(gateway.get("/key", "Authorization", "Bearer " + plaintext))
                .path("data");
        assertThat(own.path("limit_reset").asString()).isEqualTo("weekly");
        assertThat(own.path("is_management_key").asBoolean()).isFalse();
        assertThat(own.path("usage_weekly").decimalValue()).isPositive();

        HttpResponse<String> patched =
                call("PATCH", "/keys/" + hash, "{\"disabled\":true,\"name\":\"renamed\",\"limit\":null}", management);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).path("data").path("name").asString()).isEqualTo("renamed");
        assertThat(json(patched).path("data").path("limit").isNull()).isTrue();
        assertError(gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + plaintext), 401, "disabled");
        assertThat(call("GET", "/keys", null, management).body()).doesNotContain(hash);
        assertThat(call("GET", "/keys?include_disabled=true", null, management).body())
                .contains(hash);

        HttpResponse<String> deleted = call("DELETE", "/keys/" + hash, null, management);
        assertThat(json(deleted).path("deleted").asBoolean()).isTrue();
        assertError(call("GET", "/keys/" + hash, null, management), 404, "No API key with hash");
    }

    @Test
    void keysApiRejectsBadInputWithClearMessages() throws Exception {
        assertError(call("POST", "/keys", "{\"limit\":5}", management), 400, "'name' is required");
        assertError(call("POST", "/keys", "{\"name\":42}", management), 400, "'name' must be a string, not a number");
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"limit\":\"ten\"}", management),
                400,
                "'limit' must be a number (USD) or null, not a string");
        assertError(call("POST", "/keys", "{\"name\":\"x\",\"limit\":-1}", management), 400, "must not be negative");
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"limit_reset\":\"hourly\"}", management),
                400,
                "'limit_reset' must be \"daily\", \"weekly\", \"monthly\" or null");
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"include_byok_in_limit\":\"yes\"}", management),
                400,
                "'include_byok_in_limit' must be true or false");
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}", management),
                400,
                "'expires_at' must be an ISO-8601 date-time");
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", management),
                400,
                "must be in the future");
        assertError(call("POST", "/keys", "{\"name\":\"x\",\"limt\":1}", management), 400, "Unknown field 'limt'");
        assertError(call("POST", "/keys", "[1,2]", management), 400, "must be a JSON object");
        assertError(call("POST", "/keys", "{\"name\":", management), 400, "not valid JSON");
        assertError(
                call("PATCH", "/keys/" + "0".repeat(64), "{\"disabled\":true}", management),
                404,
                "No API key with hash");
        assertError(call("GET", "/keys/not-a-hash", null, management), 400, "is not a key hash");
        assertError(call("DELETE", "/keys/" + "f".repeat(64), null, management), 404, "No API key with hash");

        // Keys of another user are invisible.
        String otherHash = ApiKeys.hash(gateway.apiKey());
        assertError(call("GET", "/keys/" + otherHash, null, management), 404, "No API key with hash");
        // Kinds: API keys cannot manage, management keys cannot infer.
        assertError(call("GET", "/keys", null, gateway.apiKey()), 403, "needs a management key");
        assertError(
                gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + management),
                403,
                "Management keys cannot be used for inference");
        assertThat(json(gateway.get("/key", "Authorization", "Bearer " + management))
                        .path("data")
                        .path("is_management_key")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void byokCrudNeverReturnsOrStoresOrLogsTheSecret() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger switchboard = (Logger) LoggerFactory.getLogger("io.switchboard");
        ch.qos.logback.classic.Level level = switchboard.getLevel();
        switchboard.setLevel(ch.qos.logback.classic.Level.DEBUG); // everything the gateway could say
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        String secret = "sk-very-secret-provider-key-0123456789abcdef";
        String rotated = "sk-rotated-provider-key-fedcba9876543210";
        try {
            HttpResponse<String> created = call(
                    "POST",
                    "/byok",
                    "{\"provider\":\"groq\",\"key\":\"" + secret + "\",\"name\":\"mine\"}",
                    management);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode data = json(created).path("data");
            String id = data.path("id").asString();
            assertThat(created.body()).doesNotContain(secret).doesNotContain("0123456789abcdef");
            assertThat(data.path("label").asString()).isEqualTo("sk-...cdef");
            assertThat(data.path("provider").asString()).isEqualTo("groq");

            assertError(
                    call("POST", "/byok", "{\"provider\":\"groq\",\"key\":\"another-key-123\"}", management),
                    409,
                    "already exists");
            assertError(
                    call("POST", "/byok", "{\"provider\":\"nope\",\"key\":\"k-1234567890\"}", management),
                    400,
                    "Unknown provider 'nope'");
            assertError(call("POST", "/byok", "{\"provider\":\"groq\"}", management), 400, "'key' is required");
            assertError(
                    call("POST", "/byok", "{\"provider\":\"openai\",\"key\":123}", management),
                    400,
                    "'key' must be a string");
            assertError(
                    call("POST", "/byok", "{\"provider\":\"openai\",\"key\":\"k\",\"always_use\":\"yes\"}", management),
                    400,
                    "'always_use' must be true or false");
            assertError(
                    call("PATCH", "/byok/" + id, "{\"provider\":\"openai\"}", management),
                    400,
                    "'provider' cannot be changed");
            assertError(call("GET", "/byok/byok_missing", null, management), 404, "No BYOK key with id");
            assertError(call("GET", "/byok", null, gateway.apiKey()), 403, "needs a management key");

            HttpResponse<String> patched =
                    call("PATCH", "/byok/" + id, "{\"key\":\"" + rotated + "\",\"always_use\":true}", management);
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            assertThat(json(patched).path("data").path("always_use").asBoolean())
                    .isTrue();
            assertThat(json(patched).path("data").path("label").asString()).isEqualTo("sk-...3210");
            assertThat(call("GET", "/byok", null, management).body())
                    .contains(id)
                    .doesNotContain(secret)
                    .doesNotContain(rotated);

            // Only ciphertext in the database: no plaintext in the SQLite file or its WAL.
            gateway.server().flushUsage();
            String dbFile = gateway.server().database().settings().jdbcUrl().replace("jdbc:sqlite:", "");
            gateway.server().database().jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(FULL)"));
            try (Stream<Path> files = Files.list(Path.of(dbFile).getParent())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertThat(content)
                            .as(file.toString())
                            .doesNotContain(secret)
                            .doesNotContain(rotated);
                }
            }
            String stored = gateway.server()
                    .database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT ciphertext FROM byok_keys WHERE id = :id")
                            .bind("id", id)
                            .mapTo(String.class)
                            .one());
            assertThat(stored).startsWith("v1.");

            HttpResponse<String> deleted = call("DELETE", "/byok/" + id, null, management);
            assertThat(json(deleted).path("deleted").asBoolean()).isTrue();
            assertError(call("DELETE", "/byok/" + id, null, management), 404, "No BYOK key with id");
        } finally {
            root.detachAppender(logs);
            switchboard.setLevel(level);
        }
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains("stored BYOK key")
                        .contains("sk-...cdef"));
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(secret).doesNotContain(rotated);
        }
    }

    @Test
    void perKeyRateLimitAnswers429WithRetryAfterAndRateLimitHeaders() throws Exception {
        HttpResponse<String> created = call(
                "POST", "/keys", "{\"name\":\"slow\",\"rate_limit\":{\"requests\":2,\"interval\":\"1m\"}}", management);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created).path("key").asString();
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + key)
                            .statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> limited = gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + key);
        assertError(limited, 429, "2 requests per minute");
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L));
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).contains("2");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(Long.parseLong(
                        limited.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isGreaterThan(System.currentTimeMillis());
        assertError(
                call("POST", "/keys", "{\"name\":\"x\",\"rate_limit\":{\"requests\":0}}", management),
                400,
                "'rate_limit.requests' must be from 1");
    }

    @Test
    void creditsAreGrantedByAdminKeysOnlyAndShownInOpenRoutersShape() throws Exception {
        String admin = gateway.server()
                .keys()
                .create(
                        gateway.server().keys().user("operator"),
                        io.switchboard.keys.KeySettings.named("ops"),
                        io.switchboard.keys.KeyKind.ADMIN)
                .plaintext();
        assertError(call("POST", "/credits", "{\"user\":\"owner\",\"amount\":5}", management), 403, "admin key");
        assertError(
                call("POST", "/credits", "{\"user\":\"owner\",\"amount\":\"5\"}", admin),
                400,
                "'amount' must be a number");
        assertError(call("POST", "/credits", "{\"user\":\"nobody\",\"amount\":5}", admin), 404, "No user");
        HttpResponse<String> granted = call("POST", "/credits", "{\"user\":\"owner\",\"amount\":5.25}", admin);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonNode credits = json(gateway.get("/credits", "Authorization", "Bearer " + management))
                .path("data");
        assertThat(credits.path("total_credits").decimalValue()).isEqualByComparingTo("25.25");
        assertThat(credits.has("total_usage")).isTrue();
    }
}
