package io.switchboard.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An incremental parser of the {@code text/event-stream} format (WHATWG HTML, "Parsing an event stream").
 *
 * <p>Hand-written because it is on the hot path of every stream: it reads the upstream body in large blocks, splits
 * lines on CR, LF or CRLF (also when a CRLF straddles two reads), ignores comment lines, and dispatches an event on
 * each blank line. Events without data are not dispatched, as the spec says. Not thread-safe; one per stream.
 */
public final class SseParser {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final InputStream input;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private boolean endOfInput;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder(256);
    private boolean hasData;
    private String eventName;
    private long commentCount;

    public SseParser(InputStream input) {
        this.input = input;
    }

    /** Returns the next event, or null at the end of the stream. Blocks while the upstream is silent. */
    public SseEvent next() throws IOException {
        while (true) {
            String text = readLine();
            if (text == null) {
                // A final event without its blank line is dropped, as the spec requires.
                return null;
            }
            if (text.isEmpty()) {
                if (hasData) {
                    SseEvent event = new SseEvent(eventName, data.toString());
                    resetEvent();
                    return event;
                }
                eventName = null;
                continue;
            }
            processField(text);
        }
    }

    /** How many comment lines ({@code : ...}) were skipped; providers send them as keep-alives. */
    public long commentCount() {
        return commentCount;
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        eventName = null;
    }

    private void processField(String text) {
        if (text.charAt(0) == ':') {
            commentCount++;
            return;
        }
        int colon = text.indexOf(':');
        String field;
        String value;
        if (colon < 0) {
            field = text;
            value = "";
        } else {
            field = text.substring(0, colon);
            int valueStart = colon + 1;
            if (valueStart < text.length() && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            value = text.substring(valueStart);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            default -> {
                // id and retry do not matter to a proxy reading one response; unknown fields are ignored by spec.
            }
        }
    }

    private String readLine() throws IOException {
        line.reset();
        while (true) {
            if (position >= limit) {
                if (endOfInput || !fill()) {
                    endOfInput = true;
                    if (line.size() > 0) {
                        String last = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return last;
                    }
                    return null;
                }
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < limit) {
                byte b = buffer[position];
                if (b == '\n' || b == '\r') {
                    line.write(buffer, start, position - start);
                    position++;
                    if (b == '\r') {
                        skipLineFeed = true;
                    }
                    return line.toString(StandardCharsets.UTF_8);
                }
                position++;
            }
            line.write(buffer, start, position - start);
        }
    }

    private boolean fill() throws IOException {
        int read = input.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
