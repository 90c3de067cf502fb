package io.switchboard.storage;

import static io.switchboard.storage.TestData.T0;
import static io.switchboard.storage.TestData.generation;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.accounting.UsageRecorder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The recorder against real SQLite: many virtual-thread producers, one writer, exact row count and sum. */
@Timeout(120)
class UsageRecorderJdbiTest {
    @TempDir
    Path dir;

    @Test
    void concurrentProducersEndUpAsExactlyOneRowEach() throws Exception {
        int producers = 200;
        int perProducer = 50;
        try (Database db = Database.open(DatabaseSettings.sqlite(dir))) {
            var store = db.generationStore();
            var recorder = new UsageRecorder(store, 1_000, Duration.ofMillis(20), 200);
            CountDownLatch start = new CountDownLatch(1);
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    executor.submit(() -> {
                        start.await();
                        for (int i = 0; i < perProducer; i++) {
                            var record = generation(
                                    producer + "-" + i, "u" + producer % 7, "k1", new BigDecimal("0.000000125"), T0);
                            assertThat(recorder.record(record)).isTrue();
                        }
                        return null;
                    });
                }
                start.countDown();
            }
            recorder.close();

            long total = (long) producers * perProducer;
            assertThat(store.count()).isEqualTo(total);
            long distinct = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT id) FROM generations")
                            .mapTo(Long.class)
                            .one());
            assertThat(distinct).isEqualTo(total);
            assertThat(db.ledgerStore().usageByKey())
                    .containsExactly(Map.entry(
                            "k1",
                            new BigDecimal("0.000000125")
                                    .multiply(BigDecimal.valueOf(total))
                                    .stripTrailingZeros()));
        }
    }
}
