package io.switchboard.providers.gemini;

import io.switchboard.json.Json;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps OpenRouter's reasoning controls onto {@code generationConfig.thinkingConfig}.
 *
 * <p>Inputs: {@code reasoning {effort, max_tokens, enabled, exclude}}, OpenAI's {@code reasoning_effort} and the
 * legacy {@code include_reasoning}. Without any of them no {@code thinkingConfig} is sent and the model thinks as it
 * does by default (its thoughts hidden, still billed as reasoning tokens).
 *
 * <ul>
 *   <li>{@code reasoning.max_tokens} → {@code thinkingBudget} as given, clamped to the model's range.
 *   <li>Gemini 2.x ({@code thinkingBudget}): effort → budget = base × ratio with OpenRouter's ratios (minimal 0.1, low
 *       0.2, medium 0.5, high 0.8, xhigh/max 0.95), where base is the request's {@code max_tokens} if set, else the
 *       model's largest budget (Pro 32768, Flash and Flash-Lite 24576); clamped to the range (Pro 128..32768,
 *       Flash 1..24576, Flash-Lite 512..24576).
 *   <li>Gemini 3 and later ({@code thinkingLevel}): minimal → {@code MINIMAL} (Pro: {@code LOW}), low → {@code LOW},
 *       medium → {@code MEDIUM} (Pro: {@code HIGH}), high/xhigh/max → {@code HIGH}.
 *   <li>{@code enabled: true} alone means medium effort. {@code enabled: false} or effort {@code none}: budget 0 where
 *       the model allows it (Pro cannot stop thinking: its minimum 128), on Gemini 3 the lowest level.
 *   <li>{@code includeThoughts} is true unless {@code reasoning.exclude} (or {@code include_reasoning: false}) hides the
 *       reasoning, and false when reasoning is disabled.
 * </ul>
 */
final class GeminiThinking {
    private static final Pattern VERSION = Pattern.compile("gemini-(\\d+)(?:\\.(\\d+))?");

    private GeminiThinking() {}

    /** The {@code thinkingConfig} for this request, or null when the client said nothing about reasoning. */
    static ObjectNode config(ObjectNode request, String upstreamModel) {
        JsonNode reasoning = request.get("reasoning");
        if (!(reasoning instanceof ObjectNode)) {
            reasoning = null;
        }
        String effort = null;
        if (reasoning != null && reasoning.path("effort").isString()) {
            effort = reasoning.get("effort").asString().toLowerCase(Locale.ROOT);
        } else if (request.path("reasoning_effort").isString()) {
            effort = request.get("reasoning_effort").asString().toLowerCase(Locale.ROOT);
        }
        Integer budgetTokens = reasoning != null && reasoning.path("max_tokens").canConvertToInt()
                ? reasoning.get("max_tokens").asInt()
                : null;
        Boolean enabled = reasoning != null && reasoning.path("enabled").isBoolean()
                ? reasoning.get("enabled").asBoolean()
                : null;
        boolean exclude = reasoning != null && reasoning.path("exclude").asBoolean(false);
        JsonNode includeReasoning = request.get("include_reasoning");
        if (reasoning == null && effort == null && (includeReasoning == null || !includeReasoning.isBoolean())) {
            return null;
        }

        Family family = Family.of(upstreamModel);
        ObjectNode config = Json.object();
        if (Boolean.FALSE.equals(enabled) || "none".equals(effort) || (budgetTokens != null && budgetTokens == 0)) {
            if (family.levels) {
                config.put("thinkingLevel", family.pro ? "LOW" : "MINIMAL");
            } else {
                config.put("thinkingBudget", family.minBudget);
            }
            config.put("includeThoughts", false);
            return config;
        }
        if (budgetTokens != null) {
            config.put("thinkingBudget", budgetTokens < 0 ? -1 : family.clamp(budgetTokens));
        } else if (effort != null || Boolean.TRUE.equals(enabled)) {
            String level = effort == null ? "medium" : effort;
            if (family.levels) {
                config.put("thinkingLevel", family.level(level));
            } else {
                long base = maxTokens(request);
                if (base <= 0) {
                    base = family.maxBudget;
                }
                config.put("thinkingBudget", family.clamp(Math.round(base * ratio(level))));
            }
        }
        boolean include = !exclude && (includeReasoning == null || includeReasoning.asBoolean(true));
        config.put("includeThoughts", include);
        return config;
    }

    static double ratio(String effort) {
        return switch (effort) {
            case "minimal" -> 0.1;
            case "low" -> 0.2;
            case "high" -> 0.8;
            case "xhigh", "max" -> 0.95;
            default -> 0.5;
        };
    }

    /** True for models that take {@code thinkingLevel} (Gemini 3 and later) instead of {@code thinkingBudget}. */
    static boolean usesLevels(String upstreamModel) {
        return Family.of(upstreamModel).levels;
    }

    private static long maxTokens(ObjectNode request) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            if (request.path(field).canConvertToLong()) {
                return request.get(field).asLong();
            }
        }
        return 0;
    }

    private record Family(boolean levels, boolean pro, int minBudget, int lowestBudget, int maxBudget) {
        static Family of(String model) {
            String name = model.toLowerCase(Locale.ROOT);
            Matcher version = VERSION.matcher(name);
            boolean levels = version.find() && Integer.parseInt(version.group(1)) >= 3;
            boolean pro = name.contains("-pro");
            if (pro) {
                return new Family(levels, true, 128, 128, 32_768);
            }
            if (name.contains("flash-lite")) {
                return new Family(levels, false, 0, 512, 24_576);
            }
            return new Family(levels, false, 0, 1, 24_576);
        }

        int clamp(long budget) {
            return (int) Math.max(lowestBudget, Math.min(maxBudget, budget));
        }

        String level(String effort) {
            return switch (effort) {
                case "minimal" -> pro ? "LOW" : "MINIMAL";
                case "low" -> "LOW";
                case "high", "xhigh", "max" -> "HIGH";
                default -> pro ? "HIGH" : "MEDIUM";
            };
        }
    }
}
