package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.JitActivity.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class JitActivityTest {

    @TempDir
    Path proc;

    /** {@code /proc/<pid>/task/<tid>/{comm,stat}}; a null value leaves that file out. */
    private void task(long pid, String tid, String comm, String stat) throws IOException {
        Path dir = Files.createDirectories(
                proc.resolve(Long.toString(pid)).resolve("task").resolve(tid));
        if (comm != null) {
            Files.writeString(dir.resolve("comm"), comm + "\n");
        }
        if (stat != null) {
            Files.writeString(dir.resolve("stat"), stat + "\n");
        }
    }

    /** A thread's stat line: fields pid (comm) state ppid pgrp session tty tpgid flags minflt ... utime stime. */
    private static String stat(String tid, String comm, long utime, long stime) {
        return tid + " (" + comm + ") S 1 4242 4242 0 -1 4194624 1500 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 40 0 123456 5000000000 45000 18446744073709551615";
    }

    @Test
    void sumsTheC1AndC2CompilerThreadsOnly() throws IOException {
        task(4242, "4242", "java", stat("4242", "java", 50, 10));
        task(4242, "4250", "C2 CompilerThre", stat("4250", "C2 CompilerThre", 2500, 120));
        task(4242, "4251", "C1 CompilerThre", stat("4251", "C1 CompilerThre", 300, 20));
        // a dynamically added second C2 thread ("C2 CompilerThread1", truncated by the kernel)
        task(4242, "4259", "C2 CompilerThre", stat("4259", "C2 CompilerThre", 7, 0));
        // comm with spaces and parentheses: must neither count nor confuse the stat parser
        task(4242, "4260", "my (odd) thread", stat("4260", "my (odd) thread", 999, 999));
        task(4242, "4261", "Sweeper thread", stat("4261", "Sweeper thread", 5, 5));

        Sample s = new JitActivity(proc).sample(4242).orElseThrow();
        assertThat(s.ticksByTid()).containsExactlyInAnyOrderEntriesOf(Map.of(4250L, 2620L, 4251L, 320L, 4259L, 7L));
        assertThat(s.ticks()).isEqualTo(2620 + 320 + 7);
        assertThat(s.threads()).isEqualTo(3);
    }

    @Test
    void skipsThreadsWhoseFilesAreMissingOrGarbled() throws IOException {
        task(4242, "4250", "C2 CompilerThre", stat("4250", "C2 CompilerThre", 100, 1));
        task(4242, "4251", "C1 CompilerThre", null); // exited between listing and reading stat
        task(4242, "4252", null, stat("4252", "C2 CompilerThre", 100, 1)); // no comm
        task(4242, "4253", "C2 CompilerThre", "garbage");
        Files.createDirectories(proc.resolve("4242/task/not-a-tid"));

        Sample s = new JitActivity(proc).sample(4242).orElseThrow();
        assertThat(s.ticksByTid()).containsExactly(Map.entry(4250L, 101L));
    }

    @Test
    void processWithoutCompilerThreadsHasZeroTicks() throws IOException {
        task(7, "7", "java", stat("7", "java", 50, 10));
        Sample s = new JitActivity(proc).sample(7).orElseThrow();
        assertThat(s.ticks()).isZero();
        assertThat(s.threads()).isZero();
    }

    @Test
    void missingProcessOrProcIsEmpty() {
        assertThat(new JitActivity(proc).sample(4242)).isEmpty();
        assertThat(new JitActivity(proc.resolve("no-such-proc")).sample(1)).isEmpty();
        assertThat(JitActivity.ticksBetween(Optional.empty(), Optional.of(new Sample(Map.of()))))
                .isEqualTo(-1);
    }

    @Test
    void deltaIsPerThreadAndNeverNegative() {
        Sample before = new Sample(Map.of(1L, 100L, 2L, 50L));
        // thread 2 exited (its ticks are gone), thread 3 started meanwhile
        Sample after = new Sample(Map.of(1L, 130L, 3L, 12L));
        assertThat(after.ticksSince(before)).isEqualTo(30 + 12);
        assertThat(after.ticks() - before.ticks()).isNegative(); // why a plain sum would not do
        assertThat(JitActivity.ticksBetween(Optional.of(before), Optional.of(after)))
                .isEqualTo(42);
    }

    @Test
    void trackerAccumulatesAcrossReadings() throws IOException {
        task(4242, "4250", "C2 CompilerThre", stat("4250", "C2 CompilerThre", 100, 0));
        JitActivity.Tracker t = new JitActivity.Tracker(new JitActivity(proc), 4242);
        assertThat(t.cumulativeTicks()).isZero();
        task(4242, "4250", "C2 CompilerThre", stat("4250", "C2 CompilerThre", 140, 5));
        assertThat(t.cumulativeTicks()).isEqualTo(45);
        Files.delete(proc.resolve("4242/task/4250/stat"));
        Files.delete(proc.resolve("4242/task/4250/comm"));
        Files.delete(proc.resolve("4242/task/4250"));
        task(4242, "4251", "C2 CompilerThre", stat("4251", "C2 CompilerThre", 3, 0));
        assertThat(t.cumulativeTicks()).isEqualTo(48);
        assertThat(new JitActivity.Tracker(new JitActivity(proc), 999).cumulativeTicks())
                .isEqualTo(-1);
    }

    @Test
    void recognisesTruncatedCompilerThreadNames() {
        assertThat(JitActivity.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(JitActivity.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(JitActivity.isCompilerThread("C2 CompilerThread0")).isTrue();
        assertThat(JitActivity.isCompilerThread("VM Thread")).isFalse();
        assertThat(JitActivity.isCompilerThread("java")).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsOwnJvm() {
        Optional<Sample> s = JitActivity.system().sample(ProcessHandle.current().pid());
        assertThat(s).isPresent();
        assertThat(s.get().threads()).isPositive();
        assertThat(s.get().ticks()).isNotNegative();
    }
}
