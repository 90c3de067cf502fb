package io.switchboard.bench;

import io.switchboard.bench.LoadClient.Exchange;
import io.switchboard.bench.LoadClient.Session;
import io.switchboard.bench.LoadClient.Target;
import io.switchboard.bench.LoadGenerator.ClosedLoop;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * End-to-end gateway overhead benchmark: upstream simulator and Switchboard gateway as separate
 * child JVMs on loopback, load generated from this JVM, direct-to-simulator vs through-gateway.
 *
 * <p>Run via {@code bench/run}; see {@code bench/README.md} and {@link BenchConfig#USAGE}.
 */
public final class GatewayOverheadBenchmark {

    static final Pattern API_KEY = Pattern.compile("sk-sb-v1-[0-9a-f]{64}");

    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    /** Children are registered here so the shutdown hook can stop them on Ctrl-C. */
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();

    private final BenchConfig cfg;

    private GatewayOverheadBenchmark(BenchConfig cfg) {
        this.cfg = cfg;
    }

    /** Thrown for a setup problem that makes the run impossible; the message is shown to the user. */
    static final class BenchmarkFailure extends RuntimeException {
        BenchmarkFailure(String message) {
            super(message);
        }
    }

    /**
     * utime+stime deltas (clock ticks) of the gateway and the simulator over a measured phase, and
     * the CPU the hypervisor stole from the whole machine meanwhile.
     */
    record CpuUsage(long gatewayTicks, long simulatorTicks, CpuSteal steal) {}

    /**
     * CPU ticks of the JIT compiler threads of the gateway, the simulator and the load generator
     * (this JVM) over the measured concurrency-1 phase (-1 where {@code /proc} could not be read), and
     * the phase's wall time.
     */
    record JitCpu(long gatewayTicks, long simulatorTicks, long loadGeneratorTicks, long wallNanos) {}

    /** Everything the report needs. */
    record Results(
            Instant date,
            MachineInfo machine,
            BenchConfig cfg,
            String gitRev,
            String clientDescription,
            long gatewayPid,
            PhaseResult c1Direct,
            PhaseResult c1Gateway,
            CpuSteal c1Steal,
            Warmup.Result warmup,
            JitCpu c1Jit,
            PhaseResult loadDirect,
            PhaseResult loadGateway,
            CpuUsage cpuDirect,
            CpuUsage cpuGateway,
            long clockTicksPerSecond,
            Map<String, ProcStats.Memory> gatewayMemory,
            ProcStats.Memory simulatorMemory) {

        long totalErrors() {
            return c1Direct.errors().total()
                    + c1Gateway.errors().total()
                    + loadDirect.errors().total()
                    + loadGateway.errors().total();
        }
    }

    public static void main(String[] args) {
        BenchConfig cfg;
        try {
            cfg = BenchConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        if (cfg.help()) {
            OUT.print(BenchConfig.USAGE);
            return;
        }
        int code;
        try {
            code = new GatewayOverheadBenchmark(cfg).run();
        } catch (BenchmarkFailure e) {
            System.err.println();
            System.err.println("[bench] FAILED: " + e.getMessage());
            code = 1;
        } catch (Exception e) {
            System.err.println();
            System.err.println("[bench] FAILED with an unexpected error:");
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        Path jar = cfg.jar().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new BenchmarkFailure(jar + " not found - build the gateway first (bench/run does this)");
        }
        if (!Files.isExecutable(cfg.java())) {
            throw new BenchmarkFailure("java executable not found: " + cfg.java());
        }
        Thread hook = new Thread(this::stopChildren, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Path tmp = Files.createTempDirectory("switchboard-bench-");
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        boolean keepTmp = cfg.keepData();
        log("temp dir " + tmp);
        MachineInfo machine = MachineInfo.collect(cfg.java());
        try {
            int[] ports = freePorts(2);
            int simPort = ports[0];
            int gwPort = ports[1];

            log("starting simulator on 127.0.0.1:" + simPort);
            List<String> simCmd = javaCommand(cfg.simulatorJvmOpts(), jar);
            simCmd.addAll(List.of("simulator", "--port", Integer.toString(simPort)));
            simCmd.addAll(cfg.simulatorArgs());
            ChildProcess sim = startChild("simulator", simCmd, tmp.resolve("simulator.log"));
            awaitPort(sim, simPort);

            log("creating API key");
            String key = createKey(jar, dataDir, tmp.resolve("keys-create.log"));

            log("starting gateway on 127.0.0.1:" + gwPort);
            List<String> gwCmd = javaCommand(cfg.gatewayJvmOpts(), jar);
            gwCmd.addAll(List.of(
                    "serve",
                    "--port",
                    Integer.toString(gwPort),
                    "--data-dir",
                    dataDir.toString(),
                    "--upstream-override",
                    "http://127.0.0.1:" + simPort + "/v1"));
            gwCmd.addAll(cfg.gatewayArgs());
            ChildProcess gw = startChild("gateway", gwCmd, tmp.resolve("gateway.log"));
            awaitHealth(gw, gwPort);

            Map<String, ProcStats.Memory> gwMem = new LinkedHashMap<>();
            gwMem.put("after start (idle)", memory(gw));

            Target direct = Target.jsonPost(
                    "direct",
                    URI.create("http://127.0.0.1:" + simPort + "/v1/chat/completions"),
                    "sk-simulator-bench",
                    body(cfg.simulatorModel()));
            Target viaGateway = Target.jsonPost(
                    "gateway",
                    URI.create("http://127.0.0.1:" + gwPort + "/api/v1/chat/completions"),
                    key,
                    body(cfg.gatewayModel()));

            Results results;
            try (LoadClient client = LoadClient.create(cfg.client(), cfg.requestTimeout())) {
                results = measure(client, direct, viaGateway, sim, gw, gwMem, machine);
            }
            if (!gw.isAlive() || !sim.isAlive()) {
                throw new BenchmarkFailure("a child process died during the run\n" + diagnostics(sim, gw));
            }

            String report = Report.markdown(results);
            OUT.println();
            OUT.print(report);
            Path out = cfg.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            log("report written to " + out);
            if (results.totalErrors() > 0) {
                keepTmp = true;
                log("run had " + results.totalErrors() + " failed requests - results are NOT valid; logs kept in "
                        + tmp);
                return 1;
            }
            return 0;
        } catch (Exception e) {
            keepTmp = true;
            log("logs kept in " + tmp);
            throw e;
        } finally {
            stopChildren();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
            if (!keepTmp) {
                deleteRecursively(tmp);
            }
        }
    }

    private Results measure(
            LoadClient client,
            Target direct,
            Target viaGateway,
            ChildProcess sim,
            ChildProcess gw,
            Map<String, ProcStats.Memory> gwMem,
            MachineInfo machine)
            throws IOException, InterruptedException {
        PhaseResult c1Direct;
        PhaseResult c1Gateway;
        CpuSteal c1Steal;
        Warmup.Result warmup;
        JitCpu c1Jit;
        JitActivity jit = JitActivity.system();
        long selfPid = ProcessHandle.current().pid();
        try (Session d = client.open(direct);
                Session g = client.open(viaGateway)) {
            sanityCheck(d, direct, sim, gw);
            sanityCheck(g, viaGateway, sim, gw);

            log("warm-up: " + cfg.warmupRequests() + " requests per path at concurrency 1"
                    + (cfg.jitSettle()
                            ? ", then until the JIT compiler threads of all three JVMs are quiet for "
                                    + cfg.jitQuietWindow().toMillis() + " ms"
                            : "")
                    + " (max " + cfg.warmupMaxTime().toSeconds() + " s)");
            warmup = Warmup.run(
                    List.of("direct", "gateway"),
                    List.of(d, g),
                    cfg,
                    ProcStats.clockTicksPerSecond(),
                    Warmup.jitTicks(jit, gw.pid(), sim.pid(), selfPid),
                    w -> requireNoErrors(w, sim, gw),
                    GatewayOverheadBenchmark::log);
            log(warmupSummary(warmup));
            gwMem.put("after warm-up", memory(gw));

            log("measuring: " + cfg.requests() + " requests per path at concurrency 1, interleaved");
            // generous bound (10 ms per request pair, at least 5 min); a truncated phase is flagged
            Duration maxTime = Duration.ofSeconds(Math.max(300, cfg.requests() / 100L));
            Optional<JitActivity.Sample> gwJit0 = jit.sample(gw.pid());
            Optional<JitActivity.Sample> simJit0 = jit.sample(sim.pid());
            Optional<JitActivity.Sample> selfJit0 = jit.sample(selfPid);
            Optional<SystemCpuTimes> machineCpu0 = SystemCpuTimes.read();
            SampleLog samples = cfg.samples() == null ? null : new SampleLog();
            long c1Start = System.nanoTime();
            List<PhaseResult> c1 = LoadGenerator.interleaved(
                    List.of("direct", "gateway"), List.of(d, g), cfg.requests(), maxTime, samples);
            long c1Wall = System.nanoTime() - c1Start;
            if (samples != null) {
                samples.writeTo(cfg.samples());
                log("per-request samples written to " + cfg.samples().toAbsolutePath());
            }
            c1Steal = CpuSteal.between(machineCpu0, SystemCpuTimes.read());
            c1Jit = new JitCpu(
                    JitActivity.ticksBetween(gwJit0, jit.sample(gw.pid())),
                    JitActivity.ticksBetween(simJit0, jit.sample(sim.pid())),
                    JitActivity.ticksBetween(selfJit0, jit.sample(selfPid)),
                    c1Wall);
            c1Direct = c1.get(0);
            c1Gateway = c1.get(1);
        }

        PhaseResult[] load = new PhaseResult[2];
        CpuUsage[] cpu = new CpuUsage[2];
        Target[] targets = {direct, viaGateway};
        for (int i = 0; i < 2; i++) {
            Target t = targets[i];
            log("concurrency " + cfg.concurrency() + ", " + t.name() + ": "
                    + cfg.warmup().toSeconds() + " s warm-up + "
                    + cfg.duration().toSeconds() + " s measured");
            try (ClosedLoop loop = new ClosedLoop(client, t, cfg.concurrency(), cfg.requestTimeout())) {
                loop.run(cfg.warmup(), false);
                long gw0 = cpuTicks(gw);
                long sim0 = cpuTicks(sim);
                Optional<SystemCpuTimes> machineCpu0 = SystemCpuTimes.read();
                load[i] = loop.run(cfg.duration(), true);
                CpuSteal steal = CpuSteal.between(machineCpu0, SystemCpuTimes.read());
                cpu[i] = new CpuUsage(cpuTicks(gw) - gw0, cpuTicks(sim) - sim0, steal);
            }
        }
        gwMem.put("after concurrency-" + cfg.concurrency() + " phase", memory(gw));
        ProcStats.Memory simMem = memory(sim);

        return new Results(
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                machine,
                cfg,
                System.getenv().getOrDefault("BENCH_GIT_REV", "unknown"),
                client.description(),
                gw.pid(),
                c1Direct,
                c1Gateway,
                c1Steal,
                warmup,
                c1Jit,
                load[0],
                load[1],
                cpu[0],
                cpu[1],
                ProcStats.clockTicksPerSecond(),
                gwMem,
                simMem);
    }

    private String warmupSummary(Warmup.Result w) {
        String s = "warm-up done: "
                + w.requestsPerPath().stream().mapToLong(Long::longValue).min().orElse(0) + " requests per path in "
                + String.format(Locale.ROOT, "%.1f s", w.wallNanos() / 1e9);
        return switch (w.jit()) {
            case SETTLED ->
                s + "; JIT settled after " + String.format(Locale.ROOT, "%.1f s", w.settledAfterNanos() / 1e9);
            case STILL_COMPILING ->
                s + "; JIT still compiling when the cap (" + cfg.warmupMaxTime().toSeconds() + " s) was reached"
                        + w.lastActivity().map(a -> " (" + a.describe() + ")").orElse("");
            case NOT_CHECKED -> s + " (JIT not checked: --no-jit-settle)";
            case UNAVAILABLE -> s + " (JIT activity not readable)";
        };
    }

    /** One request must return 200 with a chat completion, otherwise nothing else is worth measuring. */
    private void sanityCheck(Session s, Target t, ChildProcess sim, ChildProcess gw) throws InterruptedException {
        Exchange ex;
        try {
            ex = s.send();
        } catch (IOException e) {
            throw new BenchmarkFailure(
                    "first " + t.name() + " request to " + t.uri() + " failed: " + e + "\n" + diagnostics(sim, gw));
        }
        String body = new String(ex.body(), StandardCharsets.UTF_8);
        if (ex.status() != 200 || !body.contains("\"choices\"")) {
            throw new BenchmarkFailure("first " + t.name() + " request to " + t.uri() + " returned HTTP " + ex.status()
                    + " with body:\n" + abbreviate(body, 2000) + "\n" + diagnostics(sim, gw));
        }
        log(t.name() + " OK: " + abbreviate(body.replaceAll("\\s+", " "), 160));
    }

    private static void requireNoErrors(List<PhaseResult> results, ChildProcess sim, ChildProcess gw) {
        for (PhaseResult r : results) {
            if (r.errors().total() > 0) {
                throw new BenchmarkFailure("warm-up of " + r.target() + " had "
                        + r.errors().total() + " failures ("
                        + r.errors().summary() + "); first: " + r.errors().firstSample() + "\n"
                        + diagnostics(sim, gw));
            }
        }
    }

    private byte[] body(String model) {
        String json = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Reply with a short greeting.\"}],\"max_tokens\":" + cfg.maxTokens() + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> javaCommand(List<String> jvmOpts, Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(cfg.java().toString());
        cmd.addAll(jvmOpts);
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    private ChildProcess startChild(String name, List<String> cmd, Path logFile) throws IOException {
        ChildProcess p = ChildProcess.start(name, cmd, logFile);
        children.add(p);
        return p;
    }

    private void stopChildren() {
        // reverse start order: gateway before simulator
        List<ChildProcess> list = new ArrayList<>(children);
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).close();
        }
    }

    private String createKey(Path jar, Path dataDir, Path logFile) throws IOException, InterruptedException {
        List<String> cmd = javaCommand(List.of(), jar);
        cmd.addAll(List.of(
                "keys", "create", "--name", "bench", "--credits", cfg.credits(), "--data-dir", dataDir.toString()));
        Path stdout = logFile.resolveSibling("keys-create.stdout");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(stdout.toFile())
                .redirectError(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(cfg.startupTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new BenchmarkFailure("'keys create' did not finish within "
                    + cfg.startupTimeout().toSeconds() + " s");
        }
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        String last = lines.stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .reduce((a, b) -> b)
                .orElse("");
        if (p.exitValue() != 0 || !API_KEY.matcher(last).matches()) {
            throw new BenchmarkFailure("'keys create' exited " + p.exitValue()
                    + " without printing an sk-sb-v1 key on its last line\nstdout:\n"
                    + ChildProcess.tailOf(stdout, 20) + "\nstderr:\n" + ChildProcess.tailOf(logFile, 20));
        }
        return last;
    }

    private void awaitPort(ChildProcess p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + cfg.startupTimeout().toNanos();
        while (System.nanoTime() - deadline < 0) {
            requireAlive(p);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                log(p.name() + " is accepting connections");
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new BenchmarkFailure(p.name() + " did not open port " + port + " within "
                + cfg.startupTimeout().toSeconds() + " s\n" + p.tail(40));
    }

    private void awaitHealth(ChildProcess p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + cfg.startupTimeout().toNanos();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        String last = "no response";
        while (System.nanoTime() - deadline < 0) {
            requireAlive(p);
            try {
                HttpURLConnection c = (HttpURLConnection) health.toURL().openConnection(Proxy.NO_PROXY);
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200) {
                    log(p.name() + " is healthy");
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new BenchmarkFailure(p.name() + " /health did not answer 200 within "
                + cfg.startupTimeout().toSeconds() + " s (last: " + last + ")\n" + p.tail(40));
    }

    private static void requireAlive(ChildProcess p) {
        if (!p.isAlive()) {
            throw new BenchmarkFailure(p.name() + " exited during startup (exit code " + p.exitCode() + "); log "
                    + p.log() + ":\n" + p.tail(40));
        }
    }

    private static String diagnostics(ChildProcess sim, ChildProcess gw) {
        return "--- gateway log (tail) ---\n" + gw.tail(30) + "\n--- simulator log (tail) ---\n" + sim.tail(15);
    }

    private static ProcStats.Memory memory(ChildProcess p) {
        try {
            return ProcStats.memory(p.pid());
        } catch (IOException | RuntimeException e) {
            log("could not read memory of " + p.name() + ": " + e);
            return null;
        }
    }

    private static long cpuTicks(ChildProcess p) {
        try {
            return ProcStats.cpuTicks(p.pid());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Distinct free loopback ports (held open together so they cannot collide). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    static void log(String msg) {
        System.err.println("[bench] " + msg);
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log("could not delete " + root + ": " + e);
        }
    }
}
