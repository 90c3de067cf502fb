package io.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Command-line options of {@link GatewayOverheadBenchmark}. */
record BenchConfig(
        Path jar,
        Path java,
        int requests,
        int warmupRequests,
        Duration warmupMaxTime,
        boolean jitSettle,
        Duration jitQuietWindow,
        double jitQuietPercent,
        int concurrency,
        Duration duration,
        Duration warmup,
        String client,
        List<String> gatewayJvmOpts,
        List<String> simulatorJvmOpts,
        List<String> gatewayArgs,
        List<String> simulatorArgs,
        String gatewayModel,
        String simulatorModel,
        int maxTokens,
        String credits,
        Duration requestTimeout,
        Duration startupTimeout,
        Path out,
        Path samples,
        boolean keepData,
        boolean help) {

    static final String DEFAULT_GATEWAY_JVM_OPTS =
            "-Xms256m -Xmx512m -XX:+UseCompactObjectHeaders -XX:ThreadPriorityPolicy=1";
    static final String DEFAULT_SIMULATOR_JVM_OPTS = "-Xms256m -Xmx512m -XX:+UseCompactObjectHeaders";

    static final String USAGE = """
            Usage: GatewayOverheadBenchmark [options]

            Starts the upstream simulator and the Switchboard gateway as child JVMs on loopback and
            measures what the gateway adds: latency at concurrency 1 (interleaved with direct calls),
            requests/s at concurrency N, and the gateway's resident memory.

              --jar PATH                switchboard shaded jar      (default app/target/switchboard.jar)
              --java PATH               java for the child JVMs     (default: the running JVM's java)
              --requests N              measured requests per path at concurrency 1   (default 5000)
              --warmup-requests N       warm-up requests per path at concurrency 1    (default 3000)
              --warmup-max-time D       cap on the concurrency-1 warm-up              (default 120s)
              --jit-quiet-window D      after the warm-up requests, continue until the JIT compiler
                                        threads of all three JVMs (gateway, simulator, load
                                        generator) were quiet this long               (default 2s)
              --jit-quiet-percent X     "quiet": at most X%% of one CPU per JVM       (default 2)
              --no-jit-settle           warm up by request count only (no JIT check)
              --concurrency N           closed-loop workers for the throughput phase  (default 64)
              --duration D              measured time per path at concurrency N       (default 10s)
              --warmup D                warm-up time per path at concurrency N        (default 3s)
              --client socket|jdk       load generator HTTP client                   (default socket)
              --gateway-jvm-opts "..."  JVM flags of the gateway   (default "%s")
              --simulator-jvm-opts ".." JVM flags of the simulator (default "%s")
              --gateway-args "..."      extra arguments appended to 'serve'
              --simulator-args "..."    extra arguments appended to 'simulator'
              --gateway-model M         model sent to the gateway   (default openai/gpt-4o-mini)
              --simulator-model M       model sent to the simulator (default gpt-4o-mini)
              --max-tokens N            max_tokens in the request body               (default 16)
              --credits X               credits of the benchmark key                 (default 1000)
              --request-timeout D       per-request timeout                          (default 10s)
              --startup-timeout D       wait for simulator/gateway readiness         (default 60s)
              --out PATH                Markdown report file  (default bench/results/latest.md)
              --samples PATH            also write every measured concurrency-1 request as TSV:
                                        start (epoch us), path, latency (us)
              --keep-data               keep the temp dir (data dir and child logs)
              -h, --help                this text

            Durations: 10s, 500ms, 2m, or a bare number of seconds. JVM option and argument lists are
            split on whitespace (no quoting).
            """.formatted(DEFAULT_GATEWAY_JVM_OPTS, DEFAULT_SIMULATOR_JVM_OPTS);

    static BenchConfig parse(String... args) {
        Path jar = Path.of("app/target/switchboard.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int requests = 5000;
        int warmupRequests = 3000;
        Duration warmupMaxTime = Duration.ofSeconds(120);
        boolean jitSettle = true;
        Duration jitQuietWindow = Duration.ofSeconds(2);
        double jitQuietPercent = 2.0;
        int concurrency = 64;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(3);
        String client = "socket";
        List<String> gatewayJvmOpts = split(DEFAULT_GATEWAY_JVM_OPTS);
        List<String> simulatorJvmOpts = split(DEFAULT_SIMULATOR_JVM_OPTS);
        List<String> gatewayArgs = List.of();
        List<String> simulatorArgs = List.of();
        String gatewayModel = "openai/gpt-4o-mini";
        String simulatorModel = "gpt-4o-mini";
        int maxTokens = 16;
        String credits = "1000";
        Duration requestTimeout = Duration.ofSeconds(10);
        Duration startupTimeout = Duration.ofSeconds(60);
        Path out = Path.of("bench/results/latest.md");
        Path samples = null;
        boolean keepData = false;
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--keep-data" -> keepData = true;
                case "--no-jit-settle" -> jitSettle = false;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + arg);
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--jar" -> jar = Path.of(value);
                        case "--java" -> java = Path.of(value);
                        case "--requests" -> requests = positiveInt(arg, value);
                        case "--warmup-requests" -> warmupRequests = nonNegativeInt(arg, value);
                        case "--warmup-max-time" -> warmupMaxTime = duration(arg, value);
                        case "--jit-quiet-window" -> jitQuietWindow = duration(arg, value);
                        case "--jit-quiet-percent" -> jitQuietPercent = nonNegativeDouble(arg, value);
                        case "--concurrency" -> concurrency = positiveInt(arg, value);
                        case "--duration" -> duration = duration(arg, value);
                        case "--warmup" -> warmup = duration(arg, value);
                        case "--client" -> {
                            if (!value.equals("jdk") && !value.equals("socket")) {
                                throw new IllegalArgumentException("--client must be jdk or socket: " + value);
                            }
                            client = value;
                        }
                        case "--gateway-jvm-opts" -> gatewayJvmOpts = split(value);
                        case "--simulator-jvm-opts" -> simulatorJvmOpts = split(value);
                        case "--gateway-args" -> gatewayArgs = split(value);
                        case "--simulator-args" -> simulatorArgs = split(value);
                        case "--gateway-model" -> gatewayModel = value;
                        case "--simulator-model" -> simulatorModel = value;
                        case "--max-tokens" -> maxTokens = positiveInt(arg, value);
                        case "--credits" -> credits = value;
                        case "--request-timeout" -> requestTimeout = duration(arg, value);
                        case "--startup-timeout" -> startupTimeout = duration(arg, value);
                        case "--out" -> out = Path.of(value);
                        case "--samples" -> samples = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
                    }
                }
            }
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (jitQuietWindow.isZero()) {
            throw new IllegalArgumentException("--jit-quiet-window must be positive");
        }
        if (requestTimeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout must be positive");
        }
        return new BenchConfig(
                jar,
                java,
                requests,
                warmupRequests,
                warmupMaxTime,
                jitSettle,
                jitQuietWindow,
                jitQuietPercent,
                concurrency,
                duration,
                warmup,
                client,
                gatewayJvmOpts,
                simulatorJvmOpts,
                gatewayArgs,
                simulatorArgs,
                gatewayModel,
                simulatorModel,
                maxTokens,
                credits,
                requestTimeout,
                startupTimeout,
                out,
                samples,
                keepData,
                help);
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }

    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": bad duration '" + value + "' (use e.g. 10s, 500ms, 2m)");
        }
    }

    private static int positiveInt(String option, String value) {
        int n = nonNegativeInt(option, value);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }

    private static double nonNegativeDouble(String option, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(option + " must be a non-negative number: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + value);
        }
    }

    private static int nonNegativeInt(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim().replace("_", ""));
            if (n < 0) {
                throw new IllegalArgumentException(option + " must not be negative: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: " + value);
        }
    }
}
