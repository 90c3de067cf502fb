package io.switchboard.simulator;

import static io.switchboard.simulator.ByteSink.utf8;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a {@link SimulatedAnswer} in the OpenAI Chat Completions wire format, byte for byte shaped like OpenAI's own
 * responses (field order included): {@code chat.completion} bodies and {@code chat.completion.chunk} events with
 * {@code service_tier}, {@code system_fingerprint}, {@code logprobs: null} and, unless the request turned it off,
 * {@code obfuscation} padding. Every constant part is encoded once; the per-request chunk prefix is encoded once per
 * stream, and all events of a stream are assembled in one reused buffer.
 *
 * <p>Stream: a role chunk ({@code role: "assistant", content: "", refusal: null}), then one chunk per reasoning token
 * ({@code delta.reasoning}), per text token ({@code delta.content}) or per tool-call fragment (first
 * {@code index, id, type, function.name, function.arguments: ""}, then {@code index} and argument fragments), then a
 * chunk with an empty delta and the {@code finish_reason}, then, only with {@code stream_options.include_usage}, a chunk
 * with {@code choices: []} and the usage, then {@code data: [DONE]}. With {@code include_usage} every other chunk
 * carries {@code "usage": null}, as OpenAI sends it.
 */
final class OpenAiChatWriter {
    private static final byte[] DATA = utf8("data: ");
    private static final byte[] ID_OPEN = utf8("{\"id\":\"");
    private static final byte[] BODY_CHOICES_OPEN = utf8(",\"choices\":[");
    private static final byte[] NULL = utf8("null");
    private static final byte[] EVENT_END = utf8("\n\n");
    private static final byte[] DONE = utf8("data: [DONE]\n\n");
    private static final byte[] CHUNK_OBJECT = utf8("\",\"object\":\"chat.completion.chunk\",\"created\":");
    private static final byte[] COMPLETION_OBJECT = utf8("\",\"object\":\"chat.completion\",\"created\":");
    private static final byte[] MODEL = utf8(",\"model\":");
    private static final byte[] TIER_AND_FINGERPRINT = utf8(",\"service_tier\":\"default\",\"system_fingerprint\":\"");
    private static final byte[] CHOICES_OPEN = utf8("\",\"choices\":[");
    private static final byte[] ROLE_CHOICE =
            utf8("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                    + "\"logprobs\":null,\"finish_reason\":null}");
    private static final byte[] CONTENT_OPEN = utf8("{\"index\":0,\"delta\":{\"content\":\"");
    private static final byte[] REASONING_OPEN = utf8("{\"index\":0,\"delta\":{\"reasoning\":\"");
    private static final byte[] DELTA_CLOSE = utf8("\"},\"logprobs\":null,\"finish_reason\":null}");
    private static final byte[] TOOL_OPEN = utf8("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":");
    private static final byte[] TOOL_ID = utf8(",\"id\":\"");
    private static final byte[] TOOL_NAME = utf8("\",\"type\":\"function\",\"function\":{\"name\":\"");
    private static final byte[] TOOL_FIRST_CLOSE =
            utf8("\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}");
    private static final byte[] TOOL_ARGUMENTS = utf8(",\"function\":{\"arguments\":\"");
    private static final byte[] TOOL_FRAGMENT_CLOSE = utf8("\"}}]},\"logprobs\":null,\"finish_reason\":null}");
    private static final byte[] FINISH_OPEN = utf8("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] FINISH_CLOSE = utf8("\"}");
    private static final byte[] CHOICES_CLOSE = utf8("]");
    private static final byte[] USAGE_NULL = utf8(",\"usage\":null");
    private static final byte[] USAGE = utf8(",\"usage\":");
    private static final byte[] OBFUSCATION = utf8(",\"obfuscation\":\"");
    private static final byte[] QUOTE_BRACE = utf8("\"}");
    private static final byte[] BRACE = utf8("}");

    private static final byte[] MESSAGE_OPEN = utf8("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
    private static final byte[] MESSAGE_REASONING = utf8(",\"reasoning\":");
    private static final byte[] MESSAGE_TOOL_CALLS = utf8(",\"tool_calls\":[");
    private static final byte[] MESSAGE_CLOSE =
            utf8(",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] CALL_ID = utf8("{\"id\":\"");
    private static final byte[] CALL_NAME = utf8("\",\"type\":\"function\",\"function\":{\"name\":\"");
    private static final byte[] CALL_ARGUMENTS = utf8("\",\"arguments\":");
    private static final byte[] CALL_CLOSE = utf8("}}");
    private static final byte[] BODY_TAIL_OPEN = utf8(",\"service_tier\":\"default\",\"system_fingerprint\":\"");

    private static final byte[] PROMPT_TOKENS = utf8("{\"prompt_tokens\":");
    private static final byte[] COMPLETION_TOKENS = utf8(",\"completion_tokens\":");
    private static final byte[] TOTAL_TOKENS = utf8(",\"total_tokens\":");
    private static final byte[] CACHED_TOKENS = utf8(",\"prompt_tokens_details\":{\"cached_tokens\":");
    private static final byte[] REASONING_TOKENS =
            utf8(",\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":");
    private static final byte[] USAGE_CLOSE =
            utf8(",\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}");

    /** OpenAI pads chunks with a random-looking {@code obfuscation} string; these cycle through varied lengths. */
    private static final byte[][] OBFUSCATIONS = {
        utf8("Qup1BsQ3"), utf8("dTh"), utf8("yoKFv"), utf8("HqIZSrV"), utf8("Q7"), utf8("EL4VSH"), utf8("lRiTysVW"),
        utf8("1NOsFq"), utf8("v17"), utf8("ic9qYZ"), utf8("w"), utf8("KlwDJDfN3PgT7R"), utf8("tzdT6kVmv"), utf8("8"),
        utf8("aLRd"), utf8("jv")
    };

    private static final byte[] SERVER_ERROR_EVENT = utf8(
            "data: {\"error\":{\"message\":\"The server had an error while"
                    + " processing your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");

    private final OpenAiChatRequest request;
    private final SimulatedAnswer answer;
    private final String id;
    private final long created;
    private final String fingerprint;

    OpenAiChatWriter(OpenAiChatRequest request, SimulatedAnswer answer, long created) {
        this.request = requireNonNull(request, "request is null");
        this.answer = requireNonNull(answer, "answer is null");
        this.id = "chatcmpl-" + Ids.alphanumeric(29);
        this.created = created;
        this.fingerprint = fingerprint(request.model());
    }

    /** The in-stream error event OpenAI clients recognise: a {@code data:} payload with a top-level {@code error}. */
    static byte[] errorEvent() {
        return SERVER_ERROR_EVENT;
    }

    /** A stable {@code fp_} fingerprint per model, as OpenAI reports one per backend configuration. */
    static String fingerprint(String model) {
        long hash = Ids.fnv1a(Ids.FNV_OFFSET, model);
        String hex = Long.toHexString(hash | Long.MIN_VALUE);
        return "fp_" + hex.substring(hex.length() - 10);
    }

    /** The complete {@code chat.completion} body. */
    byte[] body() {
        ByteSink out = new ByteSink(512 + answer.content().size() * 12);
        out.raw(ID_OPEN).raw(utf8(id)).raw(COMPLETION_OBJECT).number(created);
        out.raw(MODEL).quoted(request.model());
        out.raw(BODY_CHOICES_OPEN).raw(MESSAGE_OPEN);
        if (answer.hasToolCalls()) {
            out.raw(NULL);
        } else {
            out.raw((byte) '"');
            for (Token token : answer.content()) {
                out.raw(token.json());
            }
            out.raw((byte) '"');
        }
        if (!answer.reasoning().isEmpty()) {
            out.raw(MESSAGE_REASONING).raw((byte) '"');
            for (Token token : answer.reasoning()) {
                out.raw(token.json());
            }
            out.raw((byte) '"');
        }
        if (answer.hasToolCalls()) {
            out.raw(MESSAGE_TOOL_CALLS);
            List<SimulatedToolCall> calls = answer.toolCalls();
            for (int i = 0; i < calls.size(); i++) {
                SimulatedToolCall call = calls.get(i);
                if (i > 0) {
                    out.raw((byte) ',');
                }
                out.raw(CALL_ID).raw(utf8(call.id())).raw(CALL_NAME).raw(Token.escape(call.name()));
                out.raw(CALL_ARGUMENTS).quoted(call.arguments()).raw(CALL_CLOSE);
            }
            out.raw((byte) ']');
        }
        out.raw(MESSAGE_CLOSE)
                .raw(finishReason(answer.finishReason()))
                .raw(QUOTE_BRACE)
                .raw(CHOICES_CLOSE);
        out.raw(USAGE);
        usage(out, answer.usage());
        out.raw(BODY_TAIL_OPEN).raw(utf8(fingerprint)).raw(QUOTE_BRACE);
        return out.toByteArray();
    }

    /** Writes the whole stream; a {@link StreamInterrupted} from {@code stream} propagates to the caller. */
    void stream(EventStream stream) {
        byte[] prefix = chunkPrefix();
        ByteSink out = new ByteSink(prefix.length + 256);
        int chunk = 0;

        chunk(out, prefix).raw(ROLE_CHOICE);
        stream.control(chunkSuffix(out, chunk++).asByteBuffer());
        for (Token token : answer.reasoning()) {
            chunk(out, prefix).raw(REASONING_OPEN).raw(token.json()).raw(DELTA_CLOSE);
            stream.content(chunkSuffix(out, chunk++).asByteBuffer());
        }
        for (Token token : answer.content()) {
            chunk(out, prefix).raw(CONTENT_OPEN).raw(token.json()).raw(DELTA_CLOSE);
            stream.content(chunkSuffix(out, chunk++).asByteBuffer());
        }
        List<SimulatedToolCall> calls = answer.toolCalls();
        for (int index = 0; index < calls.size(); index++) {
            SimulatedToolCall call = calls.get(index);
            chunk(out, prefix).raw(TOOL_OPEN).number(index).raw(TOOL_ID).raw(utf8(call.id()));
            out.raw(TOOL_NAME).raw(Token.escape(call.name())).raw(TOOL_FIRST_CLOSE);
            stream.content(chunkSuffix(out, chunk++).asByteBuffer());
            for (Token fragment : call.argumentFragments()) {
                chunk(out, prefix).raw(TOOL_OPEN).number(index).raw(TOOL_ARGUMENTS);
                out.raw(fragment.json()).raw(TOOL_FRAGMENT_CLOSE);
                stream.content(chunkSuffix(out, chunk++).asByteBuffer());
            }
        }
        stream.checkpoint(true);
        chunk(out, prefix)
                .raw(FINISH_OPEN)
                .raw(finishReason(answer.finishReason()))
                .raw(FINISH_CLOSE);
        stream.control(chunkSuffix(out, chunk++).asByteBuffer());
        if (request.includeUsage()) {
            chunk(out, prefix).raw(CHOICES_CLOSE).raw(USAGE);
            usage(out, answer.usage());
            obfuscation(out, chunk++).raw(BRACE).raw(EVENT_END);
            stream.control(out.asByteBuffer());
        }
        stream.last(ByteBuffer.wrap(DONE));
    }

    /** {@code data: {"id":...,"object":"chat.completion.chunk",...,"choices":[} for this stream. */
    private byte[] chunkPrefix() {
        ByteSink prefix = new ByteSink(160);
        prefix.raw(DATA).raw(ID_OPEN).raw(utf8(id)).raw(CHUNK_OBJECT).number(created);
        prefix.raw(MODEL).quoted(request.model()).raw(TIER_AND_FINGERPRINT).raw(utf8(fingerprint));
        prefix.raw(CHOICES_OPEN);
        return prefix.toByteArray();
    }

    private static ByteSink chunk(ByteSink out, byte[] prefix) {
        return out.clear().raw(prefix);
    }

    /** Closes {@code choices}, adds {@code usage: null} and the obfuscation as the request asked, ends the event. */
    private ByteSink chunkSuffix(ByteSink out, int sequence) {
        out.raw(CHOICES_CLOSE);
        if (request.includeUsage()) {
            out.raw(USAGE_NULL);
        }
        return obfuscation(out, sequence).raw(BRACE).raw(EVENT_END);
    }

    private ByteSink obfuscation(ByteSink out, int sequence) {
        if (request.includeObfuscation()) {
            out.raw(OBFUSCATION)
                    .raw(OBFUSCATIONS[sequence % OBFUSCATIONS.length])
                    .raw((byte) '"');
        }
        return out;
    }

    private static void usage(ByteSink out, SimulatedUsage usage) {
        out.raw(PROMPT_TOKENS).number(usage.promptTokens());
        out.raw(COMPLETION_TOKENS).number(usage.completionTokens());
        out.raw(TOTAL_TOKENS).number(usage.totalTokens());
        out.raw(CACHED_TOKENS).number(usage.cachedTokens());
        out.raw(REASONING_TOKENS).number(usage.reasoningTokens());
        out.raw(USAGE_CLOSE);
    }

    private static final byte[] STOP = utf8("stop");
    private static final byte[] LENGTH = utf8("length");
    private static final byte[] TOOL_CALLS = utf8("tool_calls");

    private static byte[] finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> STOP;
            case LENGTH -> LENGTH;
            case TOOL_CALLS -> TOOL_CALLS;
        };
    }
}
