package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.GatewayOverheadBenchmark.CpuUsage;
import io.switchboard.bench.GatewayOverheadBenchmark.JitCpu;
import io.switchboard.bench.GatewayOverheadBenchmark.Results;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static PhaseResult phase(String name, int concurrency, long baseNanos, ErrorTally errors) {
        long[] samples =
                LongStream.rangeClosed(1, 1000).map(i -> baseNanos + i * 1000).toArray();
        return new PhaseResult(
                name, concurrency, LatencyStats.of(samples), samples.length, errors, 1_000_000_000L, false);
    }

    private static Results results(ErrorTally gatewayErrors, long gatewayBase) {
        return results(gatewayErrors, gatewayBase, "0.00 0.00 0.00");
    }

    private static Results results(ErrorTally gatewayErrors, long gatewayBase, String loadAverage) {
        return results(gatewayErrors, gatewayBase, loadAverage, new CpuSteal(4, 1000));
    }

    private static Results results(CpuSteal c1Steal) {
        return results(new ErrorTally(), 300_000, "0.00 0.00 0.00", c1Steal);
    }

    private static final Warmup.Result SETTLED = new Warmup.Result(
            List.of(25_000L, 25_000L),
            41_300_000_000L,
            Warmup.JitState.SETTLED,
            39_500_000_000L,
            Optional.of(new JitSettle.Activity(0.5, 0, 1.5, 2_000_000_000L)),
            false);

    private static Results results(Warmup.Result warmup, JitCpu c1Jit) {
        return results(new ErrorTally(), 300_000, "0.00 0.00 0.00", new CpuSteal(4, 1000), warmup, c1Jit);
    }

    private static Results results(ErrorTally gatewayErrors, long gatewayBase, String loadAverage, CpuSteal c1Steal) {
        return results(
                gatewayErrors, gatewayBase, loadAverage, c1Steal, SETTLED, new JitCpu(12, 0, 3, 15_200_000_000L));
    }

    private static Results results(
            ErrorTally gatewayErrors,
            long gatewayBase,
            String loadAverage,
            CpuSteal c1Steal,
            Warmup.Result warmup,
            JitCpu c1Jit) {
        MachineInfo m = new MachineInfo(2, "Test CPU", "4000000 kB", "Linux", loadAverage, "h", "c");
        Map<String, ProcStats.Memory> mem = new LinkedHashMap<>();
        mem.put("after start (idle)", new ProcStats.Memory(102_400, 102_400, 30));
        mem.put("after warm-up", null);
        return new Results(
                Instant.parse("2025-01-01T00:00:00Z"),
                m,
                BenchConfig.parse(),
                "abc123",
                "test client",
                4242,
                phase("direct", 1, 100_000, new ErrorTally()),
                phase("gateway", 1, gatewayBase, gatewayErrors),
                c1Steal,
                warmup,
                c1Jit,
                phase("direct", 64, 500_000, new ErrorTally()),
                phase("gateway", 64, 900_000, new ErrorTally()),
                new CpuUsage(0, 100, new CpuSteal(150, 1000)),
                new CpuUsage(150, 100, CpuSteal.UNKNOWN),
                100,
                mem,
                new ProcStats.Memory(51_200, 60_000, 20));
    }

    @Test
    void rendersTablesAndPassVerdict() {
        String md = Report.markdown(results(new ErrorTally(), 300_000));
        // direct p50 = 100 us + 500 us; gateway = 300 us + 500 us -> added +200 us everywhere
        assertThat(md)
                .contains("| Direct to simulator | 1000 | 600.0 | 1000.0 | 1090.0 | 1099.0 | 1100.0 | 600.5 | 0 |")
                .contains("| **Added by gateway** | | **+200.0** | +200.0 | **+200.0** | +200.0 | | +200.0 | |")
                .contains("under 1 ms: **PASS** (+200.0 us)")
                .contains("| Through Switchboard | 1,000 |")
                .contains("| - | 1000.0 us | 15.0% (150 ticks) |")
                .contains("| 1500.0 us | 1000.0 us | n/a |")
                .contains("CPU steal during this phase (time the hypervisor gave to other guests, from `/proc/stat`):"
                        + " 0.4% (4 ticks).")
                .contains("| after start (idle) | 100.0 MiB | 100.0 MiB | 30 |")
                .contains("| after warm-up | n/a | n/a | n/a |")
                .contains("/proc/4242/status")
                .contains("100.0% of direct")
                .doesNotContain("WARNING")
                .doesNotContain("load average was")
                .doesNotContain("hypervisor took")
                .doesNotContain("JIT compilers were still busy");
    }

    @Test
    void reportsASettledWarmupAndTheJitCpuOfTheMeasuredPhase() {
        String md = Report.markdown(results(new ErrorTally(), 300_000));
        assertThat(md)
                .contains("| Warm-up at concurrency 1 | 25000 requests per path in 41.3 s; JIT settled after 39.5 s"
                        + " (compiler threads of all three JVMs at most 2% of one CPU over 2 s) |")
                .contains("requests per path after the warm-up below")
                // 12 ticks = 120 ms over 15.2 s; the load generator's 3 ticks = 30 ms
                .contains("JIT compiler threads (C1 + C2) during this phase: gateway 120 ms (0.8% of one CPU),"
                        + " simulator 0 ms (0.0% of one CPU), load generator 30 ms (0.2% of one CPU) over 15.2 s.")
                .doesNotContain("JIT compilers were still busy");
    }

    @Test
    void notesAWarmupThatEndedWhileTheJitWasStillCompiling() {
        Warmup.Result busy = new Warmup.Result(
                List.of(61_000L, 61_000L),
                120_004_000_000L,
                Warmup.JitState.STILL_COMPILING,
                -1,
                Optional.of(new JitSettle.Activity(37.2, 0, 4.6, 2_000_000_000L)),
                true);
        String md = Report.markdown(results(busy, new JitCpu(700, 4, 150, 20_000_000_000L)));
        assertThat(md)
                .contains("> Note: the JIT compilers were still busy when the warm-up cap (120 s) was reached"
                        + " (gateway 37%, simulator 0%, load generator 5% of one CPU over the last 2 s); the"
                        + " concurrency-1 latencies partly measure compilation, not the gateway at steady state. Raise"
                        + " `--warmup-max-time` or rerun on a quieter machine.")
                .contains("| Warm-up at concurrency 1 | 61000 requests per path in 120.0 s; JIT still compiling when"
                        + " the warm-up cap (120 s) was reached (gateway 37%, simulator 0%, load generator 5% of"
                        + " one CPU over the last 2 s) |")
                .contains("during this phase: gateway 7000 ms (35.0% of one CPU), simulator 40 ms (0.2% of one CPU),"
                        + " load generator 1500 ms (7.5% of one CPU) over 20.0 s.")
                // the verdict is computed as before
                .contains("under 1 ms: **PASS** (+200.0 us)");
        assertThat(md.indexOf("JIT compilers were still busy")).isLessThan(md.indexOf("| Setting | Value |"));
    }

    @Test
    void warmupCutShortByTheCapAndUnknownJit() {
        Warmup.Result shortRun = new Warmup.Result(
                List.of(1_200L, 1_199L), 5_000_000_000L, Warmup.JitState.UNAVAILABLE, -1, Optional.empty(), true);
        String md = Report.markdown(results(shortRun, new JitCpu(-1, -1, -1, 1_000_000_000L)));
        assertThat(md)
                .contains("| Warm-up at concurrency 1 | 1200 direct and 1199 gateway requests (of 3000 requested)"
                        + " in 5.0 s; JIT activity n/a (compiler threads not readable from `/proc`) |")
                .contains("during this phase: gateway n/a, simulator n/a, load generator n/a over 1.0 s.")
                .doesNotContain("JIT compilers were still busy");
        Warmup.Result countOnly = new Warmup.Result(
                List.of(3_000L, 3_000L), 4_000_000_000L, Warmup.JitState.NOT_CHECKED, -1, Optional.empty(), false);
        assertThat(Report.markdown(results(countOnly, new JitCpu(0, 0, 0, 1_000_000_000L))))
                .contains("| Warm-up at concurrency 1 | 3000 requests per path in 4.0 s; JIT not checked"
                        + " (`--no-jit-settle`) |");
    }

    @Test
    void warnsWhenTheHypervisorStealsDuringTheLatencyPhase() {
        String md = Report.markdown(results(new CpuSteal(1650, 5000)));
        assertThat(md)
                .contains("> Note: the hypervisor took 33.0% of the CPU time (1650 ticks of steal) during the"
                        + " concurrency-1 latency phase; tail latencies (p99, p99.9) of both paths are inflated"
                        + " and the added-p99 verdict is not reliable. Rerun on a quieter machine.")
                .contains("CPU steal during this phase (time the hypervisor gave to other guests, from `/proc/stat`):"
                        + " 33.0% (1650 ticks).")
                // the verdict itself is unchanged; the note only qualifies it
                .contains("under 1 ms: **PASS** (+200.0 us)");
        assertThat(md.indexOf("hypervisor took")).isLessThan(md.indexOf("| Setting | Value |"));
    }

    @Test
    void noStealWarningAtOrBelowTheThreshold() {
        assertThat(Report.markdown(results(new CpuSteal(20, 1000)))).doesNotContain("hypervisor took");
        assertThat(Report.markdown(results(new CpuSteal(21, 1000)))).contains("hypervisor took 2.1%");
    }

    @Test
    void unknownStealIsReportedAsNotAvailableWithoutWarning() {
        assertThat(Report.markdown(results(CpuSteal.UNKNOWN)))
                .contains("from `/proc/stat`): n/a.")
                .doesNotContain("hypervisor took");
    }

    @Test
    void notesABusyMachine() {
        assertThat(Report.markdown(results(new ErrorTally(), 300_000, "1.50 0.20 0.10")))
                .contains("the 1-minute load average was 1.50 on 2 CPUs");
        assertThat(Report.firstLoad("garbage")).isNaN();
    }

    @Test
    void flagsErrorsAndMissedTarget() {
        ErrorTally errors = new ErrorTally();
        errors.record("HTTP 502", "{\"error\":\"upstream | down\"}");
        String md = Report.markdown(results(errors, 1_500_000));
        assertThat(md)
                .contains("WARNING: 1 requests failed")
                .contains("gateway at concurrency 1: HTTP 502 x1")
                .contains("**FAIL** (+1400.0 us; run had errors)");
    }
}
