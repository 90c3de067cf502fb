package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns a model and the request's provider preferences into the ordered list of endpoints to try. Pure: no I/O.
 */
public final class Router {
    private final Supplier<Catalog> catalog;

    public Router(Supplier<Catalog> catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public List<Endpoint> plan(Model model, RoutingPreferences preferences) throws NoRouteException {
        List<Endpoint> candidates = new ArrayList<>(catalog.get().endpoints(model.id()));
        if (candidates.isEmpty()) {
            throw new NoRouteException("No endpoints found for " + model.id() + ".");
        }
        if (!preferences.only().isEmpty()) {
            candidates.removeIf(endpoint -> !matchesAny(endpoint, preferences.only()));
            if (candidates.isEmpty()) {
                throw new NoRouteException("No endpoints found for " + model.id()
                        + " among the providers allowed by provider.only " + preferences.only() + ".");
            }
        }
        if (!preferences.ignore().isEmpty()) {
            candidates.removeIf(endpoint -> matchesAny(endpoint, preferences.ignore()));
            if (candidates.isEmpty()) {
                throw new NoRouteException("No endpoints found for " + model.id()
                        + ": every provider is excluded by provider.ignore " + preferences.ignore() + ".");
            }
        }
        candidates.sort(Comparator.comparing(Router::blendedPrice));
        if (preferences.order().isEmpty()) {
            return List.copyOf(candidates);
        }
        List<Endpoint> ordered = new ArrayList<>();
        for (String slug : preferences.order()) {
            for (Endpoint endpoint : candidates) {
                if (matches(endpoint, slug) && !ordered.contains(endpoint)) {
                    ordered.add(endpoint);
                }
            }
        }
        if (preferences.allowFallbacks()) {
            for (Endpoint endpoint : candidates) {
                if (!ordered.contains(endpoint)) {
                    ordered.add(endpoint);
                }
            }
        }
        if (ordered.isEmpty()) {
            throw new NoRouteException("No endpoints found for " + model.id() + " among provider.order "
                    + preferences.order() + " with allow_fallbacks false.");
        }
        return List.copyOf(ordered);
    }

    private static BigDecimal blendedPrice(Endpoint endpoint) {
        return endpoint.pricing().prompt().add(endpoint.pricing().completion());
    }

    private static boolean matchesAny(Endpoint endpoint, List<String> slugs) {
        return slugs.stream().anyMatch(slug -> matches(endpoint, slug));
    }

    /** A base slug matches all its tagged variants: {@code deepinfra} matches {@code deepinfra/turbo}. */
    private static boolean matches(Endpoint endpoint, String slug) {
        String wanted = slug.toLowerCase(Locale.ROOT);
        String tag = endpoint.tag().toLowerCase(Locale.ROOT);
        return tag.equals(wanted) || endpoint.providerSlug().equalsIgnoreCase(wanted) || tag.startsWith(wanted + "/");
    }
}
