package io.switchboard.providers.anthropic;

import io.switchboard.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic token counts, merged from {@code message_start} and {@code message_delta} (the latest value of each field
 * wins: the delta's counts are cumulative and may restate the input), and rendered in OpenAI's shape.
 *
 * <p>Anthropic's {@code input_tokens} excludes cache reads and writes, OpenAI's {@code prompt_tokens} includes them:
 * {@code prompt_tokens = input + cache_read + cache_creation}, {@code cached_tokens = cache_read},
 * {@code cache_write_tokens = cache_creation}; {@code completion_tokens = output_tokens} (thinking included) and
 * {@code reasoning_tokens = output_tokens_details.thinking_tokens} when Anthropic reports it.
 */
final class AnthropicUsage {
    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long output;
    private long thinking;
    private boolean seen;

    /** Takes every count present in an Anthropic {@code usage} object. */
    void merge(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        seen = true;
        input = take(usage, "input_tokens", input);
        cacheRead = take(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = take(usage, "cache_creation_input_tokens", cacheCreation);
        output = take(usage, "output_tokens", output);
        thinking = take(usage.path("output_tokens_details"), "thinking_tokens", thinking);
    }

    boolean seen() {
        return seen;
    }

    private static long take(JsonNode usage, String field, long previous) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() ? Math.max(0, value.asLong()) : previous;
    }

    ObjectNode toOpenAi() {
        long prompt = input + cacheRead + cacheCreation;
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", prompt + output);
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", cacheRead);
        promptDetails.put("cache_write_tokens", cacheCreation);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", Math.min(thinking, output));
        return usage;
    }

    static ObjectNode toOpenAi(JsonNode anthropicUsage) {
        AnthropicUsage usage = new AnthropicUsage();
        usage.merge(anthropicUsage);
        return usage.toOpenAi();
    }
}
