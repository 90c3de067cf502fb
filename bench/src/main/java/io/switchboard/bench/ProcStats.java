package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads memory and CPU figures of a process from Linux {@code /proc}. */
final class ProcStats {

    /** Values from {@code /proc/<pid>/status}; -1 where a field is missing. */
    record Memory(long vmRssKib, long vmHwmKib, int threads) {}

    private static volatile long clockTicksPerSecond;

    private ProcStats() {}

    static Memory memory(long pid) throws IOException {
        return parseStatus(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static Memory parseStatus(String status) {
        long rss = -1;
        long hwm = -1;
        int threads = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        return new Memory(rss, hwm, threads);
    }

    /** Parses {@code "VmRSS:\t  123456 kB"} to 123456. */
    private static long kib(String line) {
        String v = line.substring(line.indexOf(':') + 1).trim();
        int space = v.indexOf(' ');
        if (space > 0) {
            String unit = v.substring(space).trim();
            if (!unit.equalsIgnoreCase("kB")) {
                throw new IllegalArgumentException("unexpected unit in: " + line);
            }
            v = v.substring(0, space);
        }
        return Long.parseLong(v);
    }

    /** utime + stime of all threads, in clock ticks, from {@code /proc/<pid>/stat}. */
    static long cpuTicks(long pid) throws IOException {
        return parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static long parseCpuTicks(String stat) {
        // "pid (comm) state ppid ..." - comm may contain spaces and parentheses, so split after the
        // last ')'. There, token 0 is field 3 (state); utime and stime are fields 14 and 15.
        String rest = stat.substring(stat.lastIndexOf(')') + 1).trim();
        String[] f = rest.split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {@code getconf CLK_TCK}, falling back to the near-universal 100. */
    static long clockTicksPerSecond() {
        long v = clockTicksPerSecond;
        if (v > 0) {
            return v;
        }
        v = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                v = Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // keep default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clockTicksPerSecond = v;
        return v;
    }
}
