package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-provider timeouts and bulkheads. */
class RoutingProviderLimitsTest {
    private static final ProviderLimits.Timeouts DEFAULTS =
            new ProviderLimits.Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMinutes(10));

    @Test
    void timeoutsFallBackToTheDefaults() {
        ProviderLimits.Timeouts slow =
                new ProviderLimits.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(1));
        ProviderLimits limits = new ProviderLimits(DEFAULTS, Map.of("slow", slow), 4, Map.of(), Duration.ZERO);
        assertThat(limits.timeouts("slow")).isEqualTo(slow);
        assertThat(limits.timeouts("other")).isEqualTo(DEFAULTS);
    }

    @Test
    void aFullProviderRefusesAtOnceWithoutWaitingAndFreesSlotsOnClose() {
        ProviderLimits limits = new ProviderLimits(DEFAULTS, Map.of(), 2, Map.of("tiny", 1), Duration.ZERO);
        Optional<ProviderLimits.Permit> first = limits.tryAcquire("tiny");
        assertThat(first).isPresent();
        assertThat(limits.tryAcquire("tiny")).isEmpty();
        assertThat(limits.inFlight("tiny")).isEqualTo(1);
        // Other providers are not affected.
        List<ProviderLimits.Permit> others = new ArrayList<>();
        others.add(limits.tryAcquire("big").orElseThrow());
        others.add(limits.tryAcquire("big").orElseThrow());
        assertThat(limits.tryAcquire("big")).isEmpty();
        first.get().close();
        first.get().close(); // idempotent: frees one slot only
        assertThat(limits.inFlight("tiny")).isZero();
        assertThat(limits.tryAcquire("tiny")).isPresent();
        others.forEach(ProviderLimits.Permit::close);
        assertThat(limits.inFlight("big")).isZero();
    }

    @Test
    void waitingIsBoundedInTime() throws Exception {
        ProviderLimits limits = new ProviderLimits(DEFAULTS, Map.of(), 1, Map.of(), Duration.ofMillis(100));
        ProviderLimits.Permit held = limits.tryAcquire("p").orElseThrow();
        long started = System.nanoTime();
        assertThat(limits.tryAcquire("p")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        // A slot freed while waiting is taken.
        Thread releaser = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        assertThat(limits.tryAcquire("p")).isPresent();
        releaser.join();
    }
}
