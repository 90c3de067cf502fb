package io.switchboard.simulator;

import static io.switchboard.simulator.ByteSink.utf8;
import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes a {@link SimulatedAnswer} in Gemini's {@code generateContent} wire format, shaped like Gemini's recorded
 * responses (field order included).
 *
 * <p>Body: one candidate ({@code content.parts}, {@code role: "model"}, {@code finishReason}, {@code index: 0}, and
 * {@code finishMessage} for a function-call turn), {@code usageMetadata} ({@code promptTokenCount},
 * {@code candidatesTokenCount} without thoughts, {@code totalTokenCount}, {@code promptTokensDetails},
 * {@code cachedContentTokenCount} when some, {@code thoughtsTokenCount} when the model thought), {@code modelVersion}
 * and {@code responseId}. Parts in order: the thoughts ({@code thought: true}) when returned, the text, one
 * {@code functionCall {name, args}} per call ({@code args} left out when empty, as Gemini does). Finish reasons:
 * {@code STOP}, {@code MAX_TOKENS}, and {@code STOP} for function calls too.
 *
 * <p>Thought signatures (opaque, recognised by {@link #isSimulatorSignature}): on the first {@code functionCall} part
 * always; on the thought part when thoughts are returned; on the text when the model thought but hid it (in a stream:
 * on the empty text part of the last chunk, as Gemini 3 does).
 *
 * <p>Stream ({@code alt=sse}): {@code data: <GenerateContentResponse>} per event, one per thought token, per text
 * token and per function call (calls arrive whole), then a last chunk with an empty text part, the
 * {@code finishReason} and the {@code usageMetadata}; no terminator. Only the last chunk carries usage.
 */
final class GeminiWriter {
    private static final String SIGNATURE_PREFIX = "switchboard-simulator:";
    private static final byte[] DATA = utf8("data: ");
    private static final byte[] EVENT_END = utf8("\n\n");
    private static final byte[] CANDIDATES_OPEN = utf8("{\"candidates\":[{\"content\":{");
    private static final byte[] PARTS_OPEN = utf8("\"parts\":[");
    private static final byte[] PARTS_CLOSE = utf8("],");
    private static final byte[] ROLE = utf8("\"role\":\"model\"}");
    private static final byte[] FINISH = utf8(",\"finishReason\":\"");
    private static final byte[] INDEX = utf8(",\"index\":0");
    private static final byte[] FINISH_MESSAGE = utf8(",\"finishMessage\":\"Model generated function call(s).\"");
    private static final byte[] CANDIDATES_CLOSE = utf8("}]");
    private static final byte[] USAGE = utf8(",\"usageMetadata\":{\"promptTokenCount\":");
    private static final byte[] CANDIDATES_TOKENS = utf8(",\"candidatesTokenCount\":");
    private static final byte[] TOTAL_TOKENS = utf8(",\"totalTokenCount\":");
    private static final byte[] PROMPT_DETAILS =
            utf8(",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":");
    private static final byte[] CACHED_TOKENS = utf8("}],\"cachedContentTokenCount\":");
    private static final byte[] PROMPT_DETAILS_CLOSE = utf8("}]");
    private static final byte[] THOUGHTS_TOKENS = utf8(",\"thoughtsTokenCount\":");
    private static final byte[] MODEL_VERSION = utf8(",\"modelVersion\":");
    private static final byte[] RESPONSE_ID = utf8(",\"responseId\":\"");
    private static final byte[] END = utf8("\"}");
    private static final byte[] TEXT_OPEN = utf8("{\"text\":\"");
    private static final byte[] THOUGHT = utf8("\",\"thought\":true");
    private static final byte[] QUOTE = utf8("\"");
    private static final byte[] SIGNATURE = utf8(",\"thoughtSignature\":\"");
    private static final byte[] CALL_OPEN = utf8("{\"functionCall\":{\"name\":\"");
    private static final byte[] CALL_ARGS = utf8("\",\"args\":");
    private static final byte[] CALL_CLOSE = utf8("}");
    private static final byte[] STOP = utf8("STOP");
    private static final byte[] MAX_TOKENS = utf8("MAX_TOKENS");
    private static final byte[] CHUNK_CLOSE = utf8("],\"role\":\"model\"},\"index\":0}]");
    private static final byte[] EMPTY_TEXT = utf8("{\"text\":\"\"");

    private static final byte[] SERVER_ERROR_EVENT = utf8("data: {\"error\":{\"code\":500,\"message\":\"An internal"
            + " error has occurred. Please retry or report in"
            + " https://developers.generativeai.google/guide/troubleshooting\",\"status\":\"INTERNAL\"}}\n\n");

    private final String model;
    private final SimulatedAnswer answer;
    private final String responseId;
    private final boolean thought;

    GeminiWriter(String model, SimulatedAnswer answer) {
        this.model = requireNonNull(model, "model is null");
        this.answer = requireNonNull(answer, "answer is null");
        this.responseId = Ids.alphanumeric(23);
        this.thought = answer.usage().reasoningTokens() > 0;
    }

    /** Gemini's in-stream error event, written for {@code X-Sim-Error-After-Chunks}. */
    static byte[] errorEvent() {
        return SERVER_ERROR_EVENT;
    }

    /** True for the signatures this simulator issues. */
    static boolean isSimulatorSignature(String signature) {
        try {
            return new String(Base64.getDecoder().decode(signature), StandardCharsets.UTF_8)
                    .startsWith(SIGNATURE_PREFIX);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] signature(String position) {
        String plain = SIGNATURE_PREFIX + responseId + ":" + position;
        return utf8(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** The complete {@code GenerateContentResponse}. */
    byte[] body() {
        ByteSink out =
                new ByteSink(512 + (answer.content().size() + answer.reasoning().size()) * 12);
        out.raw(CANDIDATES_OPEN);
        boolean hasParts = !answer.reasoning().isEmpty() || !answer.content().isEmpty() || answer.hasToolCalls();
        if (hasParts) {
            out.raw(PARTS_OPEN);
            boolean first = true;
            if (!answer.reasoning().isEmpty()) {
                out.raw(TEXT_OPEN);
                answer.reasoning().forEach(token -> out.raw(token.json()));
                out.raw(THOUGHT).raw(SIGNATURE).raw(signature("thought")).raw(END);
                first = false;
            }
            if (!answer.content().isEmpty()) {
                comma(out, first);
                out.raw(TEXT_OPEN);
                answer.content().forEach(token -> out.raw(token.json()));
                out.raw(QUOTE);
                if (thought && answer.reasoning().isEmpty()) {
                    out.raw(SIGNATURE).raw(signature("text")).raw(QUOTE);
                }
                out.raw(CALL_CLOSE);
                first = false;
            }
            List<SimulatedToolCall> calls = answer.toolCalls();
            for (int i = 0; i < calls.size(); i++) {
                comma(out, first);
                functionCall(out, calls.get(i), i);
                first = false;
            }
            out.raw(PARTS_CLOSE);
        }
        out.raw(ROLE).raw(FINISH).raw(finishReason()).raw(QUOTE).raw(INDEX);
        if (answer.hasToolCalls()) {
            out.raw(FINISH_MESSAGE);
        }
        out.raw(CANDIDATES_CLOSE);
        usage(out);
        tail(out);
        return out.toByteArray();
    }

    /** Writes the whole stream; a {@link StreamInterrupted} from {@code stream} propagates to the caller. */
    void stream(EventStream stream) {
        byte[] suffix = chunkSuffix();
        ByteSink out = new ByteSink(256);
        List<Token> reasoning = answer.reasoning();
        for (int i = 0; i < reasoning.size(); i++) {
            out.clear().raw(DATA).raw(CANDIDATES_OPEN).raw(PARTS_OPEN).raw(TEXT_OPEN);
            out.raw(reasoning.get(i).json()).raw(THOUGHT);
            if (i == 0) {
                out.raw(SIGNATURE).raw(signature("thought")).raw(QUOTE);
            }
            out.raw(CALL_CLOSE).raw(suffix);
            stream.content(out.asByteBuffer());
        }
        for (Token token : answer.content()) {
            out.clear().raw(DATA).raw(CANDIDATES_OPEN).raw(PARTS_OPEN).raw(TEXT_OPEN);
            out.raw(token.json()).raw(END).raw(suffix);
            stream.content(out.asByteBuffer());
        }
        List<SimulatedToolCall> calls = answer.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            out.clear().raw(DATA).raw(CANDIDATES_OPEN).raw(PARTS_OPEN);
            functionCall(out, calls.get(i), i);
            out.raw(suffix);
            stream.content(out.asByteBuffer());
        }
        stream.checkpoint(true);
        out.clear().raw(DATA).raw(CANDIDATES_OPEN).raw(PARTS_OPEN).raw(EMPTY_TEXT);
        if (thought && reasoning.isEmpty() && !answer.hasToolCalls()) {
            out.raw(SIGNATURE).raw(signature("text")).raw(QUOTE);
        }
        out.raw(CALL_CLOSE)
                .raw(PARTS_CLOSE)
                .raw(ROLE)
                .raw(FINISH)
                .raw(finishReason())
                .raw(QUOTE);
        out.raw(INDEX).raw(CANDIDATES_CLOSE);
        usage(out);
        tail(out);
        out.raw(EVENT_END);
        stream.last(out.asByteBuffer());
    }

    private void functionCall(ByteSink out, SimulatedToolCall call, int index) {
        out.raw(CALL_OPEN).raw(Token.escape(call.name()));
        if (call.arguments().equals("{}")) {
            out.raw(QUOTE);
        } else {
            out.raw(CALL_ARGS).raw(utf8(call.arguments()));
        }
        out.raw(CALL_CLOSE);
        if (index == 0) {
            out.raw(SIGNATURE).raw(signature("call")).raw(QUOTE);
        }
        out.raw(CALL_CLOSE);
    }

    /** {@code ],"role":"model"},"index":0}],"modelVersion":...,"responseId":...}} and the event end. */
    private byte[] chunkSuffix() {
        ByteSink suffix = new ByteSink(96);
        suffix.raw(CHUNK_CLOSE);
        tail(suffix);
        suffix.raw(EVENT_END);
        return suffix.toByteArray();
    }

    private void usage(ByteSink out) {
        SimulatedUsage usage = answer.usage();
        out.raw(USAGE).number(usage.promptTokens());
        out.raw(CANDIDATES_TOKENS).number(usage.completionTokens() - usage.reasoningTokens());
        out.raw(TOTAL_TOKENS).number(usage.totalTokens());
        out.raw(PROMPT_DETAILS).number(usage.promptTokens());
        if (usage.cachedTokens() > 0) {
            out.raw(CACHED_TOKENS).number(usage.cachedTokens());
        } else {
            out.raw(PROMPT_DETAILS_CLOSE);
        }
        if (usage.reasoningTokens() > 0) {
            out.raw(THOUGHTS_TOKENS).number(usage.reasoningTokens());
        }
        out.raw(CALL_CLOSE);
    }

    private static void comma(ByteSink out, boolean first) {
        if (!first) {
            out.raw((byte) ',');
        }
    }

    private void tail(ByteSink out) {
        out.raw(MODEL_VERSION)
                .quoted(model)
                .raw(RESPONSE_ID)
                .raw(utf8(responseId))
                .raw(END);
    }

    private byte[] finishReason() {
        return answer.finishReason() == FinishReason.LENGTH ? MAX_TOKENS : STOP;
    }
}
