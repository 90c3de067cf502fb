package io.switchboard.cli;

import io.switchboard.simulator.Simulator;
import io.switchboard.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "simulator",
        description = "Run the upstream LLM simulator (OpenAI, Anthropic and Gemini wire formats) for tests and demos.")
final class SimulatorCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port (default 9090).")
    int port = 9090;

    @Option(names = "--host", description = "Interface (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--ttft-ms", description = "Time to first token in ms (default 0).")
    long ttftMs;

    @Option(names = "--tokens-per-second", description = "Streaming speed (default 0 = unlimited).")
    double tokensPerSecond;

    @Override
    public Integer call() throws Exception {
        Simulator simulator =
                Simulator.start(new SimulatorOptions(host, port, Duration.ofMillis(ttftMs), tokensPerSecond));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("simulator listening on " + simulator.baseUrl() + " (responses are simulated)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
