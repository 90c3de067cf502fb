package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.accounting.AccountService;
import io.switchboard.config.ServerConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.json.Json;
import io.switchboard.keys.KeyService;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.server.SwitchboardStore;
import io.switchboard.testing.TestGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSharingTest {
    private static final String HELLO =
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    /** What {@code keys create} does while a server runs: a second store on the same SQLite file. */
    @Test
    void keyCreatedThroughAnotherStoreWorksAtOnceOnTheRunningServer() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            SwitchboardConfig config = SwitchboardConfig.defaults()
                    .withDataDir(gateway.server()
                            .database()
                            .settings()
                            .jdbcUrl()
                            .replace("jdbc:sqlite:", "")
                            .replace("/switchboard.db", ""));
            String plaintext;
            try (SwitchboardStore store = SwitchboardStore.open(config)) {
                KeyService.CreatedKey created = new KeyService(store.database().keyStore(), Clock.systemUTC())
                        .create("cli-user", "cli key", null);
                new AccountService(store.database().ledgerStore(), Clock.systemUTC())
                        .grant(created.user().id(), new BigDecimal("3"), "cli grant");
                plaintext = created.plaintext();
            }

            HttpResponse<String> response =
                    gateway.post("/chat/completions", HELLO, "Authorization", "Bearer " + plaintext);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            HttpResponse<String> credits = gateway.get("/credits", "Authorization", "Bearer " + plaintext);
            assertThat(Json.MAPPER
                            .readTree(credits.body())
                            .path("data")
                            .path("total_credits")
                            .decimalValue())
                    .isEqualByComparingTo("3");
        }
    }

    /** Without the simulator and without provider keys in the environment, nothing can serve: 503 naming why. */
    @Test
    void missingProviderCredentialsIs503() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-503");
        SwitchboardConfig config = SwitchboardConfig.defaults()
                .withDataDir(dataDir.toString())
                .withServer(ServerConfig.defaults().withHost("127.0.0.1").withPort(0));
        try (SwitchboardServer server = SwitchboardServer.start(config, Map.of(), Clock.systemUTC())) {
            KeyService.CreatedKey created = server.keys().create("u", "k", null);
            server.accounts().grant(created.user().id(), BigDecimal.ONE, "test");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + server.port() + "/api/v1/chat/completions"))
                            .header("Authorization", "Bearer " + created.plaintext())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER
                            .readTree(response.body())
                            .path("error")
                            .path("message")
                            .asString())
                    .contains("OPENAI_API_KEY");
        }
    }
}
