package io.switchboard.web;

import io.switchboard.api.ApiException;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the pages' CSS, JavaScript and the charting library (uPlot, from its WebJar) out of the jar. Only a fixed set
 * of names is served, so no path from a request ever reaches the class loader.
 */
final class StaticAssets {
    static final String UPLOT_VERSION = "1.6.30";
    private static final String OWN = "io/switchboard/web/static/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    private static final Map<String, Asset> ASSETS = Map.of(
            "app.css", new Asset(OWN + "app.css", "text/css; charset=utf-8"),
            "app.js", new Asset(OWN + "app.js", "text/javascript; charset=utf-8"),
            "charts.js", new Asset(OWN + "charts.js", "text/javascript; charset=utf-8"),
            "favicon.svg", new Asset(OWN + "favicon.svg", "image/svg+xml"),
            "uplot.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uplot.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    void register(ApiRouter router) {
        router.add("GET", "/static/{name}", this::serve);
    }

    private void serve(Exchange exchange) throws ApiException {
        String name = exchange.pathParameter("name");
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw new ApiException(404, "No such asset: " + name);
        }
        byte[] body = loaded.computeIfAbsent(name, unused -> read(asset.resource()));
        // Assets change only with a new build; an hour of caching keeps page loads to one request.
        exchange.header("Cache-Control", "public, max-age=3600");
        exchange.send(200, asset.contentType(), body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Asset(String resource, String contentType) {}
}
