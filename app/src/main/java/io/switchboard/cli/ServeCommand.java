package io.switchboard.cli;

import io.switchboard.catalog.Provider;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.Crypto;
import io.switchboard.keys.KeyService;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final String DEMO_USER = "demo";
    private static final String DEMO_MASTER_KEY_FILE = "demo-master.key";
    static final String DEMO_EMAIL = "demo@switchboard.local";

    @Mixin
    StoreOptions store;

    @Option(names = "--port", description = "HTTP port (default 8080).")
    Integer port;

    @Option(names = "--host", description = "Interface to bind (default 0.0.0.0).")
    String host;

    @Option(
            names = "--demo",
            description = "Start the upstream simulator in-process, point every provider at it, and print a ready key.")
    boolean demo;

    @Option(
            names = "--upstream-override",
            description =
                    "Send every provider's traffic to this base URL (a simulator), e.g. http://127.0.0.1:9000/v1.")
    String upstreamOverride;

    @Override
    public Integer call() throws Exception {
        SwitchboardConfig config = store.load();
        if (port != null) {
            config = config.withServer(config.server().withPort(port));
        }
        if (host != null) {
            config = config.withServer(config.server().withHost(host));
        }
        Simulator simulator = null;
        if (demo) {
            simulator = Simulator.start(SimulatorOptions.defaults());
            config = config.withUpstreamOverride(simulator.baseUrl());
            LOG.warn(
                    "DEMO MODE: every provider is SIMULATED by the built-in simulator at {}; no real model is called",
                    simulator.baseUrl());
        } else if (upstreamOverride != null) {
            config = config.withUpstreamOverride(upstreamOverride);
        }
        if (config.upstreamOverride() != null && !demo) {
            LOG.warn("Every provider is redirected to {} (upstreams are simulated)", config.upstreamOverride());
        }
        Map<String, String> environment = System.getenv();
        if (demo && !environment.containsKey(Crypto.MASTER_KEY_ENV)) {
            environment = new HashMap<>(environment);
            environment.put(Crypto.MASTER_KEY_ENV, demoMasterKey(Path.of(config.dataDir())));
        }
        SwitchboardServer server = SwitchboardServer.start(config, environment, Clock.systemUTC());
        Simulator runningSimulator = simulator;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            if (runningSimulator != null) {
                                runningSimulator.close();
                            }
                        },
                        "shutdown"));
        if (demo) {
            printDemoKey(server);
        }
        server.join();
        return 0;
    }

    /**
     * Without {@code SWITCHBOARD_MASTER_KEY} the demo generates a master key once and keeps it in the data directory, so
     * BYOK keys stored by one demo run still decrypt in the next. Never do this in production: the key sits beside the
     * data it protects.
     */
    private static String demoMasterKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve(DEMO_MASTER_KEY_FILE);
        Files.createDirectories(dataDir);
        if (!Files.exists(file)) {
            Files.writeString(file, Crypto.generateMasterKey() + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            LOG.warn(
                    "DEMO MODE: generated a BYOK master key in {} (set {} in production)", file, Crypto.MASTER_KEY_ENV);
        } else {
            LOG.warn("DEMO MODE: BYOK master key read from {} (set {} in production)", file, Crypto.MASTER_KEY_ENV);
        }
        return Files.readString(file).strip();
    }

    /**
     * The demo user holds a BYOK key for every provider (the simulator accepts any key), so even models that require
     * BYOK, such as openai/gpt-5, answer the sample request.
     */
    private static void giveDemoByokKeys(SwitchboardServer server, String userId) {
        ByokService byok = server.byok();
        if (!byok.enabled()) {
            return;
        }
        for (Provider provider : server.catalog().providers()) {
            String secret = "sk-demo-simulated-" + provider.slug();
            var existing = byok.list(userId).stream()
                    .filter(key -> key.provider().equals(provider.slug()))
                    .findFirst();
            if (existing.isEmpty()) {
                byok.create(userId, provider.slug(), secret, provider.name() + " (demo)", false, false);
            } else if (byok.credential(userId, provider.slug()).isEmpty()) {
                byok.update(existing.get(), secret); // stored under another master key, or disabled: renew it
            }
        }
        LOG.info(
                "DEMO MODE: the demo user holds a BYOK key for each of the {} providers (billed the 5% BYOK fee)",
                server.catalog().providers().size());
    }

    /**
     * The demo user signs in to the web app as an admin with {@link #DEMO_EMAIL}. The password is generated at every
     * start rather than fixed, so a demo left reachable on a network is not open to a documented password.
     */
    private static String demoPassword(SwitchboardServer server, String userId) {
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            server.identities().setCredentials(userId, DEMO_EMAIL, password, true);
        } catch (io.switchboard.identity.InvalidInputException e) {
            throw new IllegalStateException("cannot give the demo user web credentials: " + e.getMessage(), e);
        }
        return password;
    }

    private static void printDemoKey(SwitchboardServer server) {
        KeyService keys = server.keys();
        KeyService.CreatedKey created = keys.create(DEMO_USER, "demo key", null);
        if (server.accounts().credits(created.user().id()).signum() == 0) {
            server.accounts().grant(created.user().id(), BigDecimal.TEN, "demo credits");
        }
        giveDemoByokKeys(server, created.user().id());
        String password = demoPassword(server, created.user().id());
        System.out.println();
        System.out.println("Switchboard demo is ready (upstreams are SIMULATED).");
        System.out.println("  Base URL: " + server.baseUrl() + "/api/v1");
        System.out.println(
                "  Balance:  $" + server.accounts().balance(created.user().id()).toPlainString());
        System.out.println("  Try:      curl " + server.baseUrl()
                + "/api/v1/chat/completions -H \"Authorization: Bearer "
                + created.plaintext() + "\" -H 'Content-Type: application/json' -d '{\"model\":\"openai/gpt-5\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        System.out.println("  Web app:  " + server.baseUrl() + "/signin as " + DEMO_EMAIL + " (admin), password "
                + password + " (new at every demo start)");
        System.out.println("  API key:");
        System.out.println(created.plaintext());
        System.out.flush();
    }
}
