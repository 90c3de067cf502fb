package io.switchboard.cli;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.KeyService;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import java.math.BigDecimal;
import java.time.Clock;
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
        SwitchboardServer server = SwitchboardServer.start(config, System.getenv(), Clock.systemUTC());
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

    private static void printDemoKey(SwitchboardServer server) {
        KeyService keys = server.keys();
        KeyService.CreatedKey created = keys.create(DEMO_USER, "demo key", null);
        if (server.accounts().credits(created.user().id()).signum() == 0) {
            server.accounts().grant(created.user().id(), BigDecimal.TEN, "demo credits");
        }
        System.out.println();
        System.out.println("Switchboard demo is ready (upstreams are SIMULATED).");
        System.out.println("  Base URL: " + server.baseUrl() + "/api/v1");
        System.out.println(
                "  Balance:  $" + server.accounts().balance(created.user().id()).toPlainString());
        System.out.println("  Try:      curl " + server.baseUrl()
                + "/api/v1/chat/completions -H \"Authorization: Bearer "
                + created.plaintext() + "\" -H 'Content-Type: application/json' -d '{\"model\":\"openai/gpt-5\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        System.out.println("  API key:");
        System.out.println(created.plaintext());
        System.out.flush();
    }
}
