package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.GenerationStore;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The landing page, the model list and the rankings: pages anyone may see. */
final class PublicPages {
    private static final int TOP = 20;
    private static final int POPULAR = 6;

    private final WebServices services;
    private final Pages pages;
    private final WebStats stats;
    // Facets depend on the catalog snapshot only; recomputed when the snapshot is swapped.
    private volatile Snapshot snapshot;

    private record Snapshot(Catalog catalog, ModelFacets facets) {}

    PublicPages(WebServices services, Pages pages, WebStats stats) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/", pages.page(this::home));
        router.add("GET", "/models", pages.page(this::models));
        router.add("GET", "/rankings", pages.page(this::rankings));
    }

    private void models(Exchange exchange, Visitor visitor) throws PageException {
        Catalog catalog = services.catalog().get();
        ModelQuery query = ModelQuery.parse(exchange::query, facets(catalog));
        List<ModelRow> rows = query.apply(catalog).stream()
                .map(model -> new ModelRow(model, catalog.endpoints(model.id()).size()))
                .toList();
        String title = query.q() == null ? "Models" : "Models matching " + query.q();
        pages.render(
                exchange,
                "models.jte",
                new ModelListPage(
                        new Chrome(title, "models", visitor),
                        query,
                        facets(catalog),
                        rows,
                        catalog.models().size()));
    }

    private void rankings(Exchange exchange, Visitor visitor) throws PageException {
        Period period = Period.parse(exchange.query("period"), Period.WEEK);
        Catalog catalog = services.catalog().get();
        List<RankingsPage.ModelRank> models = stats.models(period).stream()
                .limit(TOP)
                .map(usage -> rank(catalog, usage))
                .toList();
        List<AppRank> apps = stats.apps(period, null).stream().limit(TOP).toList();
        pages.render(
                exchange,
                "rankings.jte",
                new RankingsPage(new Chrome("Rankings", "rankings", visitor), period, models, apps));
    }

    private void home(Exchange exchange, Visitor visitor) {
        Catalog catalog = services.catalog().get();
        List<ModelRow> popular = new ArrayList<>();
        for (GenerationStore.ModelUsage usage : stats.models(Period.WEEK)) {
            Optional<Model> model = catalog.model(usage.model());
            model.ifPresent(
                    m -> popular.add(new ModelRow(m, catalog.endpoints(m.id()).size())));
            if (popular.size() == POPULAR) {
                break;
            }
        }
        boolean byUsage = !popular.isEmpty();
        if (!byUsage) {
            new ModelQuery(null, null, null, null, null, null, null, ModelQuery.Sort.NEWEST)
                    .apply(catalog).stream()
                            .limit(POPULAR)
                            .forEach(m -> popular.add(
                                    new ModelRow(m, catalog.endpoints(m.id()).size())));
        }
        pages.render(
                exchange,
                "home.jte",
                new HomePage(
                        new Chrome("One API for every model", "", visitor),
                        catalog.models().size(),
                        facets(catalog).providers().size(),
                        popular,
                        byUsage));
    }

    private static RankingsPage.ModelRank rank(Catalog catalog, GenerationStore.ModelUsage usage) {
        Optional<Model> model = catalog.model(usage.model());
        return new RankingsPage.ModelRank(
                model.map(Model::name).orElse(usage.model()),
                usage.model(),
                model.map(m -> "/" + m.id()).orElse(null),
                usage.totalTokens(),
                usage.requests());
    }

    private ModelFacets facets(Catalog catalog) {
        Snapshot current = snapshot;
        if (current == null || current.catalog() != catalog) {
            current = new Snapshot(catalog, ModelFacets.of(catalog));
            snapshot = current;
        }
        return current.facets();
    }
}
