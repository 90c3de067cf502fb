package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.Json;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDataTest {
    @Test
    void labelsCannotCloseTheScriptElementAndTheJsonStillReadsBack() {
        ChartData chart = new ChartData(
                "line",
                "percent",
                List.of(1L, 2L),
                List.of(new ChartData.Series("</script><script>alert(1)</script> & <!--", Arrays.asList(99.5, null))));
        String json = chart.json();
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        var tree = Json.MAPPER.readTree(json);
        assertThat(tree.get("series").get(0).get("label").asString())
                .isEqualTo("</script><script>alert(1)</script> & <!--");
        assertThat(tree.get("series").get(0).get("values").get(1).isNull()).isTrue();
        assertThat(tree.get("kind").asString()).isEqualTo("line");
        assertThat(tree.has("x")).isTrue();
        assertThat(tree.size()).isEqualTo(4);
    }
}
