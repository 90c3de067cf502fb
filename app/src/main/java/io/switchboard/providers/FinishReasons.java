package io.switchboard.providers;

import java.util.Locale;

/** Maps every provider's finish reason onto OpenRouter's five: stop, length, tool_calls, content_filter, error. */
public final class FinishReasons {
    private FinishReasons() {}

    public static String normalize(String nativeReason) {
        if (nativeReason == null) {
            return null;
        }
        return switch (nativeReason.toLowerCase(Locale.ROOT)) {
            case "stop", "end_turn", "stop_sequence", "eos", "eos_token", "complete", "finish" -> "stop";
            case "length", "max_tokens", "model_length", "max_output_tokens", "model_context_window_exceeded" ->
                "length";
            case "tool_calls", "function_call", "tool_use" -> "tool_calls";
            case "content_filter", "safety", "recitation", "refusal", "blocklist", "prohibited_content", "spii" ->
                "content_filter";
            case "error" -> "error";
            default -> "stop";
        };
    }
}
