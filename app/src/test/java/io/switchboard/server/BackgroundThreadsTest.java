package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class BackgroundThreadsTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;

    @Test
    @EnabledOnOs(OS.LINUX)
    void backgroundThreadsRunUnderIdleSchedulingWhileOtherThreadsKeepTheNormalPolicy() throws Exception {
        var policy = new CompletableFuture<Integer>();
        Thread thread = BackgroundThreads.idle("idle-test").newThread(() -> policy.complete(currentThreadPolicy()));
        thread.start();
        thread.join();

        assertThat(thread.getName()).isEqualTo("idle-test");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(policy.get()).isEqualTo(SCHED_IDLE);
        assertThat(currentThreadPolicy()).isEqualTo(SCHED_OTHER);
    }

    @Test
    void theTaskRunsEvenWhereIdleSchedulingIsUnavailable() throws Exception {
        var ran = new CompletableFuture<String>();
        Thread thread = BackgroundThreads.idle("any-os")
                .newThread(() -> ran.complete(Thread.currentThread().getName()));
        thread.start();

        assertThat(ran.get()).isEqualTo("any-os");
    }

    /** Field 41 of /proc/thread-self/stat is the scheduling policy (proc(5)); the name in field 2 may hold spaces. */
    private static int currentThreadPolicy() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(afterName[41 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
