package io.switchboard.routing;

import java.util.Set;

/**
 * What routing needs to know about one request, extracted by the API layer (routing never sees JSON).
 *
 * @param promptTokens estimated prompt tokens (messages and tool definitions)
 * @param maxTokens {@code max_tokens} (or {@code max_completion_tokens}), null when not given
 * @param inputModalities the input modalities the messages use: {@code text}, {@code image}, {@code audio},
 *     {@code file}, {@code video}
 * @param tools the request defines tools
 * @param toolChoice {@code tool_choice} when given: {@code none}, {@code auto}, {@code required} or {@code function}
 *     (a named function); null when absent
 * @param responseFormat {@code response_format.type} when given ({@code json_object}, {@code json_schema}, ...)
 * @param parameters the request's parameters in the catalog's {@code supported_parameters} vocabulary
 * @param stickyKey conversation key for sticky routing (already scoped to the caller's key), null for none
 * @param lastUserText the text of the last user message, for the auto router
 * @param messageCount number of messages in the conversation
 * @param reasoningRequested the client set {@code reasoning} or {@code reasoning_effort} itself
 */
public record RouteRequest(
        long promptTokens,
        Long maxTokens,
        Set<String> inputModalities,
        boolean tools,
        String toolChoice,
        String responseFormat,
        Set<String> parameters,
        String stickyKey,
        String lastUserText,
        int messageCount,
        boolean reasoningRequested) {
    /** A text request of unknown size with no special needs. */
    public static final RouteRequest ANY =
            new RouteRequest(0, null, Set.of("text"), false, null, null, Set.of(), null, "", 1, false);

    public RouteRequest {
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens is negative: " + promptTokens);
        }
        inputModalities = Set.copyOf(inputModalities);
        parameters = Set.copyOf(parameters);
        lastUserText = lastUserText == null ? "" : lastUserText;
    }

    /** Tokens the endpoint's context must hold: the prompt plus the requested completion. */
    public long requiredContext() {
        return promptTokens + (maxTokens == null ? 0 : maxTokens);
    }

    public boolean wantsJsonSchema() {
        return "json_schema".equals(responseFormat);
    }

    public boolean wantsJsonObject() {
        return "json_object".equals(responseFormat);
    }

    public RouteRequest withStickyKey(String key) {
        return new RouteRequest(
                promptTokens,
                maxTokens,
                inputModalities,
                tools,
                toolChoice,
                responseFormat,
                parameters,
                key,
                lastUserText,
                messageCount,
                reasoningRequested);
    }
}
