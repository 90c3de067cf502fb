package io.switchboard.testing;

import io.switchboard.catalog.Provider;
import io.switchboard.config.ServerConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.config.UpstreamConfig;
import io.switchboard.keys.Crypto;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.KeySettings;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real gateway on port 0 in front of a real simulator on loopback, with a temporary SQLite store. */
public final class TestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestGateway.class);
    private final Simulator simulator;
    private final SwitchboardServer server;
    private final Path dataDir;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestGateway(SimulatorOptions simulatorOptions, UnaryOperator<SwitchboardConfig> customize)
            throws Exception {
        this(simulatorOptions, customize, Map.of());
    }

    private TestGateway(
            SimulatorOptions simulatorOptions,
            UnaryOperator<SwitchboardConfig> customize,
            Map<String, String> extraEnvironment)
            throws Exception {
        dataDir = Files.createTempDirectory("switchboard-test");
        simulator = Simulator.start(simulatorOptions);
        SwitchboardConfig config = SwitchboardConfig.defaults()
                .withDataDir(dataDir.toString())
                .withServer(ServerConfig.defaults().withHost("127.0.0.1").withPort(0))
                .withUpstreamOverride(simulator.baseUrl());
        // A fresh random BYOK master key per gateway, as SWITCHBOARD_MASTER_KEY would provide.
        Map<String, String> environment = new HashMap<>();
        environment.put(Crypto.MASTER_KEY_ENV, Crypto.generateMasterKey());
        environment.putAll(extraEnvironment);
        LOG.info("test gateway: BYOK master key generated for this run");
        server = SwitchboardServer.start(customize.apply(config), environment, Clock.systemUTC());
        apiKey = createKey("test-user", new BigDecimal("100"), null);
    }

    public static TestGateway start() throws Exception {
        return new TestGateway(SimulatorOptions.defaults(), UnaryOperator.identity());
    }

    public static TestGateway start(SimulatorOptions simulator, UnaryOperator<SwitchboardConfig> customize)
            throws Exception {
        return new TestGateway(simulator, customize);
    }

    public static TestGateway start(
            SimulatorOptions simulator, UnaryOperator<SwitchboardConfig> customize, Map<String, String> environment)
            throws Exception {
        return new TestGateway(simulator, customize, environment);
    }

    /** With extra environment variables, e.g. {@code SWITCHBOARD_KEY_REQUESTS_PER_MINUTE}. */
    public static TestGateway start(Map<String, String> environment) throws Exception {
        return new TestGateway(SimulatorOptions.defaults(), UnaryOperator.identity(), environment);
    }

    public static UpstreamConfig upstream(long firstByteMs, long idleMs) {
        UpstreamConfig defaults = UpstreamConfig.defaults();
        return new UpstreamConfig(
                defaults.connectTimeoutMs(),
                firstByteMs,
                idleMs,
                defaults.totalTimeoutMs(),
                defaults.maxConnectionsPerProvider(),
                defaults.maxQueuedPerProvider());
    }

    /** Creates a user with the given credits (null: none) and a key; returns the plaintext key. */
    public String createKey(String user, BigDecimal credits, BigDecimal limit) {
        KeyService.CreatedKey created = server.keys().create(user, user + "-key", limit);
        if (credits != null) {
            server.accounts().grant(created.user().id(), credits, "test grant");
        }
        return created.plaintext();
    }

    /** A management key for the user (created if new); returns the plaintext key. */
    public String createManagementKey(String user) {
        KeyService keys = server.keys();
        return keys.create(keys.user(user), KeySettings.named(user + "-management"), KeyKind.MANAGEMENT)
                .plaintext();
    }

    /** Gives the user a BYOK key for every provider, as {@code serve --demo} does for its demo user. */
    public void giveByokKeysForEveryProvider(String user) {
        String userId = server.keys().user(user).id();
        for (Provider provider : server.catalog().providers()) {
            if (!server.byok().has(userId, provider.slug())) {
                server.byok().create(userId, provider.slug(), "sk-test-byok-" + provider.slug(), null, false, false);
            }
        }
    }

    /** A user with credits and a BYOK key for every provider (models that require BYOK work); returns its API key. */
    public String createByokUser(String user, BigDecimal credits) {
        String key = createKey(user, credits, null);
        giveByokKeysForEveryProvider(user);
        return key;
    }

    public String apiKey() {
        return apiKey;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/api/v1";
    }

    /** Scheme, host and port of the gateway, for browser tests: {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    public Simulator simulator() {
        return simulator;
    }

    public SwitchboardServer server() {
        return server;
    }

    public HttpResponse<String> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postAuthorized(String path, String body, String... headers)
            throws IOException, InterruptedException {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + apiKey;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(path, body, all);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getAuthorized(String path) throws IOException, InterruptedException {
        return get(path, "Authorization", "Bearer " + apiKey);
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() throws IOException {
        server.close();
        simulator.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
