package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    @Test
    void defaultsMatchTheIssue() {
        BenchConfig c = BenchConfig.parse();
        assertThat(c.requests()).isEqualTo(5000);
        assertThat(c.warmupRequests()).isEqualTo(3000);
        assertThat(c.concurrency()).isEqualTo(64);
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.client()).isEqualTo("socket");
        assertThat(c.jar()).isEqualTo(Path.of("app/target/switchboard.jar"));
        assertThat(c.gatewayJvmOpts())
                .containsExactly("-Xms256m", "-Xmx512m", "-XX:+UseCompactObjectHeaders", "-XX:ThreadPriorityPolicy=1");
        assertThat(c.samples()).isNull();
        assertThat(c.help()).isFalse();
        assertThat(c.jitSettle()).isTrue();
        assertThat(c.jitQuietWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.jitQuietPercent()).isEqualTo(2.0);
        assertThat(c.warmupMaxTime()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void parsesJitSettleOptions() {
        BenchConfig c = BenchConfig.parse("--jit-quiet-window", "5s", "--jit-quiet-percent=0.5", "--no-jit-settle");
        assertThat(c.jitQuietWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.jitQuietPercent()).isEqualTo(0.5);
        assertThat(c.jitSettle()).isFalse();
        assertThatThrownBy(() -> BenchConfig.parse("--jit-quiet-window", "0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchConfig.parse("--jit-quiet-percent", "-1")).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> BenchConfig.parse("--jit-quiet-percent", "lots"))
                .hasMessageContaining("not a number");
        assertThat(BenchConfig.USAGE)
                .contains("--no-jit-settle")
                .contains("at most X% of one CPU")
                .contains("threads of all three JVMs (gateway, simulator, load");
    }

    @Test
    void parsesSeparateAndInlineValues() {
        BenchConfig c = BenchConfig.parse(
                "--requests",
                "2_000",
                "--duration=500ms",
                "--warmup",
                "2m",
                "--client",
                "jdk",
                "--gateway-jvm-opts",
                "  -Xmx1g   -XX:+UseZGC ",
                "--gateway-args=--foo bar",
                "--samples",
                "out/samples.tsv",
                "--keep-data");
        assertThat(c.requests()).isEqualTo(2000);
        assertThat(c.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.warmup()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.client()).isEqualTo("jdk");
        assertThat(c.gatewayJvmOpts()).containsExactly("-Xmx1g", "-XX:+UseZGC");
        assertThat(c.gatewayArgs()).containsExactly("--foo", "bar");
        assertThat(c.keepData()).isTrue();
        assertThat(c.samples()).isEqualTo(Path.of("out/samples.tsv"));
        assertThat(BenchConfig.parse("--simulator-jvm-opts", "").simulatorJvmOpts())
                .isEmpty();
        assertThat(BenchConfig.duration("x", "7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> BenchConfig.parse("--requests", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchConfig.parse("--requests")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> BenchConfig.parse("--duration", "ten")).hasMessageContaining("bad duration");
        assertThatThrownBy(() -> BenchConfig.parse("--duration", "0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchConfig.parse("--client", "curl")).hasMessageContaining("jdk or socket");
        assertThatThrownBy(() -> BenchConfig.parse("--frobnicate", "1")).hasMessageContaining("unknown option");
    }
}
