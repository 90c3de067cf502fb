package io.switchboard.server;

import io.switchboard.api.ApiRouter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Runs the API router and answers anything it does not know with a JSON 404, never an HTML page. */
final class FallbackHandler extends Handler.Wrapper {
    FallbackHandler(ApiRouter router) {
        super(router);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (super.handle(request, response, callback)) {
            return true;
        }
        String path = request.getHttpURI().getPath();
        byte[] body = ("{\"error\":{\"code\":404,\"message\":\"No such page: " + JsonErrorHandler.escape(path)
                        + ". The API lives under /api/v1.\"}}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(404);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
