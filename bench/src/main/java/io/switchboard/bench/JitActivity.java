package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of a HotSpot JVM's JIT compiler threads, from Linux {@code /proc}: {@code utime + stime}
 * (USER_HZ ticks) of every task of the process whose name starts with {@code "C1 CompilerThre"} or
 * {@code "C2 CompilerThre"} (the kernel truncates thread names to 15 characters, so
 * {@code "C2 CompilerThread0"} reads as {@code "C2 CompilerThre"}).
 *
 * <p>On a small machine the C2 backlog of a freshly started JVM takes tens of seconds of wall time to
 * drain; the benchmark reads this before and after its measured phases to see whether compilation
 * overlapped them.
 */
final class JitActivity {

    static final List<String> COMPILER_THREAD_PREFIXES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private final Path procRoot;

    /** @param procRoot normally {@code /proc}; a fake tree in tests */
    JitActivity(Path procRoot) {
        this.procRoot = procRoot;
    }

    static JitActivity system() {
        return new JitActivity(Path.of("/proc"));
    }

    /**
     * Per-thread CPU ticks of the compiler threads at one instant, keyed by thread id. Kept per thread
     * because HotSpot starts and stops extra compiler threads on demand: a thread that exits takes its
     * ticks with it, so a plain sum could shrink between two readings.
     */
    record Sample(Map<Long, Long> ticksByTid) {
        Sample {
            ticksByTid = Map.copyOf(ticksByTid);
        }

        long ticks() {
            return ticksByTid.values().stream().mapToLong(Long::longValue).sum();
        }

        int threads() {
            return ticksByTid.size();
        }

        /**
         * Ticks the compiler threads used between {@code earlier} and this sample: per thread the
         * growth of its counter, a thread that started in between counting in full. Never negative.
         */
        long ticksSince(Sample earlier) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : ticksByTid.entrySet()) {
                long before = earlier.ticksByTid.getOrDefault(e.getKey(), 0L);
                sum += Math.max(0, e.getValue() - before);
            }
            return sum;
        }
    }

    /** Ticks between two samples of one process, or -1 if either could not be read. */
    static long ticksBetween(Optional<Sample> earlier, Optional<Sample> later) {
        if (earlier.isEmpty() || later.isEmpty()) {
            return -1;
        }
        return later.get().ticksSince(earlier.get());
    }

    /**
     * Compiler threads of process {@code pid}, or empty if its task list cannot be read (no
     * {@code /proc}, process gone). A thread that exits while being read is left out.
     */
    Optional<Sample> sample(long pid) {
        Path tasks = procRoot.resolve(Long.toString(pid)).resolve("task");
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                long tid;
                try {
                    tid = Long.parseLong(task.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                readCompilerThreadTicks(task).ifPresent(t -> ticks.put(tid, t));
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.of(new Sample(ticks));
    }

    /** utime + stime of one task if it is a compiler thread; empty otherwise or if unreadable. */
    private static Optional<Long> readCompilerThreadTicks(Path task) {
        try {
            String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                    .strip();
            if (!isCompilerThread(comm)) {
                return Optional.empty();
            }
            return Optional.of(ProcStats.parseCpuTicks(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            // thread exited between listing and reading, or an unexpected format
            return Optional.empty();
        }
    }

    static boolean isCompilerThread(String comm) {
        for (String prefix : COMPILER_THREAD_PREFIXES) {
            if (comm.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Running total of one process's compiler ticks since the first reading, built from per-thread
     * deltas so that it never decreases (see {@link Sample}).
     */
    static final class Tracker {
        private final JitActivity proc;
        private final long pid;
        private Sample previous;
        private long total;

        Tracker(JitActivity proc, long pid) {
            this.proc = proc;
            this.pid = pid;
        }

        /** Ticks since the first call (0 on the first call), or -1 if this reading failed. */
        long cumulativeTicks() {
            Optional<Sample> s = proc.sample(pid);
            if (s.isEmpty()) {
                return -1;
            }
            if (previous != null) {
                total += s.get().ticksSince(previous);
            }
            previous = s.get();
            return total;
        }
    }
}
