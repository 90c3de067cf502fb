package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SystemCpuTimesTest {

    @Test
    void sumsUserThroughStealAndLeavesOutGuestTime() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        SystemCpuTimes t = SystemCpuTimes.parseCpuLine("cpu  164871 3872 52963 2000647 1602 0 9504 37778 500 7")
                .orElseThrow();
        assertThat(t.stealTicks()).isEqualTo(37778);
        assertThat(t.totalTicks()).isEqualTo(164871 + 3872 + 52963 + 2000647 + 1602 + 0 + 9504 + 37778);
    }

    @Test
    void acceptsALineThatEndsAtSteal() {
        // kernels 2.6.11 to 2.6.23 had steal but no guest fields
        SystemCpuTimes t = SystemCpuTimes.parseCpuLine("cpu 10 0 5 80 1 0 1 3").orElseThrow();
        assertThat(t.stealTicks()).isEqualTo(3);
        assertThat(t.totalTicks()).isEqualTo(100);
    }

    @Test
    void lineWithoutStealIsUnknown() {
        // before 2.6.11: user nice system idle iowait irq softirq
        assertThat(SystemCpuTimes.parseCpuLine("cpu 10 0 5 80 1 0 1")).isEmpty();
        assertThat(SystemCpuTimes.parseCpuLine("cpu 10 0 5 80")).isEmpty();
    }

    @Test
    void rejectsOtherLinesAndGarbage() {
        assertThat(SystemCpuTimes.parseCpuLine("cpu0 82345 1640 25518 1000646 480 0 4501 19556 0 0"))
                .isEmpty();
        assertThat(SystemCpuTimes.parseCpuLine("cpu 1 2 3 four 5 6 7 8 0 0")).isEmpty();
        assertThat(SystemCpuTimes.parseCpuLine("")).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisMachine() {
        SystemCpuTimes t = SystemCpuTimes.read().orElseThrow();
        assertThat(t.totalTicks()).isPositive();
        assertThat(t.stealTicks()).isBetween(0L, t.totalTicks());
    }
}
