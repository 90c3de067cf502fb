package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuStealTest {

    private static Optional<SystemCpuTimes> at(long total, long steal) {
        return Optional.of(new SystemCpuTimes(total, steal));
    }

    @Test
    void percentOfAllCpuTimeInTheWindow() {
        // 25 s on 2 vCPUs at 100 ticks/s = 5000 ticks, 1650 of them stolen
        CpuSteal s = CpuSteal.between(at(1_000_000, 37_000), at(1_005_000, 38_650));
        assertThat(s.stealTicks()).isEqualTo(1650);
        assertThat(s.totalTicks()).isEqualTo(5000);
        assertThat(s.percent()).isCloseTo(33.0, within(1e-9));
        assertThat(s.describe()).isEqualTo("33.0% (1650 ticks)");
    }

    @Test
    void noStealIsZeroPercent() {
        CpuSteal s = CpuSteal.between(at(1000, 7), at(1400, 7));
        assertThat(s.percent()).isZero();
        assertThat(s.describe()).isEqualTo("0.0% (0 ticks)");
    }

    @Test
    void missingReadingIsUnknown() {
        assertThat(CpuSteal.between(Optional.empty(), at(1400, 7))).isEqualTo(CpuSteal.UNKNOWN);
        assertThat(CpuSteal.between(at(1000, 7), Optional.empty())).isEqualTo(CpuSteal.UNKNOWN);
        assertThat(CpuSteal.UNKNOWN.isKnown()).isFalse();
        assertThat(CpuSteal.UNKNOWN.percent()).isNaN();
        assertThat(CpuSteal.UNKNOWN.describe()).isEqualTo("n/a");
    }

    @Test
    void implausibleCountersAreUnknown() {
        // steal going backwards, no time passing, more steal than time
        assertThat(CpuSteal.between(at(1000, 50), at(1400, 40)).isKnown()).isFalse();
        assertThat(CpuSteal.between(at(1000, 50), at(1000, 50)).isKnown()).isFalse();
        assertThat(CpuSteal.between(at(1000, 50), at(1100, 200)).isKnown()).isFalse();
    }
}
