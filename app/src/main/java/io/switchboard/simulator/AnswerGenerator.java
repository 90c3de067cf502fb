package io.switchboard.simulator;

import io.switchboard.simulator.SimulatedPrompt.Tool;
import io.switchboard.simulator.SimulatedPrompt.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.MissingNode;

/**
 * Turns a {@link SimulatedPrompt} into a {@link SimulatedAnswer}, deterministically except for ids.
 *
 * <p><b>Text.</b> Words from {@link WordGenerator} seeded by the conversation hash; 24 to 40 tokens by default (picked by
 * the seed). With {@code X-Sim-Tokens: N} the answer has exactly N completion tokens, reasoning first and text for the
 * rest. {@code max_tokens} caps reasoning plus text and then the finish reason is {@code length}. The first stop sequence found truncates the text (finish {@code stop}).
 *
 * <p><b>Reasoning.</b> When requested, {@code minimal} 8, {@code low} 16, {@code medium} 32, {@code high} 64,
 * {@code xhigh}/{@code max} 96 reasoning tokens (capped by {@code reasoning.max_tokens}) come before the text and count
 * in {@code completion_tokens}.
 *
 * <p><b>Tool calls.</b> The rule, first match wins:
 *
 * <ol>
 *   <li>no tools, {@code tool_choice: "none"}, or the last message is a {@code tool} result: text;
 *   <li>{@code tool_choice} names a function: call it;
 *   <li>{@code tool_choice: "required"}: call the first tool named in the last message, else the first tool;
 *   <li>{@code auto} and the last message is a {@code user} message: call every tool whose name it contains
 *       (case-insensitive; only the first unless {@code parallel_tool_calls}), else the first tool if it contains
 *       "weather", "call" or "tool";
 *   <li>otherwise text.
 * </ol>
 *
 * Tool calls ignore {@code max_tokens} and {@code X-Sim-Tokens}; each counts one token for its name plus one per
 * streamed argument fragment.
 */
final class AnswerGenerator {
    static final int MIN_NATURAL_TOKENS = 24;
    static final int MAX_NATURAL_TOKENS = 40;
    private static final int MAX_REASONING_TOKENS = 96;
    private static final long REASONING_SALT = 0x9E3779B97F4A7C15L;
    private static final String[] TOOL_KEYWORDS = {"weather", "call", "tool"};

    private AnswerGenerator() {}

    /**
     * @param exactTokens completion tokens to produce ({@code X-Sim-Tokens}), {@code -1} for the natural length
     * @param cachedTokens cached prompt tokens to report ({@code X-Sim-Cached-Tokens}), capped at the prompt size
     */
    static SimulatedAnswer answer(SimulatedPrompt prompt, int exactTokens, int cachedTokens) {
        int cached = Math.min(Math.max(0, cachedTokens), prompt.promptTokens());
        List<Tool> called = toolsToCall(prompt);
        int budget = prompt.maxTokens() < 0 ? Integer.MAX_VALUE : prompt.maxTokens();
        int reasoningCount = Math.min(prompt.reasoningTokens(), budget);
        if (exactTokens >= 0 && called.isEmpty()) {
            reasoningCount = Math.min(reasoningCount, exactTokens);
        }
        List<Token> reasoning = List.of();
        if (reasoningCount > 0 && prompt.reasoningVisible()) {
            reasoning = WordGenerator.answer(prompt.seed() ^ REASONING_SALT, reasoningCount, reasoningCount);
        }

        if (!called.isEmpty()) {
            List<SimulatedToolCall> calls = new ArrayList<>(called.size());
            int completion = reasoningCount;
            for (int i = 0; i < called.size(); i++) {
                Tool tool = called.get(i);
                String arguments = ToolArguments.generate(tool.parameters(), prompt.seed() + i);
                List<Token> fragments = ToolArguments.fragments(arguments);
                calls.add(new SimulatedToolCall(callId(), tool.name(), arguments, fragments));
                completion += 1 + fragments.size();
            }
            SimulatedUsage usage = new SimulatedUsage(prompt.promptTokens(), cached, completion, reasoningCount);
            return new SimulatedAnswer(reasoning, List.of(), calls, FinishReason.TOOL_CALLS, usage);
        }

        int natural;
        if (exactTokens >= 0) {
            natural = exactTokens - reasoningCount;
        } else {
            natural = naturalLength(prompt.seed());
        }
        int room = budget - reasoningCount;
        int emitted = Math.min(natural, room);
        FinishReason finish = emitted < natural ? FinishReason.LENGTH : FinishReason.STOP;
        List<Token> content = WordGenerator.answer(prompt.seed(), natural, emitted);
        if (!prompt.stop().isEmpty()) {
            List<Token> stopped = applyStop(content, prompt.stop());
            if (stopped != null) {
                content = stopped;
                finish = FinishReason.STOP;
            }
        }
        SimulatedUsage usage =
                new SimulatedUsage(prompt.promptTokens(), cached, reasoningCount + content.size(), reasoningCount);
        return new SimulatedAnswer(reasoning, content, List.of(), finish, usage);
    }

    static int naturalLength(long seed) {
        return MIN_NATURAL_TOKENS + (int) Math.floorMod(seed, (long) (MAX_NATURAL_TOKENS - MIN_NATURAL_TOKENS + 1));
    }

    /** Reasoning tokens for an effort level; unknown levels count as {@code medium}, {@code none} as zero. */
    static int reasoningTokensFor(String effort) {
        return switch (effort.toLowerCase(Locale.ROOT)) {
            case "none" -> 0;
            case "minimal" -> 8;
            case "low" -> 16;
            case "high" -> 64;
            case "xhigh", "max" -> MAX_REASONING_TOKENS;
            default -> 32;
        };
    }

    static List<Tool> toolsToCall(SimulatedPrompt prompt) {
        List<Tool> tools = prompt.tools();
        ToolChoice choice = prompt.toolChoice();
        if (tools.isEmpty() || choice instanceof ToolChoice.None || "tool".equals(prompt.lastRole())) {
            return List.of();
        }
        if (choice instanceof ToolChoice.Named(String name)) {
            for (Tool tool : tools) {
                if (tool.name().equals(name)) {
                    return List.of(tool);
                }
            }
            return List.of(new Tool(name, MissingNode.getInstance()));
        }
        String text = prompt.lastText().toLowerCase(Locale.ROOT);
        List<Tool> mentioned = new ArrayList<>(1);
        for (Tool tool : tools) {
            if (text.contains(tool.name().toLowerCase(Locale.ROOT))) {
                mentioned.add(tool);
                if (!prompt.parallelToolCalls()) {
                    break;
                }
            }
        }
        if (choice instanceof ToolChoice.Required) {
            return List.of(mentioned.isEmpty() ? tools.getFirst() : mentioned.getFirst());
        }
        if (!"user".equals(prompt.lastRole())) {
            return List.of();
        }
        if (!mentioned.isEmpty()) {
            return mentioned;
        }
        for (String keyword : TOOL_KEYWORDS) {
            if (text.contains(keyword)) {
                return List.of(tools.getFirst());
            }
        }
        return List.of();
    }

    /** The tokens before the earliest stop sequence (the last one possibly cut), or {@code null} if none occurs. */
    static List<Token> applyStop(List<Token> tokens, List<String> stops) {
        String text = Token.join(tokens);
        int cut = -1;
        for (String stop : stops) {
            if (stop.isEmpty()) {
                continue;
            }
            int index = text.indexOf(stop);
            if (index >= 0 && (cut < 0 || index < cut)) {
                cut = index;
            }
        }
        if (cut < 0) {
            return null;
        }
        List<Token> kept = new ArrayList<>();
        int position = 0;
        for (Token token : tokens) {
            int end = position + token.text().length();
            if (end <= cut) {
                kept.add(token);
            } else {
                if (position < cut) {
                    kept.add(Token.of(token.text().substring(0, cut - position)));
                }
                break;
            }
            position = end;
        }
        return kept;
    }

    private static String callId() {
        return "call_" + Ids.alphanumeric(24);
    }
}
