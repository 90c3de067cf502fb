package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat}: CPU time of all CPUs since boot, in USER_HZ
 * ticks. Read at both ends of a measured window to see how much CPU the hypervisor stole during it
 * (see {@link CpuSteal}).
 *
 * @param totalTicks user + nice + system + idle + iowait + irq + softirq + steal
 * @param stealTicks time a vCPU was ready to run but the hypervisor ran something else
 */
record SystemCpuTimes(long totalTicks, long stealTicks) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /**
     * user, nice, system, idle, iowait, irq, softirq, steal. The guest and guest_nice fields that
     * follow are left out of the total because the kernel already counts them in user and nice.
     */
    private static final int FIELDS_THROUGH_STEAL = 8;

    /** Empty if {@code /proc/stat} is missing or unparsable (not Linux): the report then says n/a. */
    static Optional<SystemCpuTimes> read() {
        try (BufferedReader in = Files.newBufferedReader(PROC_STAT, StandardCharsets.US_ASCII)) {
            // the aggregate line comes first; the per-CPU lines ("cpu0 ...") follow it
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("cpu ")) {
                    return parseCpuLine(line);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses {@code "cpu  164871 3872 52963 2000647 1602 0 9504 37778 0 0"}. Empty if the line is not
     * the aggregate line or ends before the steal field (kernels before 2.6.11 did not account
     * steal, so a window's steal cannot be known there).
     */
    static Optional<SystemCpuTimes> parseCpuLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 1 + FIELDS_THROUGH_STEAL) {
            return Optional.empty();
        }
        try {
            long total = 0;
            for (int i = 1; i <= FIELDS_THROUGH_STEAL; i++) {
                total += Long.parseLong(fields[i]);
            }
            return Optional.of(new SystemCpuTimes(total, Long.parseLong(fields[FIELDS_THROUGH_STEAL])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
