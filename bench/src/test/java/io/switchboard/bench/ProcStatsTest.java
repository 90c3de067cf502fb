package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcStatsTest {

    @Test
    void parsesStatus() {
        String status = """
                Name:\tjava
                VmPeak:\t 5000000 kB
                VmHWM:\t  210000 kB
                VmRSS:\t  180224 kB
                Threads:\t37
                """;
        ProcStats.Memory m = ProcStats.parseStatus(status);
        assertThat(m.vmRssKib()).isEqualTo(180224);
        assertThat(m.vmHwmKib()).isEqualTo(210000);
        assertThat(m.threads()).isEqualTo(37);
    }

    @Test
    void parsesStatWithAwkwardCommandName() {
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0";
        assertThat(ProcStats.parseCpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsOwnProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcStats.Memory m = ProcStats.memory(pid);
        assertThat(m.vmRssKib()).isPositive();
        assertThat(m.vmHwmKib()).isGreaterThanOrEqualTo(m.vmRssKib());
        assertThat(m.threads()).isPositive();
        assertThat(ProcStats.cpuTicks(pid)).isNotNegative();
        assertThat(ProcStats.clockTicksPerSecond()).isPositive();
    }
}
