package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.Pricing;
import io.switchboard.config.ServerConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model's pages: {@code /{author}/{slug}} (overview) and {@code /{author}/{slug}/{tab}}. Registered last, because
 * these patterns match any two- or three-segment path.
 */
final class ModelPages {
    // A Host header is shown in sample code: only a plain host name or address with an optional port is trusted.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private final WebServices services;
    private final Pages pages;
    private final WebStats stats;

    ModelPages(WebServices services, Pages pages, WebStats stats) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/{author}/{slug}", pages.page((exchange, visitor) -> show(exchange, visitor, "")));
        router.add(
                "GET",
                "/{author}/{slug}/{tab}",
                pages.page((exchange, visitor) -> show(exchange, visitor, exchange.pathParameter("tab"))));
    }

    private void show(Exchange exchange, Visitor visitor, String segment) throws PageException {
        String id = exchange.pathParameter("author") + "/" + exchange.pathParameter("slug");
        Catalog catalog = services.catalog().get();
        Model model = catalog.model(id)
                .orElseThrow(() -> PageException.notFound("There is no model called \"" + id
                        + "\" in this gateway's catalog. Search the models list for it."));
        ModelTab tab = segment.isEmpty()
                ? ModelTab.OVERVIEW
                : ModelTab.of(segment)
                        .orElseThrow(() -> PageException.notFound("The model " + id + " has no \"" + segment
                                + "\" tab. Its tabs are providers, apps, activity, uptime and api."));
        List<Endpoint> endpoints = catalog.endpoints(id);
        String title = tab == ModelTab.OVERVIEW ? model.name() : model.name() + " · " + tab.label();
        Chrome chrome = new Chrome(title, summary(model), "models", visitor);
        ModelHeader header = new ModelHeader(chrome, model, tab, endpoints.size());
        switch (tab) {
            case OVERVIEW -> pages.render(exchange, "model/overview.jte", overview(header, model));
            case PROVIDERS -> pages.render(exchange, "model/providers.jte", providers(header, catalog, endpoints));
            case APPS -> {
                Period period = Period.parse(exchange.query("period"), Period.WEEK);
                pages.render(exchange, "model/apps.jte", new AppsPage(header, period, stats.apps(period, id)));
            }
            case ACTIVITY ->
                pages.render(
                        exchange,
                        "model/activity.jte",
                        ActivityPage.of(header, stats.activity(id), stats.activityStart()));
            case UPTIME ->
                pages.render(
                        exchange,
                        "model/uptime.jte",
                        new UptimeView(services, stats)
                                .page(header, catalog, endpoints, UptimeRange.parse(exchange.query("range"))));
            case API -> {
                String baseUrl = baseUrl(exchange, services.server());
                pages.render(exchange, "model/api.jte", new ApiPage(header, baseUrl, CodeSample.all(baseUrl, id)));
            }
        }
    }

    private static String summary(Model model) {
        String description = model.description();
        return description.length() > 155 ? description.substring(0, 154) + "…" : description;
    }

    private static OverviewPage overview(ModelHeader header, Model model) {
        Pricing pricing = model.pricing();
        List<Fact> prices = new ArrayList<>();
        prices.add(new Fact("Input", Formats.perMillion(pricing.prompt())));
        prices.add(new Fact("Output", Formats.perMillion(pricing.completion())));
        optionalPrice(prices, "Cache read", pricing.inputCacheRead(), true);
        optionalPrice(prices, "Cache write", pricing.inputCacheWrite(), true);
        optionalPrice(prices, "Reasoning", pricing.internalReasoning(), true);
        optionalPrice(prices, "Per request", pricing.request(), false);
        optionalPrice(prices, "Per image", pricing.image(), false);
        List<Fact> facts = List.of(
                new Fact("Context length", Formats.tokens(model.contextLength()) + " tokens"),
                new Fact("Input modalities", String.join(", ", model.inputModalities())),
                new Fact("Output modalities", String.join(", ", model.outputModalities())),
                new Fact("Reasoning", header.reasoning() ? "Supported" : "Not supported"),
                new Fact("Providers", Integer.toString(header.providers())),
                new Fact("Released", Formats.dateOfEpochSecond(model.created())));
        return new OverviewPage(header, prices, facts);
    }

    private static void optionalPrice(List<Fact> prices, String label, BigDecimal price, boolean perToken) {
        if (price.signum() != 0) {
            prices.add(new Fact(label, perToken ? Formats.perMillion(price) : Formats.usd(price)));
        }
    }

    private ProvidersPage providers(ModelHeader header, Catalog catalog, List<Endpoint> endpoints) {
        List<ProviderRow> rows = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            String name = catalog.provider(endpoint.providerSlug())
                    .map(provider -> provider.name())
                    .orElse(endpoint.providerSlug());
            rows.add(new ProviderRow(name, endpoint, services.health().report(endpoint.id())));
        }
        return new ProvidersPage(header, rows);
    }

    /**
     * The API base URL for sample code: the configured public one, else this request's scheme and Host, so samples
     * work from wherever the page was opened.
     */
    static String baseUrl(Exchange exchange, ServerConfig server) {
        String configured = server.publicBaseUrl();
        if (configured != null && !configured.isBlank()) {
            String trimmed = configured.strip().replaceAll("/+$", "");
            return trimmed.endsWith("/api/v1") ? trimmed : trimmed + "/api/v1";
        }
        String host = exchange.header("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost:" + server.port();
        }
        String scheme = exchange.request().getHttpURI().getScheme();
        String forwarded = exchange.header("X-Forwarded-Proto");
        if ("https".equalsIgnoreCase(forwarded)) {
            scheme = "https";
        }
        return (scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT)) + "://" + host + "/api/v1";
    }
}
