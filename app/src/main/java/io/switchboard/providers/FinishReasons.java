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
            case "content_filter",
                    "safety",
                    "recitation",
                    "refusal",
                    "blocklist",
                    "prohibited_content",
                    "spii",
                    "image_safety",
                    "image_prohibited_content",
                    "image_recitation",
                    "language" -> "content_filter";
            // Gemini's failed tool-call turns: nothing usable came back, a retry often succeeds. DeepSeek ends a
            // generation it could not finish with insufficient_system_resource.
            case "error",
                    "malformed_function_call",
                    "unexpected_tool_call",
                    "too_many_tool_calls",
                    "insufficient_system_resource" -> "error";
            default -> "stop";
        };
    }
}
