package io.switchboard.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UsageRecorderTest {
    /** Idempotent like the real stores; also counts every attempt per id to expose duplicate writes. */
    static class MemoryStore implements GenerationStore {
        final Map<String, GenerationRecord> rows = new ConcurrentHashMap<>();
        final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @Override
        public void insertBatch(List<GenerationRecord> records) {
            batchSizes.add(records.size());
            for (GenerationRecord r : records) {
                attempts.merge(r.id(), 1, Integer::sum);
                rows.putIfAbsent(r.id(), r);
            }
        }

        @Override
        public Optional<GenerationRecord> find(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public long count() {
            return rows.size();
        }
    }

    static GenerationRecord record(String id) {
        return new GenerationRecord(
                id,
                "u1",
                "k1",
                "m",
                null,
                null,
                null,
                1,
                1,
                0,
                0,
                new BigDecimal("0.000001"),
                false,
                false,
                false,
                false,
                null,
                null,
                null,
                1,
                200,
                null,
                null,
                null,
                null,
                Instant.EPOCH);
    }

    @Test
    void concurrentProducersAreWrittenExactlyOnce() throws Exception {
        int producers = 200;
        int perProducer = 100;
        MemoryStore store = new MemoryStore();
        List<String> writtenIds = new CopyOnWriteArrayList<>();
        // Capacity well below the total, so producers also hit backpressure.
        var recorder = new UsageRecorder(
                store, 500, Duration.ofMillis(5), 64, batch -> batch.forEach(r -> writtenIds.add(r.id())));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger rejected = new AtomicInteger();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < producers; p++) {
                int producer = p;
                executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        if (!recorder.record(record(producer + "-" + i))) {
                            rejected.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        }
        recorder.flush();

        int total = producers * perProducer;
        assertThat(rejected.get()).isZero();
        assertThat(store.count()).isEqualTo(total);
        assertThat(store.attempts.values()).allMatch(n -> n == 1);
        assertThat(writtenIds).hasSize(total).doesNotHaveDuplicates();
        assertThat(store.batchSizes).allMatch(n -> n >= 1 && n <= 64);
        assertThat(recorder.writtenCount()).isEqualTo(total);
        assertThat(recorder.pending()).isZero();
        recorder.close();
    }

    @Test
    void aRecordArrivingWhileTheWriterIsIdleIsWrittenWithoutAFlush() throws Exception {
        // Each record finds the writer parked with an empty queue, the race a lost wake-up would lose: the record would
        // then sit unwritten until the next flush or close, which this test never calls before checking.
        MemoryStore store = new MemoryStore();
        var recorder = new UsageRecorder(store, 100, Duration.ZERO, 10);
        for (int i = 1; i <= 2_000; i++) {
            assertThat(recorder.record(record("idle-" + i))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (recorder.writtenCount() < i) {
                assertThat(System.nanoTime() - deadline)
                        .as("record %d still unwritten after 5 s", i)
                        .isNegative();
                Thread.onSpinWait();
            }
        }
        assertThat(store.count()).isEqualTo(2_000);
        recorder.close();
    }

    @Test
    void aWriterThatGetsNoCpuIsRescuedAndTakesOverAgainOnceItRuns() throws Exception {
        // The writer thread is held at a latch before its loop, as if idle scheduling priority kept it off the CPU.
        MemoryStore store = new MemoryStore();
        Map<String, String> writtenBy = new ConcurrentHashMap<>();
        CountDownLatch writerMayRun = new CountDownLatch(1);
        ThreadFactory starvedWriter =
                task -> Thread.ofPlatform().name("starved-writer").daemon(true).unstarted(() -> {
                    try {
                        writerMayRun.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    task.run();
                });
        var recorder = new UsageRecorder(
                store,
                1_000,
                Duration.ofMillis(20),
                100,
                batch -> batch.forEach(
                        r -> writtenBy.put(r.id(), Thread.currentThread().getName())),
                starvedWriter);
        for (int i = 0; i < 50; i++) {
            assertThat(recorder.record(record("starved-" + i))).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (recorder.writtenCount() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(recorder.writtenCount()).as("written without the writer").isEqualTo(50);
        assertThat(Set.copyOf(writtenBy.values())).containsExactly("usage-recorder-rescue");

        writerMayRun.countDown();
        for (int i = 0; i < 50; i++) {
            assertThat(recorder.record(record("running-" + i))).isTrue();
        }
        recorder.flush();
        recorder.close();

        assertThat(store.count()).isEqualTo(100);
        assertThat(store.attempts.values()).allMatch(n -> n == 1);
        assertThat(writtenBy).containsValue("starved-writer");
    }

    @Test
    void closeWritesEverythingAcceptedEvenBeforeTheDelayExpires() {
        MemoryStore store = new MemoryStore();
        var recorder = new UsageRecorder(store, 10_000, Duration.ofHours(1), 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(recorder.record(record("r" + i))).isTrue();
        }
        recorder.close();

        assertThat(store.count()).isEqualTo(1_000);
        assertThat(recorder.record(record("late"))).as("rejected after close").isFalse();
        recorder.close(); // idempotent
        recorder.flush(); // no-op once closed
        assertThat(store.find("late")).isEmpty();
    }

    @Test
    void flushWaitsOnlyForEarlierRecordsAndDoesNotWaitForTheDelay() {
        MemoryStore store = new MemoryStore();
        try (var recorder = new UsageRecorder(store, 100, Duration.ofHours(1), 1_000)) {
            recorder.record(record("a"));
            recorder.record(record("b"));
            long started = System.nanoTime();
            recorder.flush();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(store.rows.keySet()).containsExactlyInAnyOrder("a", "b");
            recorder.flush(); // nothing pending: returns at once
        }
    }

    @Test
    void batchesAreCutAtMaxBatch() {
        MemoryStore store = new MemoryStore();
        var recorder = new UsageRecorder(store, 1_000, Duration.ofMillis(200), 7);
        for (int i = 0; i < 50; i++) {
            recorder.record(record("r" + i));
        }
        recorder.close();
        assertThat(store.batchSizes).allMatch(n -> n <= 7);
        assertThat(store.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    }

    @Test
    void failedBatchesAreRetriedUntilEveryRowIsStoredOnce() {
        MemoryStore memory = new MemoryStore();
        AtomicInteger calls = new AtomicInteger();
        List<List<String>> attemptedBatches = new CopyOnWriteArrayList<>();
        GenerationStore flaky = new MemoryStore() {
            @Override
            public void insertBatch(List<GenerationRecord> records) {
                attemptedBatches.add(records.stream().map(GenerationRecord::id).toList());
                int call = calls.incrementAndGet();
                if (call == 2) {
                    // Half applied, then failed: the retry must not duplicate what got in.
                    memory.insertBatch(records.subList(0, records.size() / 2));
                }
                if (call <= 2) {
                    throw new IllegalStateException("database is down (call " + call + ")");
                }
                memory.insertBatch(records);
            }
        };
        var recorder = new UsageRecorder(flaky, 1_000, Duration.ofMillis(10), 25);
        for (int i = 0; i < 100; i++) {
            recorder.record(record("r" + i));
        }
        recorder.close();

        assertThat(memory.count()).isEqualTo(100);
        assertThat(memory.rows.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 100).mapToObj(i -> "r" + i).toList());
        // The failed batch was retried as the very same batch.
        assertThat(attemptedBatches.get(1)).isEqualTo(attemptedBatches.get(0));
        assertThat(attemptedBatches.get(2)).isEqualTo(attemptedBatches.get(0));
        assertThat(recorder.writtenCount()).isEqualTo(100);
    }

    @Test
    void fullQueueMakesProducersWaitInsteadOfDropping() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryStore memory = new MemoryStore();
        GenerationStore slow = new MemoryStore() {
            @Override
            public void insertBatch(List<GenerationRecord> records) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                memory.insertBatch(records);
            }
        };
        try (var recorder = new UsageRecorder(slow, 3, Duration.ZERO, 10)) {
            for (int i = 0; i < 3; i++) {
                assertThat(recorder.record(record("r" + i))).isTrue();
            }
            Thread blocked = Thread.ofVirtual().start(() -> recorder.record(record("r3")));
            assertThat(blocked.join(Duration.ofMillis(300)))
                    .as("producer waits while full")
                    .isFalse();
            assertThat(recorder.pending()).isEqualTo(3);

            release.countDown();
            assertThat(blocked.join(Duration.ofSeconds(10))).isTrue();
            recorder.flush();
            assertThat(memory.count()).isEqualTo(4);
        }
    }

    @Test
    void listenerFailuresDoNotStopWriting() {
        MemoryStore store = new MemoryStore();
        var recorder = new UsageRecorder(store, 100, Duration.ofMillis(1), 1, batch -> {
            throw new IllegalStateException("listener bug");
        });
        for (int i = 0; i < 5; i++) {
            recorder.record(record("r" + i));
        }
        recorder.close();
        assertThat(store.count()).isEqualTo(5);
    }

    @Test
    void flushFromTheListenerIsRejectedInsteadOfDeadlocking() throws Exception {
        MemoryStore store = new MemoryStore();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        var holder = new UsageRecorder[1];
        holder[0] = new UsageRecorder(store, 100, Duration.ZERO, 10, batch -> {
            try {
                holder[0].flush();
            } catch (IllegalStateException e) {
                errors.add(e);
            }
        });
        holder[0].record(record("a"));
        holder[0].close();
        assertThat(errors).hasSize(1);
    }

    @Test
    void rejectsInvalidSettings() {
        MemoryStore store = new MemoryStore();
        assertThatThrownBy(() -> new UsageRecorder(store, 0, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRecorder(store, 1, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRecorder(store, 1, Duration.ofMillis(-1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRecorder(null, 1, Duration.ZERO, 1)).isInstanceOf(NullPointerException.class);
    }
}
