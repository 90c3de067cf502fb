package io.switchboard.providers.http;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, or null when absent
 * @param data the {@code data:} lines joined with {@code \n}
 */
public record SseEvent(String event, String data) {}
