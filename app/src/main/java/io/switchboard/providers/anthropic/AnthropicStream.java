package io.switchboard.providers.anthropic;

import io.switchboard.json.Json;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import io.switchboard.providers.UpstreamStream;
import io.switchboard.providers.http.SseEvent;
import io.switchboard.providers.http.SseParser;
import io.switchboard.providers.http.UpstreamHttp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Anthropic's named SSE events and turns them, one by one, into OpenAI {@code chat.completion.chunk} objects.
 *
 * <table>
 *   <caption>Event mapping</caption>
 *   <tr><th>Anthropic event</th><th>OpenAI chunk</th></tr>
 *   <tr><td>{@code message_start}</td><td>{@code delta: {role: assistant, content: ""}}; a repeated start with the
 *       same id is ignored, one with another id is a protocol error</td></tr>
 *   <tr><td>{@code text_delta}</td><td>{@code delta.content}</td></tr>
 *   <tr><td>{@code thinking_delta}</td><td>{@code delta.reasoning} plus a {@code reasoning_details} entry
 *       {@code {type: reasoning.text, text, format, index}}</td></tr>
 *   <tr><td>{@code signature_delta}</td><td>{@code reasoning_details [{type: reasoning.text, text: "", signature,
 *       format, index}]} (same index as the block's text)</td></tr>
 *   <tr><td>{@code redacted_thinking} block</td><td>{@code reasoning_details [{type: reasoning.encrypted, data}]}</td></tr>
 *   <tr><td>{@code tool_use} block start</td><td>{@code tool_calls [{index, id, type: function, function: {name,
 *       arguments: ""}}]}; {@code index} counts tool calls, not content blocks</td></tr>
 *   <tr><td>{@code input_json_delta}</td><td>{@code tool_calls [{index, function: {arguments: fragment}}]}; a tool
 *       whose fragments were all empty gets {@code "{}"} at its block stop</td></tr>
 *   <tr><td>{@code message_delta}</td><td>{@code delta: {}} with {@code finish_reason} = the native
 *       {@code stop_reason}, then {@code choices: []} with the usage in OpenAI's shape</td></tr>
 *   <tr><td>{@code message_stop}</td><td>end of stream</td></tr>
 *   <tr><td>{@code error}</td><td>{@link UpstreamException} {@link Kind#STREAM_ERROR} with the status of its error
 *       type (529 for {@code overloaded_error})</td></tr>
 *   <tr><td>{@code ping}, unknown events, unknown blocks</td><td>nothing</td></tr>
 * </table>
 *
 * <p>{@link #awaitFirstContent()} reads ahead until the first chunk after the role chunk, so that an error event sent
 * before any content fails the attempt while another endpoint may still be tried. A body that ends before
 * {@code message_stop} and before any finish reason is a protocol error.
 */
final class AnthropicStream implements UpstreamStream {
    private enum BlockKind {
        TEXT,
        THINKING,
        REDACTED,
        TOOL,
        OTHER
    }

    private static final class Block {
        final BlockKind kind;
        final int index;
        boolean arguments;

        Block(BlockKind kind, int index) {
            this.kind = kind;
            this.index = index;
        }
    }

    private final UpstreamHttp.Exchange exchange;
    private final SseParser parser;
    private final boolean simulated;
    private final boolean excludeReasoning;
    private final long created;
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
    private final Map<Integer, Block> blocks = new HashMap<>();
    private final AnthropicUsage usage = new AnthropicUsage();
    private String messageId;
    private String model = "";
    private int nextToolIndex;
    private int nextReasoningIndex;
    private boolean contentQueued;
    private boolean finishEmitted;
    private boolean ended;
    private boolean clean;

    AnthropicStream(UpstreamHttp.Exchange exchange, boolean simulated, boolean excludeReasoning, long created) {
        this.exchange = exchange;
        this.parser = new SseParser(exchange.body());
        this.simulated = simulated;
        this.excludeReasoning = excludeReasoning;
        this.created = created;
    }

    /** Reads until a chunk beyond the role chunk is ready or the stream ended; upstream errors surface here. */
    void awaitFirstContent() throws UpstreamException {
        while (!contentQueued && !ended) {
            readEvent();
        }
    }

    @Override
    public ObjectNode next() throws UpstreamException {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            readEvent();
        }
        return pending.poll();
    }

    private void readEvent() throws UpstreamException {
        SseEvent event;
        try {
            event = parser.next();
        } catch (IOException e) {
            ended = true;
            throw exchange.readFailure(e);
        }
        if (event == null) {
            ended = true;
            if (finishEmitted) {
                clean = true;
                return;
            }
            throw new UpstreamException(
                    Kind.PROTOCOL, 0, "upstream stream ended before message_stop", null, null, null);
        }
        if (event.data().isBlank()) {
            return;
        }
        try {
            handle(event);
        } catch (UpstreamException e) {
            ended = true;
            throw e;
        }
    }

    private void handle(SseEvent sse) throws UpstreamException {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(sse.data());
        } catch (JacksonException e) {
            throw new UpstreamException(Kind.PROTOCOL, 0, "upstream sent an invalid stream event", sse.data(), null, e);
        }
        String type = event.path("type").asString(sse.event() == null ? "" : sse.event());
        switch (type) {
            case "message_start" -> messageStart(event.path("message"));
            case "content_block_start" -> blockStart(event.path("index").asInt(), event.path("content_block"));
            case "content_block_delta" -> blockDelta(event.path("index").asInt(), event.path("delta"));
            case "content_block_stop" -> blockStop(event.path("index").asInt());
            case "message_delta" -> messageDelta(event);
            case "message_stop" -> {
                ended = true;
                clean = true;
            }
            case "error" -> throw AnthropicErrors.inBand(Kind.STREAM_ERROR, event, sse.data());
            default -> {
                // ping, and event types added after this was written
            }
        }
    }

    private void messageStart(JsonNode message) throws UpstreamException {
        String id = message.path("id").asString("");
        if (messageId != null) {
            if (messageId.equals(id)) {
                return;
            }
            throw new UpstreamException(
                    Kind.PROTOCOL,
                    0,
                    "upstream started message " + id + " before message " + messageId + " stopped",
                    null,
                    null,
                    null);
        }
        messageId = id;
        model = message.path("model").asString("");
        usage.merge(message.path("usage"));
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        pending.add(chunk(delta, null));
    }

    private void blockStart(int index, JsonNode block) {
        switch (block.path("type").asString("")) {
            case "text" -> {
                blocks.put(index, new Block(BlockKind.TEXT, 0));
                text(block.path("text").asString(""));
            }
            case "thinking" -> {
                Block thinking = new Block(BlockKind.THINKING, nextReasoningIndex++);
                blocks.put(index, thinking);
                thinking(thinking, block.path("thinking").asString(""));
                signature(thinking, block.path("signature").asString(""));
            }
            case "redacted_thinking" -> {
                Block redacted = new Block(BlockKind.REDACTED, nextReasoningIndex++);
                blocks.put(index, redacted);
                if (!excludeReasoning) {
                    ObjectNode delta = Json.object();
                    ObjectNode detail = delta.putArray("reasoning_details").addObject();
                    detail.put("type", "reasoning.encrypted");
                    detail.put("data", block.path("data").asString(""));
                    detail.put("format", AnthropicRequests.REASONING_FORMAT);
                    detail.put("index", redacted.index);
                    emit(delta);
                }
            }
            case "tool_use" -> {
                Block tool = new Block(BlockKind.TOOL, nextToolIndex++);
                blocks.put(index, tool);
                ObjectNode delta = Json.object();
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", tool.index);
                call.put("id", block.path("id").asString(""));
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", block.path("name").asString(""));
                function.put("arguments", "");
                emit(delta);
                JsonNode input = block.path("input");
                if (input.isObject() && !input.isEmpty()) {
                    // Not what Anthropic sends (the input streams as deltas), but some relays put it here whole.
                    arguments(tool, Json.MAPPER.writeValueAsString(input));
                }
            }
            default -> blocks.put(index, new Block(BlockKind.OTHER, 0));
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        Block block = blocks.get(index);
        switch (delta.path("type").asString("")) {
            case "text_delta" -> text(delta.path("text").asString(""));
            case "thinking_delta" -> {
                if (block == null) {
                    block = new Block(BlockKind.THINKING, nextReasoningIndex++);
                    blocks.put(index, block);
                }
                thinking(block, delta.path("thinking").asString(""));
            }
            case "signature_delta" -> {
                if (block != null) {
                    signature(block, delta.path("signature").asString(""));
                }
            }
            case "input_json_delta" -> {
                if (block != null && block.kind == BlockKind.TOOL) {
                    arguments(block, delta.path("partial_json").asString(""));
                }
            }
            default -> {
                // citations_delta and future delta types have no OpenAI equivalent
            }
        }
    }

    private void blockStop(int index) {
        Block block = blocks.get(index);
        if (block != null && block.kind == BlockKind.TOOL && !block.arguments) {
            // A tool without parameters streams only an empty fragment; OpenAI clients must get valid JSON.
            arguments(block, "{}");
        }
    }

    private void messageDelta(JsonNode event) {
        usage.merge(event.path("usage"));
        JsonNode body = event.path("delta");
        String stopReason = body.path("stop_reason").asString(null);
        if (stopReason != null) {
            ObjectNode delta = Json.object();
            String explanation = body.path("stop_details").path("explanation").asString(null);
            if (stopReason.equals("refusal") && explanation != null) {
                delta.put("refusal", explanation);
            }
            pending.add(chunk(delta, stopReason));
            contentQueued = true;
            finishEmitted = true;
        }
        if (usage.seen()) {
            ObjectNode usageChunk = chunkEnvelope();
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage.toOpenAi());
            pending.add(usageChunk);
        }
    }

    private void text(String text) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode delta = Json.object();
        delta.put("content", text);
        emit(delta);
    }

    private void thinking(Block block, String text) {
        if (text.isEmpty() || excludeReasoning) {
            return;
        }
        ObjectNode delta = Json.object();
        delta.put("reasoning", text);
        ObjectNode detail = delta.putArray("reasoning_details").addObject();
        detail.put("type", "reasoning.text");
        detail.put("text", text);
        detail.put("format", AnthropicRequests.REASONING_FORMAT);
        detail.put("index", block.index);
        emit(delta);
    }

    private void signature(Block block, String signature) {
        if (signature.isEmpty() || excludeReasoning) {
            return;
        }
        ObjectNode delta = Json.object();
        ObjectNode detail = delta.putArray("reasoning_details").addObject();
        detail.put("type", "reasoning.text");
        detail.put("text", "");
        detail.put("signature", signature);
        detail.put("format", AnthropicRequests.REASONING_FORMAT);
        detail.put("index", block.index);
        emit(delta);
    }

    private void arguments(Block tool, String fragment) {
        if (fragment.isEmpty()) {
            return;
        }
        tool.arguments = true;
        ObjectNode delta = Json.object();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", tool.index);
        call.putObject("function").put("arguments", fragment);
        emit(delta);
    }

    private void emit(ObjectNode delta) {
        pending.add(chunk(delta, null));
        contentQueued = true;
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunkEnvelope();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private ObjectNode chunkEnvelope() {
        ObjectNode chunk = Json.object();
        chunk.put("id", messageId == null ? "" : messageId);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    @Override
    public void abort(Throwable cause) {
        exchange.abort(cause);
    }

    @Override
    public boolean simulated() {
        return simulated;
    }

    @Override
    public void close() {
        if (!clean) {
            exchange.abort(new IllegalStateException("stream closed before its end"));
        }
        exchange.close();
    }
}
