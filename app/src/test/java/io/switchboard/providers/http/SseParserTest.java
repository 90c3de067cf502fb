package io.switchboard.providers.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseParserTest {
    @Test
    void parsesDataEventsCommentsAndEventNames() throws IOException {
        List<SseEvent> events = parse(": keepalive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n");

        assertThat(events).containsExactly(new SseEvent("message_start", "{\"a\":1}"), new SseEvent(null, "[DONE]"));
    }

    @Test
    void joinsMultiLineDataAndAcceptsEveryLineEnding() throws IOException {
        assertThat(parse("data: one\r\ndata: two\r\n\r\ndata:three\rdata: four\r\r"))
                .containsExactly(new SseEvent(null, "one\ntwo"), new SseEvent(null, "three\nfour"));
    }

    @Test
    void dropsAnUnterminatedFinalEventAndEventsWithoutData() throws IOException {
        assertThat(parse("event: ping\n\ndata: whole\n\ndata: partial")).containsExactly(new SseEvent(null, "whole"));
    }

    @Test
    void handlesMultiByteCharactersAndLongLines() throws IOException {
        String long1 = "é".repeat(40_000);
        assertThat(parse("data: " + long1 + "\n\ndata: 日本語\n\n"))
                .containsExactly(new SseEvent(null, long1), new SseEvent(null, "日本語"));
    }

    /** Fuzz: the same stream cut at random places, CRLF included, always yields the same events. */
    @Test
    void randomReadBoundariesNeverChangeTheEvents() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            StringBuilder stream = new StringBuilder();
            List<SseEvent> expected = new ArrayList<>();
            int events = 1 + random.nextInt(8);
            for (int i = 0; i < events; i++) {
                String eol = switch (random.nextInt(3)) {
                    case 0 -> "\n";
                    case 1 -> "\r\n";
                    default -> "\r";
                };
                if (random.nextBoolean()) {
                    stream.append(": comment ").append(i).append(eol);
                }
                String name = random.nextBoolean() ? "e" + i : null;
                if (name != null) {
                    stream.append("event: ").append(name).append(eol);
                }
                String data = "{\"i\":" + i + ",\"text\":\"" + "xé".repeat(random.nextInt(30)) + "\"}";
                stream.append("data: ").append(data).append(eol).append(eol);
                expected.add(new SseEvent(name, data));
            }
            byte[] bytes = stream.toString().getBytes(UTF_8);
            assertThat(parse(new ChoppyInputStream(bytes, random)))
                    .as("round %d", round)
                    .isEqualTo(expected);
        }
    }

    @Test
    void garbageNeverThrowsAnythingButEndsCleanly() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] garbage = new byte[random.nextInt(2_000)];
            random.nextBytes(garbage);
            List<SseEvent> events = parse(new ChoppyInputStream(garbage, random));
            assertThat(events).allSatisfy(event -> assertThat(event.data()).isNotNull());
        }
    }

    private static List<SseEvent> parse(String text) throws IOException {
        return parse(new ByteArrayInputStream(text.getBytes(UTF_8)));
    }

    private static List<SseEvent> parse(InputStream input) throws IOException {
        SseParser parser = new SseParser(input);
        List<SseEvent> events = new ArrayList<>();
        SseEvent event;
        while ((event = parser.next()) != null) {
            events.add(event);
        }
        return events;
    }

    /** Returns at most a few random bytes per read, as a slow network would. */
    private static final class ChoppyInputStream extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int position;

        ChoppyInputStream(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, 1 + random.nextInt(7)), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, count);
            position += count;
            return count;
        }
    }
}
