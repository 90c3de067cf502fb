package io.switchboard.bench;

import io.switchboard.bench.GatewayOverheadBenchmark.CpuUsage;
import io.switchboard.bench.GatewayOverheadBenchmark.JitCpu;
import io.switchboard.bench.GatewayOverheadBenchmark.Results;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders {@link Results} as Markdown. */
final class Report {

    /** The target for the added p99 latency at concurrency 1. */
    static final long TARGET_ADDED_P99_NANOS = 1_000_000;

    /**
     * Above this share of CPU time stolen during the concurrency-1 phase the report warns. Stolen runs
     * on the 2-vCPU reference VM lost 30% or more and had ten times the usual p99 on both paths; the
     * threshold is deliberately low because the warning only asks for a rerun, it changes no verdict.
     */
    static final double STEAL_WARNING_PERCENT = 2.0;

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private Report() {}

    static String markdown(Results r) {
        BenchConfig cfg = r.cfg();
        MachineInfo m = r.machine();
        StringBuilder sb = new StringBuilder(4096);
        sb.append("## Switchboard gateway overhead\n\n");

        if (r.totalErrors() > 0) {
            sb.append("> **WARNING: ")
                    .append(r.totalErrors())
                    .append(" requests failed - these results are not valid.**\n");
            for (PhaseResult p : new PhaseResult[] {r.c1Direct(), r.c1Gateway(), r.loadDirect(), r.loadGateway()}) {
                if (p.errors().total() > 0) {
                    sb.append("> ")
                            .append(p.target())
                            .append(" at concurrency ")
                            .append(p.concurrency())
                            .append(": ")
                            .append(p.errors().summary())
                            .append("; first: `")
                            .append(p.errors().firstSample().replace('`', '\'').replace('\n', ' '))
                            .append("`\n");
                }
            }
            sb.append('\n');
        }

        double load1 = firstLoad(m.loadAverage());
        if (load1 >= m.nproc() / 2.0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "> Note: the 1-minute load average was %.2f on %d CPUs before the benchmark started;"
                            + " other work was competing for the CPUs and the figures are likely pessimistic.%n%n",
                    load1,
                    m.nproc()));
        }
        appendStealNote(sb, r.c1Steal());
        appendJitNote(sb, r);

        sb.append("| Setting | Value |\n|---|---|\n");
        row(sb, "Date (UTC)", r.date().toString());
        row(sb, "Git revision", r.gitRev());
        row(sb, "CPUs (nproc)", m.nproc() + " - " + m.cpuModel());
        row(sb, "Memory", m.memTotal());
        row(sb, "OS", m.os());
        row(sb, "Load average at start", m.loadAverage());
        row(sb, "JDK (gateway, simulator)", m.childJdk());
        row(sb, "JDK (load generator)", m.harnessJdk());
        row(sb, "Gateway JVM flags", code(String.join(" ", cfg.gatewayJvmOpts())));
        row(sb, "Simulator JVM flags", code(String.join(" ", cfg.simulatorJvmOpts())));
        row(sb, "Load generator", r.clientDescription());
        row(
                sb,
                "Workload",
                "non-streaming chat completion, `max_tokens` " + cfg.maxTokens() + ", loopback; concurrency 1: "
                        + cfg.requests() + " requests per path after the warm-up below"
                        + ", direct and gateway interleaved; concurrency " + cfg.concurrency() + ": "
                        + seconds(cfg.duration()) + " per path after " + seconds(cfg.warmup()) + " warm-up");
        row(sb, "Warm-up at concurrency 1", warmupSummary(r.warmup(), cfg));
        sb.append('\n');

        // --- concurrency 1 ---------------------------------------------------------------------
        sb.append("### Latency at concurrency 1 (microseconds)\n\n");
        sb.append("| Path | n | p50 | p90 | p99 | p99.9 | max | mean | errors |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        latencyRow(sb, "Direct to simulator", r.c1Direct());
        latencyRow(sb, "Through Switchboard", r.c1Gateway());
        LatencyStats d = r.c1Direct().latency();
        LatencyStats g = r.c1Gateway().latency();
        if (!d.isEmpty() && !g.isEmpty()) {
            sb.append("| **Added by gateway** | |");
            for (double p : PERCENTILES) {
                String v = signedMicros(g.percentile(p) - d.percentile(p));
                sb.append(' ').append(p == 50 || p == 99 ? "**" + v + "**" : v).append(" |");
            }
            sb.append(" | ")
                    .append(signedMicros(Math.round(g.mean() - d.mean())))
                    .append(" | |\n\n");
            long addedP99 = g.percentile(99) - d.percentile(99);
            boolean pass = addedP99 < TARGET_ADDED_P99_NANOS && r.totalErrors() == 0;
            sb.append("Target: added p99 at concurrency 1 under 1 ms: **")
                    .append(pass ? "PASS" : "FAIL")
                    .append("** (")
                    .append(signedMicros(addedP99))
                    .append(" us")
                    .append(r.totalErrors() > 0 ? "; run had errors" : "")
                    .append(").\n");
            sb.append("Added = gateway percentile minus direct percentile (the two paths are sampled"
                    + " independently, so this is a difference of percentiles, not a percentile of"
                    + " per-request differences).\n");
        } else {
            sb.append("\nNo successful requests on at least one path: no added-latency figures.\n");
        }
        if (r.c1Direct().truncated() || r.c1Gateway().truncated()) {
            sb.append("\nThe concurrency-1 phase hit its time limit; fewer requests than configured were measured.\n");
        }
        sb.append("\nCPU steal during this phase (time the hypervisor gave to other guests, from `/proc/stat`): ")
                .append(r.c1Steal().describe())
                .append(".\n");
        sb.append("JIT compiler threads (C1 + C2) during this phase: ")
                .append(jitCpu(r.c1Jit(), r.clockTicksPerSecond()))
                .append(".\n\n");

        // --- concurrency N ---------------------------------------------------------------------
        sb.append("### Throughput at concurrency ").append(cfg.concurrency()).append("\n\n");
        sb.append(
                "| Path | requests/s | p50 (us) | p99 (us) | ok | errors | gateway CPU per request | simulator CPU per request | CPU steal |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        throughputRow(sb, "Direct to simulator", r.loadDirect(), r.cpuDirect(), r.clockTicksPerSecond(), false);
        throughputRow(sb, "Through Switchboard", r.loadGateway(), r.cpuGateway(), r.clockTicksPerSecond(), true);
        double direct = r.loadDirect().requestsPerSecond();
        if (direct > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nThrough the gateway: %.1f%% of direct throughput. All three JVMs (load generator,"
                            + " gateway, simulator) share the same %d CPUs, so this is a lower bound on what"
                            + " the gateway sustains on dedicated cores. CPU per request is the process's"
                            + " utime+stime over the measured window divided by successful requests. CPU steal"
                            + " is the share of all CPU time in the window that the hypervisor gave to other"
                            + " guests.%n",
                    100.0 * r.loadGateway().requestsPerSecond() / direct,
                    m.nproc()));
        }
        if (r.loadDirect().truncated() || r.loadGateway().truncated()) {
            sb.append("\nLatency sample buffer was full; percentiles cover the first ")
                    .append(LoadGenerator.MAX_SAMPLES)
                    .append(" samples.\n");
        }
        sb.append('\n');

        // --- memory ----------------------------------------------------------------------------
        sb.append("### Gateway memory (`/proc/").append(r.gatewayPid()).append("/status`)\n\n");
        sb.append("| When | VmRSS | VmHWM (peak RSS) | Threads |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, ProcStats.Memory> e : r.gatewayMemory().entrySet()) {
            ProcStats.Memory mem = e.getValue();
            sb.append("| ").append(e.getKey()).append(" | ");
            if (mem == null) {
                sb.append("n/a | n/a | n/a |\n");
            } else {
                sb.append(mib(mem.vmRssKib()))
                        .append(" | ")
                        .append(mib(mem.vmHwmKib()))
                        .append(" | ")
                        .append(mem.threads())
                        .append(" |\n");
            }
        }
        ProcStats.Memory sim = r.simulatorMemory();
        if (sim != null) {
            sb.append("\nFor comparison, the simulator after the run: VmRSS ")
                    .append(mib(sim.vmRssKib()))
                    .append(", VmHWM ")
                    .append(mib(sim.vmHwmKib()))
                    .append(".\n");
        }
        return sb.toString();
    }

    /**
     * Steal stalls both paths alike, so it mostly lands in the tail: a stolen run can look like a
     * regression, or hide one, at p99 without any change in the gateway.
     */
    private static void appendStealNote(StringBuilder sb, CpuSteal steal) {
        if (steal.percent() > STEAL_WARNING_PERCENT) {
            sb.append(String.format(
                    Locale.ROOT,
                    "> Note: the hypervisor took %.1f%% of the CPU time (%d ticks of steal) during the"
                            + " concurrency-1 latency phase; tail latencies (p99, p99.9) of both paths are"
                            + " inflated and the added-p99 verdict is not reliable. Rerun on a quieter"
                            + " machine.%n%n",
                    steal.percent(),
                    steal.stealTicks()));
        }
    }

    /**
     * Compilation competes with the request threads for the CPUs (on 2 vCPUs the single C2 thread
     * alone can take half a CPU for tens of seconds), so it inflates the tail of the measured phase.
     */
    private static void appendJitNote(StringBuilder sb, Results r) {
        Warmup.Result w = r.warmup();
        if (w.jit() != Warmup.JitState.STILL_COMPILING) {
            return;
        }
        sb.append("> Note: the JIT compilers were still busy when the warm-up cap (")
                .append(seconds(r.cfg().warmupMaxTime()))
                .append(") was reached")
                .append(w.lastActivity()
                        .map(a -> " (" + a.describe() + " of one CPU over the last "
                                + seconds(r.cfg().jitQuietWindow()) + ")")
                        .orElse(""))
                .append("; the concurrency-1 latencies partly measure compilation, not the gateway at steady"
                        + " state. Raise `--warmup-max-time` or rerun on a quieter machine.\n\n");
    }

    /** {@code "25000 requests per path in 41.3 s; JIT settled after 39.5 s (...)"} */
    static String warmupSummary(Warmup.Result w, BenchConfig cfg) {
        StringBuilder sb = new StringBuilder();
        List<Long> n = w.requestsPerPath();
        if (n.stream().distinct().count() <= 1) {
            sb.append(n.isEmpty() ? 0 : n.getFirst()).append(" requests per path");
        } else {
            sb.append(n.get(0)).append(" direct and ").append(n.get(1)).append(" gateway requests");
        }
        if (w.capReached() && n.stream().anyMatch(v -> v < cfg.warmupRequests())) {
            sb.append(" (of ").append(cfg.warmupRequests()).append(" requested)");
        }
        sb.append(" in ").append(secondsOf(w.wallNanos())).append("; ");
        switch (w.jit()) {
            case SETTLED ->
                sb.append("JIT settled after ")
                        .append(secondsOf(w.settledAfterNanos()))
                        .append(" (compiler threads of all three JVMs at most ")
                        .append(percent(cfg.jitQuietPercent()))
                        .append(" of one CPU over ")
                        .append(seconds(cfg.jitQuietWindow()))
                        .append(')');
            case STILL_COMPILING ->
                sb.append("JIT still compiling when the warm-up cap (")
                        .append(seconds(cfg.warmupMaxTime()))
                        .append(") was reached")
                        .append(w.lastActivity()
                                .map(a -> " (" + a.describe() + " of one CPU over the last "
                                        + seconds(cfg.jitQuietWindow()) + ")")
                                .orElse(""));
            case NOT_CHECKED -> sb.append("JIT not checked (`--no-jit-settle`)");
            case UNAVAILABLE -> sb.append("JIT activity n/a (compiler threads not readable from `/proc`)");
        }
        if (w.capReached() && w.jit() == Warmup.JitState.SETTLED) {
            sb.append("; the warm-up cap (")
                    .append(seconds(cfg.warmupMaxTime()))
                    .append(") was reached");
        }
        return sb.toString();
    }

    /**
     * {@code "gateway 120 ms (0.8% of one CPU), simulator 0 ms (0.0% of one CPU), load generator 10 ms
     * (0.1% of one CPU) over 15.2 s"}
     */
    static String jitCpu(JitCpu j, long ticksPerSecond) {
        return "gateway " + jitCpuOf(j.gatewayTicks(), j.wallNanos(), ticksPerSecond)
                + ", simulator " + jitCpuOf(j.simulatorTicks(), j.wallNanos(), ticksPerSecond)
                + ", load generator " + jitCpuOf(j.loadGeneratorTicks(), j.wallNanos(), ticksPerSecond)
                + " over " + secondsOf(j.wallNanos());
    }

    private static String jitCpuOf(long ticks, long wallNanos, long ticksPerSecond) {
        if (ticks < 0 || ticksPerSecond <= 0 || wallNanos <= 0) {
            return "n/a";
        }
        double ms = ticks * 1000.0 / ticksPerSecond;
        return String.format(Locale.ROOT, "%.0f ms (%.1f%% of one CPU)", ms, 100.0 * ms * 1e6 / wallNanos);
    }

    private static String secondsOf(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%s%%", p);
    }

    private static void latencyRow(StringBuilder sb, String label, PhaseResult p) {
        LatencyStats s = p.latency();
        sb.append("| ").append(label).append(" | ").append(s.count()).append(" |");
        if (s.isEmpty()) {
            sb.append(" - | - | - | - | - | - |");
        } else {
            for (double q : PERCENTILES) {
                sb.append(' ').append(micros(s.percentile(q))).append(" |");
            }
            sb.append(' ')
                    .append(micros(s.max()))
                    .append(" | ")
                    .append(micros(Math.round(s.mean())))
                    .append(" |");
        }
        sb.append(' ').append(p.errors().total()).append(" |\n");
    }

    private static void throughputRow(
            StringBuilder sb, String label, PhaseResult p, CpuUsage cpu, long ticksPerSecond, boolean viaGateway) {
        LatencyStats s = p.latency();
        sb.append("| ")
                .append(label)
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,.0f", p.requestsPerSecond()))
                .append(" | ")
                .append(s.isEmpty() ? "-" : micros(s.percentile(50)))
                .append(" | ")
                .append(s.isEmpty() ? "-" : micros(s.percentile(99)))
                .append(" | ")
                .append(p.ok())
                .append(" | ")
                .append(p.errors().total())
                .append(" | ")
                .append(viaGateway ? cpuPerRequest(cpu.gatewayTicks(), p.ok(), ticksPerSecond) : "-")
                .append(" | ")
                .append(cpuPerRequest(cpu.simulatorTicks(), p.ok(), ticksPerSecond))
                .append(" | ")
                .append(cpu.steal().describe())
                .append(" |\n");
    }

    /** First field of "0.52 0.40 0.31", or NaN. */
    static double firstLoad(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    static String cpuPerRequest(long ticks, long requests, long ticksPerSecond) {
        if (ticks < 0 || requests <= 0 || ticksPerSecond <= 0) {
            return "n/a";
        }
        double micros = ticks * 1e6 / ticksPerSecond / requests;
        return String.format(Locale.ROOT, "%.1f us", micros);
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    static String signedMicros(long nanos) {
        return String.format(Locale.ROOT, "%+.1f", nanos / 1000.0);
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String code(String s) {
        return s.isEmpty() ? "(none)" : "`" + s + "`";
    }

    private static void row(StringBuilder sb, String key, String value) {
        sb.append("| ")
                .append(key)
                .append(" | ")
                .append(value.replace("|", "\\|"))
                .append(" |\n");
    }
}
