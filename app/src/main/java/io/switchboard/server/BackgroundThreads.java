package io.switchboard.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Platform threads for batch work that must never delay a request in flight (the usage writer, the health rollups).
 *
 * <p>On Linux each such thread moves itself to {@code SCHED_IDLE} as it starts. A lower nice value is not enough: the
 * kernel still lets a niced thread finish its slice before a request thread that just woke up gets the core, and a
 * 50 ms batch of SQLite inserts takes a few milliseconds of CPU. Under {@code SCHED_IDLE} any runnable normal thread
 * preempts it at once, and it still gets all the CPU the request threads leave idle, which on a gateway is most of it.
 * Elsewhere the thread keeps the lowest Java priority; if the call fails on Linux, it does too and logs a warning.
 */
public final class BackgroundThreads {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);
    private static final int SCHED_IDLE = 5;
    private static final Optional<MethodHandle> SCHED_SETSCHEDULER = lookup();

    private BackgroundThreads() {}

    /** A factory of daemon platform threads named {@code name} that run their task under {@code SCHED_IDLE}. */
    public static ThreadFactory idle(String name) {
        ThreadFactory platform = Thread.ofPlatform()
                .name(name)
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .factory();
        return task -> platform.newThread(() -> {
            enterIdleScheduling();
            task.run();
        });
    }

    /** Moves the calling thread to {@code SCHED_IDLE} where that is available. */
    private static void enterIdleScheduling() {
        if (SCHED_SETSCHEDULER.isEmpty()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            var param = arena.allocate(JAVA_INT); // struct sched_param { int sched_priority; } = { 0 }
            // pid 0 is the calling thread, not the whole process.
            int result = (int) SCHED_SETSCHEDULER.get().invokeExact(0, SCHED_IDLE, param);
            if (result != 0) {
                LOG.warn(
                        "sched_setscheduler(SCHED_IDLE) failed for thread {}",
                        Thread.currentThread().getName());
            }
        } catch (Throwable e) {
            LOG.warn(
                    "could not move thread {} to SCHED_IDLE",
                    Thread.currentThread().getName(),
                    e);
        }
    }

    private static Optional<MethodHandle> lookup() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup()
                    .find("sched_setscheduler")
                    .map(symbol -> linker.downcallHandle(
                            symbol, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("sched_setscheduler is not available; background threads keep normal scheduling", e);
            return Optional.empty();
        }
    }
}
