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
                phase("direct", 64, 500_000, new ErrorTally()),
                phase("gateway", 64, 900_000, new ErrorTally()),
                new CpuUsage(0, 100),
                new CpuUsage(150, 100),
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
                .contains("| 1500.0 us | 1000.0 us |")
                .contains("| after start (idle) | 100.0 MiB | 100.0 MiB | 30 |")
                .contains("| after warm-up | n/a | n/a | n/a |")
                .contains("/proc/4242/status")
                .contains("100.0% of direct")
                .doesNotContain("WARNING")
                .doesNotContain("load average was");
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
