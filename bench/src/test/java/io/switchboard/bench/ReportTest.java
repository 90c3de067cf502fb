package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.GatewayOverheadBenchmark.CpuUsage;
import io.switchboard.bench.GatewayOverheadBenchmark.Results;
import io.switchboard.bench.LoadGenerator.PhaseResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static Results results(ErrorTally gatewayErrors, long gatewayBase, String loadAverage, CpuSteal c1Steal) {
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
                .doesNotContain("hypervisor took");
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
