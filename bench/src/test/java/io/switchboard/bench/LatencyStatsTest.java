package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankOnOneToHundred() {
        LatencyStats s = LatencyStats.of(shuffled(LongStream.rangeClosed(1, 100).toArray()));
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.percentile(0)).isEqualTo(1);
        assertThat(s.percentile(1)).isEqualTo(1);
        assertThat(s.percentile(50)).isEqualTo(50);
        assertThat(s.percentile(90)).isEqualTo(90);
        assertThat(s.percentile(99)).isEqualTo(99);
        assertThat(s.percentile(99.9)).isEqualTo(100);
        assertThat(s.percentile(100)).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isEqualTo(50.5);
    }

    @Test
    void fractionalPercentilesDoNotSufferFromBinaryRounding() {
        // 99.9 * 1000 is 99900.00000000001 in double arithmetic; the rank must still be 999.
        LatencyStats s = LatencyStats.of(LongStream.rangeClosed(1, 1000).toArray());
        assertThat(s.percentile(99.9)).isEqualTo(999);
        assertThat(s.percentile(99)).isEqualTo(990);
        assertThat(s.percentile(50)).isEqualTo(500);
        assertThat(s.percentile(0.1)).isEqualTo(1);

        LatencyStats t = LatencyStats.of(LongStream.rangeClosed(1, 5000).toArray());
        assertThat(t.percentile(99.9)).isEqualTo(4995);
        assertThat(t.percentile(99)).isEqualTo(4950);
        assertThat(t.percentile(90)).isEqualTo(4500);
    }

    @Test
    void roundsRankUpBetweenSamples() {
        LatencyStats s = LatencyStats.of(10, 20, 30, 40);
        assertThat(s.percentile(50)).isEqualTo(20); // rank ceil(2.0) = 2
        assertThat(s.percentile(51)).isEqualTo(30); // rank ceil(2.04) = 3
        assertThat(s.percentile(99)).isEqualTo(40);
        assertThat(s.percentile(25)).isEqualTo(10);
    }

    @Test
    void singleSampleIsEveryPercentile() {
        LatencyStats s = LatencyStats.of(7);
        assertThat(s.percentile(0)).isEqualTo(7);
        assertThat(s.percentile(50)).isEqualTo(7);
        assertThat(s.percentile(99.9)).isEqualTo(7);
    }

    @Test
    void usesOnlyTheFirstCountSamplesAndDoesNotModifyInput() {
        long[] raw = {5, 1, 4, 999, 999};
        LatencyStats s = LatencyStats.of(raw, 3);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.percentile(50)).isEqualTo(4);
        assertThat(raw).containsExactly(5, 1, 4, 999, 999);
    }

    @Test
    void rejectsBadInput() {
        assertThat(LatencyStats.of(new long[0]).isEmpty()).isTrue();
        assertThatThrownBy(() -> LatencyStats.of(new long[0]).percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LatencyStats.of(1, 2).percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.of(1, 2).percentile(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.of(new long[2], 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longListGrowsCapsAndConcatenates() {
        LongList a = new LongList(1, 3);
        for (long v = 1; v <= 5; v++) {
            a.add(v);
        }
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.dropped()).isEqualTo(2);
        LongList b = new LongList(4, 10);
        b.add(0);
        LongList all = LongList.concat(java.util.List.of(a, b));
        assertThat(all.size()).isEqualTo(4);
        assertThat(all.dropped()).isEqualTo(2);
        assertThat(all.stats().min()).isZero();
        assertThat(all.stats().max()).isEqualTo(3);
        assertThat(LongList.concat(java.util.List.of()).size()).isZero();
    }

    private static long[] shuffled(long[] values) {
        java.util.Random rnd = new java.util.Random(42);
        for (int i = values.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}
