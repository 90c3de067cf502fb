package io.switchboard.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Renders errors Jetty raises itself (bad request lines, oversized headers) as the JSON envelope, not HTML. */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object attribute = request.getAttribute(ERROR_STATUS);
        if (attribute instanceof Integer code) {
            status = code;
        }
        String message = HttpStatus.getMessage(status);
        Object detail = request.getAttribute(ERROR_MESSAGE);
        if (detail instanceof String text && !text.isBlank() && status < 500) {
            message = text;
        }
        byte[] body = ("{\"error\":{\"code\":" + status + ",\"message\":\"" + escape(message) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
