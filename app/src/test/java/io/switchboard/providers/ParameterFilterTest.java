package io.switchboard.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Pricing;
import io.switchboard.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ParameterFilterTest {
    private static final String REQUEST = """
            {"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true},
             "user":"u1","metadata":{"a":"b"},"temperature":0.2,"top_k":5,"stop":["x"],"max_completion_tokens":50,
             "reasoning":{"effort":"low"},"reasoning_effort":"low","tools":[{"type":"function","function":{"name":"f"}}],
             "tool_choice":"auto","parallel_tool_calls":true,"response_format":{"type":"json_object"},"seed":null,
             "logit_bias":{"1":1},"custom_field":1}""";

    @Test
    void dropsOnlyVocabularyParametersTheEndpointDoesNotList() {
        ObjectNode request = request();

        ParameterFilter.Filtered filtered = ParameterFilter.apply(
                request, endpoint("max_tokens", "temperature", "tools", "tool_choice", "structured_outputs"));

        assertThat(filtered.dropped()).containsExactly("top_k", "stop", "reasoning", "reasoning_effort", "logit_bias");
        ObjectNode sent = filtered.request();
        assertThat(sent.has("top_k")).isFalse();
        assertThat(sent.has("reasoning")).isFalse();
        assertThat(sent.path("max_completion_tokens").asInt())
                .as("alias of max_tokens")
                .isEqualTo(50);
        assertThat(sent.has("parallel_tool_calls")).as("goes with tools").isTrue();
        assertThat(sent.has("response_format"))
                .as("structured_outputs covers it")
                .isTrue();
        assertThat(sent.has("seed")).as("null is not a parameter, kept as sent").isTrue();
        for (String always :
                List.of("model", "messages", "stream", "stream_options", "user", "metadata", "custom_field")) {
            assertThat(sent.has(always)).as(always).isTrue();
        }
        assertThat(request.has("top_k")).as("the client's request is untouched").isTrue();
    }

    @Test
    void reasoningAliasesAndToolsWithoutSupport() {
        ParameterFilter.Filtered filtered =
                ParameterFilter.apply(request(), endpoint("reasoning", "max_completion_tokens", "stop"));

        assertThat(filtered.dropped())
                .containsExactly(
                        "temperature",
                        "top_k",
                        "tools",
                        "tool_choice",
                        "parallel_tool_calls",
                        "response_format",
                        "logit_bias");
        assertThat(filtered.request().has("reasoning_effort")).isTrue();
    }

    @Test
    void anEmptyListMeansUnknownSoNothingIsDropped() {
        ObjectNode request = request();

        ParameterFilter.Filtered filtered = ParameterFilter.apply(request, endpoint());

        assertThat(filtered.dropped()).isEmpty();
        assertThat(filtered.request()).isSameAs(request);
    }

    private static ObjectNode request() {
        return (ObjectNode) Json.MAPPER.readTree(REQUEST);
    }

    private static Endpoint endpoint(String... supported) {
        return new Endpoint("a/m", "p", "p", "m", Pricing.FREE, 1000, null, null, List.of(supported));
    }
}
