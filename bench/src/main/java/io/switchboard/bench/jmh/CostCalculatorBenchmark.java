package io.switchboard.bench.jmh;

import io.switchboard.accounting.CostCalculator;
import io.switchboard.accounting.TokenUsage;
import io.switchboard.catalog.Pricing;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The exact (BigDecimal) cost of one generation, computed once per request on the hot path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CostCalculatorBenchmark {
    private final Pricing pricing = new Pricing(
            new BigDecimal("0.00000125"),
            new BigDecimal("0.00001"),
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            new BigDecimal("0.000000125"),
            BigDecimal.ZERO,
            BigDecimal.ZERO);
    private final TokenUsage usage = new TokenUsage(1834, 412, 1024, 0, 128);

    @Benchmark
    public BigDecimal cost() {
        return CostCalculator.cost(pricing, usage, false);
    }
}
