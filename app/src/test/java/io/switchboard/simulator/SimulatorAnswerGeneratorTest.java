package io.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulator.SimulatedPrompt.Tool;
import io.switchboard.simulator.SimulatedPrompt.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Unit tests of the format-independent answer model. */
class SimulatorAnswerGeneratorTest {
    private static SimulatedPrompt prompt(long seed, int maxTokens, List<String> stop, int reasoning) {
        return new SimulatedPrompt(
                seed, 20, "user", "hello", List.of(), ToolChoice.AUTO, true, maxTokens, stop, reasoning, true);
    }

    @Test
    void naturalAnswersAreSentencesOfTheSeededLength() {
        for (long seed = 0; seed < 200; seed++) {
            SimulatedAnswer answer = AnswerGenerator.answer(prompt(seed, -1, List.of(), 0), -1, 0);

            assertThat(answer.content()).hasSize(AnswerGenerator.naturalLength(seed));
            assertThat(answer.text())
                    .matches("[A-Z][a-z]*( ?[a-zA-Z,]+|\\.( [A-Z])?|\\.\\n\\n[A-Z])*.*\\.")
                    .doesNotContain(",.", "..", ", ,", " .");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(answer.usage().completionTokens())
                    .isEqualTo(answer.content().size());
        }
    }

    @Test
    void exactTokenCountsIncludeTinyOnes() {
        for (int tokens = 0; tokens < 12; tokens++) {
            SimulatedAnswer answer = AnswerGenerator.answer(prompt(42, -1, List.of(), 0), tokens, 0);
            assertThat(answer.content()).hasSize(tokens);
            assertThat(answer.usage().completionTokens()).isEqualTo(tokens);
        }
    }

    @Test
    void exactTokenCountIncludesReasoning() {
        SimulatedAnswer answer = AnswerGenerator.answer(prompt(7, -1, List.of(), 16), 20, 0);

        assertThat(answer.reasoning()).hasSize(16);
        assertThat(answer.content()).hasSize(4);
        assertThat(answer.usage().completionTokens()).isEqualTo(20);
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);

        SimulatedAnswer tiny = AnswerGenerator.answer(prompt(7, -1, List.of(), 16), 5, 0);
        assertThat(tiny.reasoning()).hasSize(5);
        assertThat(tiny.content()).isEmpty();
        assertThat(tiny.usage().completionTokens()).isEqualTo(5);
    }

    @Test
    void maxTokensCoversReasoningFirst() {
        SimulatedAnswer answer = AnswerGenerator.answer(prompt(7, 20, List.of(), 16), -1, 0);

        assertThat(answer.reasoning()).hasSize(16);
        assertThat(answer.content()).hasSize(4);
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.usage().completionTokens()).isEqualTo(20);
        assertThat(answer.usage().reasoningTokens()).isEqualTo(16);
    }

    @Test
    void stopCutsInsideAToken() {
        List<Token> tokens = List.of(Token.of("Hello"), Token.of(" wonderful"), Token.of(" world"));

        assertThat(Token.join(AnswerGenerator.applyStop(tokens, List.of("nder", "world"))))
                .isEqualTo("Hello wo");
        assertThat(AnswerGenerator.applyStop(tokens, List.of("absent"))).isNull();
    }

    @Test
    void argumentFragmentsJoinBackToTheArguments() {
        String arguments =
                "{\"location\":\"San Francisco\",\"days\":[1,2],\"note\":\"caf\u00e9 \\\"x\\\" \uD83D\uDE00\"}";

        List<Token> fragments = ToolArguments.fragments(arguments);

        assertThat(Token.join(fragments)).isEqualTo(arguments);
        assertThat(fragments).extracting(Token::text).contains("location", " Francisco");
        assertThat(fragments)
                .allSatisfy(fragment -> assertThat(fragment.text().length()).isLessThanOrEqualTo(12));
    }

    @Test
    void argumentsFollowTheSchema() {
        JsonNode schema = SimulatorTestSupport.json("""
                {"type":"object","properties":{
                  "city":{"type":"string"},"when":{"type":"string","format":"date"},
                  "count":{"type":"integer","minimum":10,"maximum":20},"ratio":{"type":"number"},
                  "tags":{"type":"array","items":{"type":"string"}},"mode":{"enum":["fast","slow"]},
                  "nested":{"type":"object","properties":{"flag":{"type":"boolean"}}},
                  "maybe":{"type":["integer","null"]},"choice":{"anyOf":[{"type":"null"},{"type":"boolean"}]}}}""");

        JsonNode arguments = SimulatorTestSupport.json(ToolArguments.generate(schema, 3));

        assertThat(arguments.get("city").asString()).isEqualTo("San Francisco");
        assertThat(arguments.get("when").asString()).isEqualTo("2026-01-15");
        assertThat(arguments.get("count").asInt()).isBetween(10, 20);
        assertThat(arguments.get("ratio").isNumber()).isTrue();
        assertThat(arguments.get("tags").get(0).isString()).isTrue();
        assertThat(arguments.get("mode").asString()).isEqualTo("fast");
        assertThat(arguments.at("/nested/flag").asBoolean()).isTrue();
        assertThat(arguments.get("maybe").isInt()).isTrue();
        assertThat(arguments.get("choice").isBoolean()).isTrue();
        assertThat(ToolArguments.generate(MissingNode.getInstance(), 3)).isEqualTo("{}");
        assertThat(ToolArguments.generate(schema, 3)).isEqualTo(ToolArguments.generate(schema, 3));
    }

    @Test
    void toolRuleIsDeterministic() {
        Tool weather = new Tool("get_weather", MissingNode.getInstance());
        Tool time = new Tool("get_time", MissingNode.getInstance());
        List<Tool> tools = List.of(weather, time);

        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.AUTO, "user", "hi")))
                .isEmpty();
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.AUTO, "user", "please call one")))
                .containsExactly(weather);
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.AUTO, "user", "GET_TIME now")))
                .containsExactly(time);
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.AUTO, "tool", "weather")))
                .isEmpty();
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.AUTO, "assistant", "weather")))
                .isEmpty();
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.REQUIRED, "user", "hi")))
                .containsExactly(weather);
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, new ToolChoice.Named("get_time"), "user", "hi")))
                .containsExactly(time);
        assertThat(AnswerGenerator.toolsToCall(withTools(tools, ToolChoice.NONE, "user", "weather")))
                .isEmpty();
    }

    private static SimulatedPrompt withTools(List<Tool> tools, ToolChoice choice, String role, String text) {
        return new SimulatedPrompt(1, 10, role, text, tools, choice, true, -1, List.of(), 0, true);
    }

    @Test
    void cachedTokensAreCappedByThePrompt() {
        SimulatedAnswer answer = AnswerGenerator.answer(prompt(1, -1, List.of(), 0), -1, 1_000);

        assertThat(answer.usage().cachedTokens()).isEqualTo(20);
    }
}
