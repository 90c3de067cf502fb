package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.ApiRouter;

/**
 * The server-rendered web app: registers every page route on the shared router. Specific paths go first; the model
 * pages' {@code /{author}/{slug}} patterns go last because they match any two- or three-segment path.
 */
public final class WebApp {
    private final WebServices services;
    private final Pages pages;
    private final SessionVisitors visitors;

    public WebApp(WebServices services) {
        this.services = requireNonNull(services, "services is null");
        this.visitors = new SessionVisitors(services.sessions(), services.identities());
        this.pages = new Pages(new Templates(), visitors);
    }

    public void register(ApiRouter router) {
        new StaticAssets().register(router);
        // Before the model pages: their /{author}/{slug} patterns would shadow /settings/keys.
        new AccountPages(services, pages, visitors).register(router);
        WebStats stats = new WebStats(services);
        new PublicPages(services, pages, stats).register(router);
        router.pageNotFound(pages.page((exchange, visitor) -> {
            throw new PageException(
                    404,
                    "Page not found",
                    "There is no page at " + exchange.request().getHttpURI().getPath()
                            + ". Browse the models or the rankings instead.");
        }));
        // Last: /{author}/{slug} would shadow every two-segment page registered after it.
        new ModelPages(services, pages, stats).register(router);
    }

    WebServices services() {
        return services;
    }
}
