package io.switchboard.simulator;

import static io.switchboard.simulator.ByteSink.utf8;
import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * Writes a {@link SimulatedAnswer} in the Anthropic Messages wire format, shaped like Anthropic's recorded responses
 * (field order included): a {@code message} body, or the event stream {@code message_start}, then per content block
 * {@code content_block_start}, its deltas and {@code content_block_stop} ({@code ping} after the first block start),
 * then {@code message_delta} with {@code stop_reason} and the cumulative usage, then {@code message_stop}. Each event is
 * {@code event: <type>\ndata: <json>\n\n}.
 *
 * <p>Blocks: reasoning becomes a {@code thinking} block (one {@code thinking_delta} per token, then a
 * {@code signature_delta}); text a {@code text} block (one {@code text_delta} per token); each tool call a
 * {@code tool_use} block whose input streams as an empty {@code input_json_delta} followed by the argument fragments.
 * Content events (paced, counted by the {@code X-Sim-*-After-Chunks} directives) are the thinking, text and argument
 * deltas and the start of a tool block. The finish reason maps to {@code end_turn}, {@code stop_sequence} (with the
 * sequence), {@code max_tokens} or {@code tool_use}. Usage: {@code input_tokens} excludes the cached prompt tokens,
 * which are {@code cache_read_input_tokens}; {@code output_tokens} includes reasoning, and a non-streaming answer with
 * reasoning also reports {@code output_tokens_details.thinking_tokens}, as current models do.
 */
final class AnthropicWriter {
    private static final byte[] EVENT = utf8("event: ");
    private static final byte[] DATA = utf8("\ndata: ");
    private static final byte[] EVENT_END = utf8("\n\n");
    private static final byte[] PING = utf8("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    private static final byte[] MESSAGE_STOP = utf8("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    private static final byte[] OVERLOADED_EVENT = utf8("event: error\ndata: {\"type\":\"error\",\"error\":"
            + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
    private static final byte[] SIGNATURE_SALT = utf8("switchboard-simulator-thinking:");

    private final AnthropicMessagesRequest request;
    private final SimulatedAnswer answer;
    private final String stopSequence;
    private final String id;

    /** @param stopSequence the stop sequence that ended the text, or null */
    AnthropicWriter(AnthropicMessagesRequest request, SimulatedAnswer answer, String stopSequence) {
        this.request = requireNonNull(request, "request is null");
        this.answer = requireNonNull(answer, "answer is null");
        this.stopSequence = stopSequence;
        this.id = "msg_01" + Ids.alphanumeric(22);
    }

    /** The in-stream error Anthropic sends when it is overloaded after the response started. */
    static byte[] errorEvent() {
        return OVERLOADED_EVENT;
    }

    /**
     * The signature the simulator gives a thinking text; a thinking block sent back must carry it. Deterministic, so
     * any simulator instance accepts it, and base64 like Anthropic's.
     */
    static String signature(String thinking) {
        long hash = Ids.fnv1a(Ids.FNV_OFFSET, thinking);
        byte[] text = utf8(Long.toHexString(hash) + ":" + thinking.length());
        byte[] bytes = new byte[SIGNATURE_SALT.length + text.length];
        System.arraycopy(SIGNATURE_SALT, 0, bytes, 0, SIGNATURE_SALT.length);
        System.arraycopy(text, 0, bytes, SIGNATURE_SALT.length, text.length);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Tool-call ids in Anthropic's style, derived from the answer's ids. */
    static String toolId(SimulatedToolCall call) {
        String suffix = call.id().startsWith("call_") ? call.id().substring(5) : call.id();
        return "toolu_01" + suffix.replaceAll("[^a-zA-Z0-9]", "");
    }

    // ---------------------------------------------------------------- non-streaming

    byte[] body() {
        ByteSink out =
                new ByteSink(512 + (answer.content().size() + answer.reasoning().size()) * 12);
        out.raw(utf8("{\"model\":")).quoted(request.model());
        out.raw(utf8(",\"id\":")).quoted(id);
        out.raw(utf8(",\"type\":\"message\",\"role\":\"assistant\",\"content\":["));
        boolean first = true;
        if (!answer.reasoning().isEmpty()) {
            out.raw(utf8("{\"type\":\"thinking\",\"thinking\":\""));
            tokens(out, answer.reasoning());
            out.raw(utf8("\",\"signature\":")).quoted(signature(answer.reasoningText()));
            out.raw((byte) '}');
            first = false;
        }
        if (hasTextBlock()) {
            if (!first) {
                out.raw((byte) ',');
            }
            out.raw(utf8("{\"type\":\"text\",\"text\":\""));
            tokens(out, answer.content());
            out.raw(utf8("\"}"));
            first = false;
        }
        for (SimulatedToolCall call : answer.toolCalls()) {
            if (!first) {
                out.raw((byte) ',');
            }
            out.raw(utf8("{\"type\":\"tool_use\",\"id\":")).quoted(toolId(call));
            out.raw(utf8(",\"name\":")).quoted(call.name());
            out.raw(utf8(",\"input\":")).raw(utf8(call.arguments())).raw((byte) '}');
            first = false;
        }
        out.raw(utf8("],\"stop_reason\":")).quoted(stopReason());
        out.raw(utf8(",\"stop_sequence\":")).quoted(stopSequence);
        SimulatedUsage usage = answer.usage();
        out.raw(utf8(",\"usage\":{\"input_tokens\":")).number(usage.promptTokens() - usage.cachedTokens());
        out.raw(utf8(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":"))
                .number(usage.cachedTokens());
        out.raw(utf8(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0}"));
        out.raw(utf8(",\"output_tokens\":")).number(usage.completionTokens());
        if (usage.reasoningTokens() > 0) {
            out.raw(utf8(",\"output_tokens_details\":{\"thinking_tokens\":"))
                    .number(usage.reasoningTokens())
                    .raw((byte) '}');
        }
        out.raw(utf8(",\"service_tier\":\"standard\",\"inference_geo\":\"not_available\"}}"));
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- streaming

    /** Writes the whole stream; a {@link StreamInterrupted} from {@code stream} propagates to the caller. */
    void stream(EventStream stream) {
        ByteSink out = new ByteSink(512);
        SimulatedUsage usage = answer.usage();

        event(out, "message_start");
        out.raw(utf8("{\"type\":\"message_start\",\"message\":{\"model\":")).quoted(request.model());
        out.raw(utf8(",\"id\":")).quoted(id);
        out.raw(utf8(",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":"));
        out.number(usage.promptTokens() - usage.cachedTokens());
        out.raw(utf8(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":"))
                .number(usage.cachedTokens());
        out.raw(utf8(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},"
                + "\"output_tokens\":1,\"service_tier\":\"standard\",\"inference_geo\":\"not_available\"}}}"));
        stream.control(end(out));

        int index = 0;
        if (!answer.reasoning().isEmpty()) {
            blockStart(stream, out, index, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}", false);
            for (Token token : answer.reasoning()) {
                delta(out, index, "{\"type\":\"thinking_delta\",\"thinking\":\"", token.json());
                stream.content(end(out));
            }
            event(out, "content_block_delta");
            out.raw(utf8("{\"type\":\"content_block_delta\",\"index\":")).number(index);
            out.raw(utf8(",\"delta\":{\"type\":\"signature_delta\",\"signature\":"))
                    .quoted(signature(answer.reasoningText()))
                    .raw(utf8("}}"));
            stream.control(end(out));
            blockStop(stream, out, index++);
        }
        if (hasTextBlock()) {
            blockStart(stream, out, index, "{\"type\":\"text\",\"text\":\"\"}", false);
            for (Token token : answer.content()) {
                delta(out, index, "{\"type\":\"text_delta\",\"text\":\"", token.json());
                stream.content(end(out));
            }
            blockStop(stream, out, index++);
        }
        for (SimulatedToolCall call : answer.toolCalls()) {
            ByteSink start = new ByteSink(128);
            start.raw(utf8("{\"type\":\"tool_use\",\"id\":")).quoted(toolId(call));
            start.raw(utf8(",\"name\":")).quoted(call.name()).raw(utf8(",\"input\":{}}"));
            blockStart(stream, out, index, start.toString(), true);
            delta(out, index, "{\"type\":\"input_json_delta\",\"partial_json\":\"", new byte[0]);
            stream.control(end(out));
            for (Token fragment : call.argumentFragments()) {
                delta(out, index, "{\"type\":\"input_json_delta\",\"partial_json\":\"", fragment.json());
                stream.content(end(out));
            }
            blockStop(stream, out, index++);
        }

        stream.checkpoint(true);
        event(out, "message_delta");
        out.raw(utf8("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":")).quoted(stopReason());
        out.raw(utf8(",\"stop_sequence\":")).quoted(stopSequence);
        out.raw(utf8("},\"usage\":{\"input_tokens\":")).number(usage.promptTokens() - usage.cachedTokens());
        out.raw(utf8(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":"))
                .number(usage.cachedTokens());
        out.raw(utf8(",\"output_tokens\":")).number(usage.completionTokens()).raw(utf8("}}"));
        stream.control(end(out));
        stream.last(ByteBuffer.wrap(MESSAGE_STOP));
    }

    /** Starts a block; the first block start is followed by a {@code ping}, as Anthropic sends it. */
    private static void blockStart(EventStream stream, ByteSink out, int index, String block, boolean content) {
        event(out, "content_block_start");
        out.raw(utf8("{\"type\":\"content_block_start\",\"index\":")).number(index);
        out.raw(utf8(",\"content_block\":")).raw(utf8(block)).raw((byte) '}');
        if (content) {
            stream.content(end(out));
        } else {
            stream.control(end(out));
        }
        if (index == 0) {
            stream.control(ByteBuffer.wrap(PING));
        }
    }

    private static void blockStop(EventStream stream, ByteSink out, int index) {
        event(out, "content_block_stop");
        out.raw(utf8("{\"type\":\"content_block_stop\",\"index\":"))
                .number(index)
                .raw((byte) '}');
        stream.control(end(out));
    }

    private static void delta(ByteSink out, int index, String open, byte[] escaped) {
        event(out, "content_block_delta");
        out.raw(utf8("{\"type\":\"content_block_delta\",\"index\":")).number(index);
        out.raw(utf8(",\"delta\":")).raw(utf8(open)).raw(escaped).raw(utf8("\"}}"));
    }

    private static void event(ByteSink out, String type) {
        out.clear().raw(EVENT).raw(utf8(type)).raw(DATA);
    }

    private static ByteBuffer end(ByteSink out) {
        return out.raw(EVENT_END).asByteBuffer();
    }

    private static void tokens(ByteSink out, List<Token> tokens) {
        for (Token token : tokens) {
            out.raw(token.json());
        }
    }

    /** A text block is written when there is text, or when nothing else would be in the message. */
    private boolean hasTextBlock() {
        return !answer.content().isEmpty()
                || (answer.toolCalls().isEmpty() && answer.reasoning().isEmpty());
    }

    private String stopReason() {
        return switch (answer.finishReason()) {
            case STOP -> stopSequence == null ? "end_turn" : "stop_sequence";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
        };
    }

    // ---------------------------------------------------------------- errors

    /** {@code {"type":"error","error":{"type","message"},"request_id"}}. */
    static byte[] errorBody(RequestRejected error, String requestId) {
        ByteSink out = new ByteSink(256);
        out.raw(utf8("{\"type\":\"error\",\"error\":{\"type\":")).quoted(error.type());
        out.raw(utf8(",\"message\":")).quoted(error.getMessage());
        out.raw(utf8("},\"request_id\":")).quoted(requestId).raw((byte) '}');
        return out.toByteArray();
    }

    /**
     * The error Anthropic sends with {@code status}; {@code X-Sim-Error-Type} and {@code X-Sim-Error-Message} override
     * its fields.
     */
    static RequestRejected injected(int status, Directives directives) {
        String type;
        String message;
        switch (status) {
            case 400 -> {
                type = "invalid_request_error";
                message = "Invalid request (injected by the simulator).";
            }
            case 401 -> {
                type = "authentication_error";
                message = "invalid x-api-key";
            }
            case 402 -> {
                type = "billing_error";
                message = "Your credit balance is too low to access the Anthropic API.";
            }
            case 403 -> {
                type = "permission_error";
                message = "Your API key does not have permission to use the specified resource.";
            }
            case 404 -> {
                type = "not_found_error";
                message = "model: not found";
            }
            case 413 -> {
                type = "request_too_large";
                message = "Request exceeds the maximum allowed number of bytes.";
            }
            case 429 -> {
                type = "rate_limit_error";
                message = "This request would exceed the rate limit for your organization. Please try again later.";
            }
            case 500 -> {
                type = "api_error";
                message = "Internal server error";
            }
            case 504 -> {
                type = "timeout_error";
                message = "Request timed out";
            }
            case 529 -> {
                type = "overloaded_error";
                message = "Overloaded";
            }
            default -> {
                type = status >= 500 ? "api_error" : "invalid_request_error";
                message = "Simulated error with status " + status + ".";
            }
        }
        return new RequestRejected(
                status,
                requireNonNullElse(directives.errorType(), type),
                requireNonNullElse(directives.errorMessage(), message),
                null,
                null);
    }
}
