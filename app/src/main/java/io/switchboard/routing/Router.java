package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.catalog.Catalog;
import io.switchboard.catalog.Endpoint;
import io.switchboard.catalog.Model;
import io.switchboard.catalog.ParameterSupport;
import io.switchboard.catalog.Provider;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Turns the request's models and provider preferences into the ordered endpoints to try, the way OpenRouter
 * documents it. Pure: no I/O; health comes from {@link EndpointHealth}, randomness from an injected generator.
 *
 * <p>Per model: hard filters first ({@code :free}, {@code only}, {@code ignore}, {@code order} without fallbacks, data
 * policy, {@code zdr}, quantizations, input modalities, context length, {@code max_tokens}, {@code require_parameters},
 * {@code max_price}); if one of them removes every endpoint the model is skipped and its message says which. Then the
 * soft filters ({@code tools}, {@code tool_choice}, {@code response_format}: only endpoints that support them, if any
 * does). Then the order:
 *
 * <ul>
 *   <li>endpoints with a significant outage in the last 30 seconds go last, endpoints missing the soft
 *       {@code preferred_min_throughput} / {@code preferred_max_latency} cutoffs just before them;
 *   <li>default: the conversation's sticky endpoint first if it is healthy, else one pick at random weighted by
 *       1/price² among the healthy endpoints priced within {@value #LOAD_BALANCE_SPREAD}× of the cheapest; the rest
 *       follow cheapest first;
 *   <li>{@code provider.sort} (or {@code :nitro} / {@code :floor}): by price, throughput or latency (p50 over the last
 *       five minutes; endpoints without data after those with data), no randomness;
 *   <li>{@code provider.order}: the listed providers in that order, then (with fallbacks) the rest as by default.
 * </ul>
 *
 * <p>Models follow one another ({@code models} fallback), unless {@code sort.partition} is {@code none}: then every
 * model's endpoints are sorted together.
 */
public final class Router {
    /** Endpoints priced within this factor of the cheapest healthy one share the load. */
    public static final double LOAD_BALANCE_SPREAD = 4.0;

    private final Supplier<Catalog> catalog;
    private final EndpointHealth health;
    private final StickyRoutes sticky;
    private final RandomGenerator random;
    private volatile PreparedCatalog prepared;

    /** A router with live health on the system clock and thread-local randomness. */
    public Router(Supplier<Catalog> catalog) {
        this(
                catalog,
                new EndpointHealth(InstantSource.system()),
                new StickyRoutes(InstantSource.system(), StickyRoutes.DEFAULT_TTL),
                null);
    }

    /**
     * @param random the generator of the price-weighted pick; null for thread-local randomness. An injected generator
     *     is used under a lock, so a seeded one gives a reproducible sequence from one thread.
     */
    public Router(Supplier<Catalog> catalog, EndpointHealth health, StickyRoutes sticky, RandomGenerator random) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.health = requireNonNull(health, "health is null");
        this.sticky = requireNonNull(sticky, "sticky is null");
        this.random = random;
    }

    public EndpointHealth health() {
        return health;
    }

    /** One model with default preferences and a request of unknown shape. */
    public RoutePlan plan(Model model, RoutingPreferences preferences) throws NoRouteException {
        return plan(RouteRequest.ANY, List.of(RouteTarget.of(model)), preferences);
    }

    /**
     * The endpoints to try for {@code targets} (the model, then the {@code models} fallbacks), in order.
     *
     * @throws NoRouteException when no endpoint of any model is left; the message names the filter that emptied the
     *     list (each model's, when there are several)
     */
    public RoutePlan plan(RouteRequest request, List<RouteTarget> targets, RoutingPreferences preferences)
            throws NoRouteException {
        requireNonNull(request, "request is null");
        requireNonNull(preferences, "preferences is null");
        if (targets.isEmpty()) {
            throw new NoRouteException("No model to route.");
        }
        Catalog snapshot = catalog.get();
        List<String> decisions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<List<Candidate>> eligible = new ArrayList<>();
        List<RouteTarget> eligibleTargets = new ArrayList<>();
        int considered = 0;
        for (RouteTarget target : targets) {
            considered += snapshot.endpoints(target.model().id()).size();
            try {
                eligible.add(eligible(snapshot, target, request, preferences, decisions));
                eligibleTargets.add(target);
            } catch (NoRouteException e) {
                failures.add(e.getMessage());
                if (targets.size() > 1) {
                    decisions.add("model " + target.requested() + " skipped: " + e.getMessage());
                }
            }
        }
        if (eligible.isEmpty()) {
            throw new NoRouteException(String.join(" ", failures));
        }
        List<Candidate> ordered = new ArrayList<>();
        String strategy;
        RoutingPreferences.Sort firstSort = sortFor(preferences, eligibleTargets.getFirst());
        if (firstSort != null
                && firstSort.partition() == RoutingPreferences.Partition.NONE
                && eligible.size() > 1
                && preferences.order().isEmpty()) {
            List<Candidate> all = new ArrayList<>();
            eligible.forEach(all::addAll);
            decisions.add("sort.partition none: the endpoints of " + eligible.size() + " models are sorted together");
            strategy = order(all, request, preferences, firstSort, decisions, ordered);
        } else {
            strategy = null;
            for (int i = 0; i < eligible.size(); i++) {
                String modelStrategy = order(
                        eligible.get(i),
                        request,
                        preferences,
                        sortFor(preferences, eligibleTargets.get(i)),
                        decisions,
                        ordered);
                if (strategy == null) {
                    strategy = modelStrategy;
                }
            }
        }
        List<RoutePlan.Route> routes = new ArrayList<>(ordered.size());
        for (Candidate candidate : ordered) {
            routes.add(new RoutePlan.Route(candidate.model, candidate.endpoint, candidate.reason));
        }
        return new RoutePlan(routes, decisions, strategy, considered);
    }

    /** Remembers the endpoint that served a conversation, so its next request goes there too. */
    public void served(RouteRequest request, Model model, Endpoint endpoint) {
        if (request.stickyKey() != null) {
            sticky.remember(request.stickyKey(), model.id(), endpoint.id());
        }
    }

    private static RoutingPreferences.Sort sortFor(RoutingPreferences preferences, RouteTarget target) {
        if (preferences.sort() != null) {
            return preferences.sort();
        }
        return target.variantSort() == null ? null : RoutingPreferences.Sort.by(target.variantSort());
    }

    // ---------------------------------------------------------------- filters

    private List<Candidate> eligible(
            Catalog snapshot,
            RouteTarget target,
            RouteRequest request,
            RoutingPreferences preferences,
            List<String> decisions)
            throws NoRouteException {
        Model model = target.model();
        String name = target.requested();
        List<Prepared> endpoints = prepared(snapshot, model.id());
        List<Candidate> candidates = new ArrayList<>(endpoints.size());
        for (Prepared endpoint : endpoints) {
            candidates.add(new Candidate(model, endpoint));
        }
        if (candidates.isEmpty()) {
            throw new NoRouteException("No endpoints found for " + name + ".");
        }
        if (target.freeOnly()) {
            filter(
                    candidates,
                    c -> c.endpoint.pricing().isFree(),
                    ":free",
                    () -> "No free endpoints found for " + name + ".",
                    decisions);
        }
        if (!preferences.only().isEmpty()) {
            filter(
                    candidates,
                    c -> matchesAny(c.endpoint, preferences.only()),
                    "provider.only",
                    () -> "No endpoints found for " + name + " among the providers allowed by provider.only "
                            + preferences.only() + ".",
                    decisions);
        }
        if (!preferences.ignore().isEmpty()) {
            filter(
                    candidates,
                    c -> !matchesAny(c.endpoint, preferences.ignore()),
                    "provider.ignore",
                    () -> "No endpoints found for " + name + ": every provider is excluded by provider.ignore "
                            + preferences.ignore() + ".",
                    decisions);
        }
        if (!preferences.order().isEmpty() && !preferences.allowFallbacks()) {
            filter(
                    candidates,
                    c -> matchesAny(c.endpoint, preferences.order()),
                    "provider.order with allow_fallbacks false",
                    () -> "No endpoints found for " + name + " among provider.order " + preferences.order()
                            + " with allow_fallbacks false.",
                    decisions);
        }
        if (preferences.denyDataCollection()) {
            filter(
                    candidates,
                    c -> !c.provider.dataPolicy().trainsOnData(),
                    "provider.data_collection deny",
                    () -> "No endpoints found for " + name
                            + " matching your data policy (provider.data_collection: \"deny\").",
                    decisions);
        }
        if (preferences.zdr()) {
            filter(
                    candidates,
                    c -> c.provider.dataPolicy().zeroDataRetention(),
                    "provider.zdr",
                    () -> "No endpoints found for " + name + " matching your data policy (provider.zdr: true).",
                    decisions);
        }
        if (!preferences.quantizations().isEmpty()) {
            filter(
                    candidates,
                    c -> preferences.quantizations().contains(quantization(c.endpoint)),
                    "provider.quantizations",
                    () -> "No endpoints found for " + name + " with a quantization in provider.quantizations "
                            + preferences.quantizations() + ".",
                    decisions);
        }
        Set<String> missingModalities = new LinkedHashSet<>(request.inputModalities());
        missingModalities.removeAll(model.inputModalities().isEmpty() ? List.of("text") : model.inputModalities());
        if (!missingModalities.isEmpty()) {
            throw new NoRouteException("No endpoints found for " + name + " that support "
                    + String.join(" and ", missingModalities) + " input.");
        }
        long required = request.requiredContext();
        if (required > 0) {
            filter(
                    candidates,
                    c -> c.endpoint.contextLength() <= 0 || c.endpoint.contextLength() >= required,
                    "context length",
                    () -> "No endpoints found for " + name + " that can fit " + required + " tokens (prompt ≈"
                            + request.promptTokens()
                            + (request.maxTokens() == null ? "" : " + max_tokens " + request.maxTokens())
                            + "); the largest context length is "
                            + candidates.stream()
                                    .mapToLong(c -> c.endpoint.contextLength())
                                    .max()
                                    .orElse(0)
                            + ".",
                    decisions);
        }
        Long maxTokens = request.maxTokens();
        if (maxTokens != null) {
            filter(
                    candidates,
                    c -> c.endpoint.maxCompletionTokens() == null || c.endpoint.maxCompletionTokens() >= maxTokens,
                    "max_tokens",
                    () -> "No endpoints found for " + name + " that allow max_tokens " + maxTokens
                            + "; the largest maximum output is "
                            + candidates.stream()
                                    .map(c -> c.endpoint.maxCompletionTokens())
                                    .filter(java.util.Objects::nonNull)
                                    .mapToLong(Long::longValue)
                                    .max()
                                    .orElse(0)
                            + ".",
                    decisions);
        }
        if (preferences.requireParameters() && !request.parameters().isEmpty()) {
            filter(
                    candidates,
                    c -> request.parameters().stream().allMatch(p -> takes(c.endpoint, p)),
                    "provider.require_parameters",
                    () -> "No endpoints found for " + name
                            + " that support every parameter of the request (provider.require_parameters); "
                            + "the closest lacks " + closestMissing(candidates, request.parameters()) + ".",
                    decisions);
        }
        RoutingPreferences.MaxPrice maxPrice = preferences.maxPrice();
        if (maxPrice != null) {
            filter(
                    candidates,
                    c -> withinPrice(c.endpoint, maxPrice),
                    "provider.max_price",
                    () -> "No endpoints found for " + name + " within provider.max_price (" + describe(maxPrice)
                            + "); the cheapest costs " + cheapest(candidates) + ".",
                    decisions);
        }
        if (request.tools()) {
            soft(candidates, c -> supports(c, "tools"), "tool use", decisions);
        }
        if (request.toolChoice() != null && !request.toolChoice().equals("none")) {
            soft(candidates, c -> supports(c, "tool_choice"), "tool_choice", decisions);
        }
        if (request.wantsJsonSchema()) {
            soft(
                    candidates,
                    c -> supports(c, "structured_outputs") || supports(c, "response_format"),
                    "structured outputs",
                    decisions);
        } else if (request.wantsJsonObject()) {
            soft(candidates, c -> supports(c, "response_format"), "response_format", decisions);
        }
        return candidates;
    }

    private static void filter(
            List<Candidate> candidates,
            Predicate<Candidate> keep,
            String filter,
            Supplier<String> emptied,
            List<String> decisions)
            throws NoRouteException {
        List<Candidate> removed = null;
        for (Candidate candidate : candidates) {
            if (!keep.test(candidate)) {
                if (removed == null) {
                    removed = new ArrayList<>();
                }
                removed.add(candidate);
            }
        }
        if (removed == null) {
            return;
        }
        if (removed.size() == candidates.size()) {
            throw new NoRouteException(emptied.get());
        }
        candidates.removeAll(removed);
        decisions.add(filter + " removed " + tags(removed));
    }

    /** Keeps only the endpoints that support a feature, if any does; otherwise the feature is simply dropped. */
    private static void soft(
            List<Candidate> candidates, Predicate<Candidate> supports, String feature, List<String> decisions) {
        List<Candidate> supporting = candidates.stream().filter(supports).toList();
        if (supporting.isEmpty()) {
            decisions.add("no endpoint declares support for " + feature + "; sent to all");
        } else if (supporting.size() < candidates.size()) {
            List<Candidate> removed =
                    candidates.stream().filter(supports.negate()).toList();
            candidates.retainAll(supporting);
            decisions.add(feature + ": kept the endpoints that support it, removed " + tags(removed));
        }
    }

    private static boolean supports(Candidate candidate, String parameter) {
        return candidate.endpoint.supportedParameters().contains(parameter);
    }

    private static String quantization(Endpoint endpoint) {
        return endpoint.quantization() == null || endpoint.quantization().isBlank()
                ? "unknown"
                : endpoint.quantization().toLowerCase(Locale.ROOT);
    }

    /** One reading of {@code supported_parameters} for routing and for dropping: {@link ParameterSupport}'s. */
    private static boolean takes(Endpoint endpoint, String parameter) {
        return ParameterSupport.supports(endpoint.supportedParameters(), parameter);
    }

    private static String closestMissing(List<Candidate> candidates, Set<String> parameters) {
        List<String> best = null;
        for (Candidate candidate : candidates) {
            List<String> missing = parameters.stream()
                    .filter(p -> !takes(candidate.endpoint, p))
                    .sorted()
                    .toList();
            if (best == null || missing.size() < best.size()) {
                best = missing;
            }
        }
        return String.valueOf(best);
    }

    private static boolean withinPrice(Endpoint endpoint, RoutingPreferences.MaxPrice max) {
        return within(perMillion(endpoint.pricing().prompt()), max.prompt())
                && within(perMillion(endpoint.pricing().completion()), max.completion())
                && within(endpoint.pricing().request(), max.request())
                && within(endpoint.pricing().image(), max.image());
    }

    private static boolean within(BigDecimal price, BigDecimal max) {
        // A negative price is OpenRouter's "variable" (a router model): it cannot be shown to be under any ceiling.
        return max == null || (price.signum() >= 0 && price.compareTo(max) <= 0);
    }

    private static BigDecimal perMillion(BigDecimal perToken) {
        return perToken.multiply(BigDecimal.valueOf(1_000_000));
    }

    private static String describe(RoutingPreferences.MaxPrice max) {
        List<String> parts = new ArrayList<>();
        if (max.prompt() != null) {
            parts.add("prompt $" + max.prompt().stripTrailingZeros().toPlainString() + "/M");
        }
        if (max.completion() != null) {
            parts.add("completion $" + max.completion().stripTrailingZeros().toPlainString() + "/M");
        }
        if (max.request() != null) {
            parts.add("request $" + max.request().stripTrailingZeros().toPlainString());
        }
        if (max.image() != null) {
            parts.add("image $" + max.image().stripTrailingZeros().toPlainString());
        }
        return String.join(", ", parts);
    }

    private static String cheapest(List<Candidate> candidates) {
        Candidate cheapest = candidates.stream()
                .min(Comparator.comparingDouble(c -> c.price))
                .orElseThrow();
        return "prompt $"
                + perMillion(cheapest.endpoint.pricing().prompt())
                        .stripTrailingZeros()
                        .toPlainString()
                + "/M, completion $"
                + perMillion(cheapest.endpoint.pricing().completion())
                        .stripTrailingZeros()
                        .toPlainString()
                + "/M at " + cheapest.endpoint.tag();
    }

    // ---------------------------------------------------------------- ordering

    /** Appends the candidates in order to {@code out}; returns the strategy. */
    private String order(
            List<Candidate> candidates,
            RouteRequest request,
            RoutingPreferences preferences,
            RoutingPreferences.Sort sort,
            List<String> decisions,
            List<Candidate> out) {
        for (Candidate candidate : candidates) {
            candidate.assess(health, preferences);
            if (candidate.tier == Candidate.DEMOTED) {
                decisions.add("demoted " + candidate.endpoint.tag() + " (" + candidate.signal.recentFailures() + " of "
                        + candidate.signal.recentRequests() + " requests failed in the last "
                        + health.policy().outageWindow().toSeconds() + " s)");
            } else if (candidate.tier == Candidate.MISSES_PREFERENCES) {
                decisions.add("moved " + candidate.endpoint.tag()
                        + " back: misses preferred_min_throughput or preferred_max_latency");
            }
        }
        Comparator<Candidate> byTierThenPrice = Comparator.<Candidate>comparingInt(c -> c.tier)
                .thenComparingDouble(c -> c.price)
                .thenComparing(c -> c.endpoint.tag());
        List<Candidate> ordered = new ArrayList<>(candidates);
        String strategy;
        if (!preferences.order().isEmpty()) {
            ordered.sort(byTierThenPrice);
            List<Candidate> result = new ArrayList<>();
            for (String slug : preferences.order()) {
                for (Candidate candidate : ordered) {
                    if (matches(candidate.endpoint, slug) && !result.contains(candidate)) {
                        candidate.reason = "provider.order position " + (result.size() + 1);
                        result.add(candidate);
                    }
                }
            }
            if (preferences.allowFallbacks()) {
                for (Candidate candidate : ordered) {
                    if (!result.contains(candidate)) {
                        candidate.reason = fallbackReason(candidate);
                        result.add(candidate);
                    }
                }
            }
            decisions.add("provider.order " + preferences.order() + " first"
                    + (preferences.allowFallbacks() ? ", then the rest cheapest first" : ", no fallbacks"));
            out.addAll(result);
            return "order";
        }
        if (sort != null) {
            ordered.sort(Comparator.<Candidate>comparingInt(c -> c.tier)
                    .thenComparing(sortKey(sort.by()))
                    .thenComparingDouble(c -> c.price)
                    .thenComparing(c -> c.endpoint.tag()));
            strategy = "sort:" + sort.by().wireName();
            Candidate first = ordered.getFirst();
            first.reason = "first by " + sort.by().wireName() + describeMetric(first, sort.by());
            for (int i = 1; i < ordered.size(); i++) {
                ordered.get(i).reason = fallbackReason(ordered.get(i));
            }
        } else {
            ordered.sort(byTierThenPrice);
            int bestTier = ordered.getFirst().tier;
            List<Candidate> stable =
                    ordered.stream().filter(c -> c.tier == bestTier).toList();
            Candidate first = stickyCandidate(request, stable);
            if (first != null) {
                strategy = "sticky";
                first.reason = "sticky: served this conversation last";
                decisions.add("sticky routing: " + first.endpoint.tag() + " served this conversation last");
            } else {
                strategy = "price-weighted";
                first = weightedPick(stable, decisions);
            }
            ordered.remove(first);
            ordered.addFirst(first);
            for (int i = 1; i < ordered.size(); i++) {
                ordered.get(i).reason = fallbackReason(ordered.get(i));
            }
        }
        if (!preferences.allowFallbacks()) {
            decisions.add(
                    "allow_fallbacks false: only " + ordered.getFirst().endpoint.tag());
            out.add(ordered.getFirst());
        } else {
            out.addAll(ordered);
        }
        return strategy;
    }

    private Candidate stickyCandidate(RouteRequest request, List<Candidate> stable) {
        if (request.stickyKey() == null) {
            return null;
        }
        for (Candidate candidate : stable) {
            if (candidate.tier == Candidate.DEMOTED) {
                return null;
            }
            Optional<String> endpoint = sticky.endpointFor(request.stickyKey(), candidate.model.id());
            if (endpoint.isPresent() && endpoint.get().equals(candidate.id)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * One pick among the cheapest endpoints, each with probability proportional to 1/price². Free endpoints (price 0)
     * share the pick equally; endpoints of unknown price only get it when nothing else is there.
     */
    private Candidate weightedPick(List<Candidate> stable, List<String> decisions) {
        double cheapest = stable.getFirst().price;
        if (stable.size() == 1) {
            stable.getFirst().reason = "only healthy endpoint";
            return stable.getFirst();
        }
        List<Candidate> pool = new ArrayList<>();
        double[] weights;
        if (Double.isInfinite(cheapest) || cheapest == 0) {
            for (Candidate candidate : stable) {
                if (candidate.price == cheapest) {
                    pool.add(candidate);
                }
            }
            weights = new double[pool.size()];
            java.util.Arrays.fill(weights, 1);
        } else {
            for (Candidate candidate : stable) {
                if (candidate.price <= cheapest * LOAD_BALANCE_SPREAD) {
                    pool.add(candidate);
                }
            }
            weights = new double[pool.size()];
            for (int i = 0; i < weights.length; i++) {
                double price = pool.get(i).price;
                weights[i] = 1 / (price * price);
            }
        }
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double u = uniform() * total;
        int chosen = weights.length - 1;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                chosen = i;
                break;
            }
        }
        Candidate pick = pool.get(chosen);
        double chance = weights[chosen] / total;
        // Plain concatenation: String.format would cost more than the rest of the plan.
        String percent = Math.round(chance * 1000) / 10.0 + "%";
        pick.reason = "price-weighted pick (1/price², chance " + percent + " among " + pool.size() + ")";
        decisions.add("load balancing by 1/price² among " + pool.size() + " endpoint(s) within "
                + (int) LOAD_BALANCE_SPREAD + "× of the cheapest: picked " + pick.endpoint.tag() + " (" + percent
                + ")");
        return pick;
    }

    private double uniform() {
        if (random == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private static Comparator<Candidate> sortKey(RoutingPreferences.By by) {
        return switch (by) {
            case PRICE -> Comparator.comparingDouble(c -> c.price);
            case THROUGHPUT ->
                // higher is better; unknown after every known value
                Comparator.comparingDouble(c -> c.signal.throughput() == null
                        ? Double.POSITIVE_INFINITY
                        : -c.signal.throughput().p50());
            case LATENCY ->
                Comparator.comparingDouble(c -> c.signal.latency() == null
                        ? Double.POSITIVE_INFINITY
                        : c.signal.latency().p50());
            case EXACTO ->
                Comparator.comparingDouble(
                        c -> c.signal.uptime30m() == null ? Double.POSITIVE_INFINITY : -c.signal.uptime30m());
        };
    }

    private static String describeMetric(Candidate candidate, RoutingPreferences.By by) {
        return switch (by) {
            case PRICE -> "";
            case THROUGHPUT ->
                candidate.signal.throughput() == null
                        ? " (no throughput data yet)"
                        : " (p50 " + candidate.signal.throughput().p50() + " tokens/s)";
            case LATENCY ->
                candidate.signal.latency() == null
                        ? " (no latency data yet)"
                        : " (p50 " + candidate.signal.latency().p50() + " s)";
            case EXACTO ->
                candidate.signal.uptime30m() == null
                        ? " (no uptime data yet)"
                        : String.format(Locale.ROOT, " (uptime %.1f%%)", candidate.signal.uptime30m());
        };
    }

    private static String fallbackReason(Candidate candidate) {
        return switch (candidate.tier) {
            case Candidate.DEMOTED -> "fallback (demoted: recent outage)";
            case Candidate.MISSES_PREFERENCES -> "fallback (misses throughput or latency preference)";
            default -> "fallback";
        };
    }

    private static String tags(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.endpoint.tag()).toList().toString();
    }

    private static boolean matchesAny(Endpoint endpoint, List<String> slugs) {
        for (String slug : slugs) {
            if (matches(endpoint, slug)) {
                return true;
            }
        }
        return false;
    }

    /** A base slug matches all its tagged variants: {@code deepinfra} matches {@code deepinfra/turbo}. */
    static boolean matches(Endpoint endpoint, String slug) {
        String tag = endpoint.tag();
        return tag.equalsIgnoreCase(slug)
                || endpoint.providerSlug().equalsIgnoreCase(slug)
                || (tag.length() > slug.length()
                        && tag.charAt(slug.length()) == '/'
                        && tag.regionMatches(true, 0, slug, 0, slug.length()));
    }

    /** Prompt plus completion price per token; {@code +∞} when unknown (negative, as router models have). */
    static double price(Endpoint endpoint) {
        BigDecimal prompt = endpoint.pricing().prompt();
        BigDecimal completion = endpoint.pricing().completion();
        if (prompt.signum() < 0 || completion.signum() < 0) {
            return Double.POSITIVE_INFINITY;
        }
        return prompt.doubleValue() + completion.doubleValue();
    }

    /**
     * A model's endpoints with what every plan needs precomputed (provider, id string, price as a double), cached per
     * catalog snapshot: a new snapshot starts a new cache, so it never grows beyond the catalog.
     */
    private List<Prepared> prepared(Catalog snapshot, String modelId) {
        PreparedCatalog cache = prepared;
        if (cache == null || cache.catalog != snapshot) {
            cache = new PreparedCatalog(snapshot, new ConcurrentHashMap<>());
            prepared = cache;
        }
        return cache.byModel.computeIfAbsent(modelId, id -> {
            List<Prepared> list = new ArrayList<>();
            for (Endpoint endpoint : snapshot.endpoints(id)) {
                snapshot.provider(endpoint.providerSlug())
                        .ifPresent(
                                provider -> list.add(new Prepared(endpoint, provider, endpoint.id(), price(endpoint))));
            }
            return List.copyOf(list);
        });
    }

    private record PreparedCatalog(Catalog catalog, Map<String, List<Prepared>> byModel) {}

    private record Prepared(Endpoint endpoint, Provider provider, String id, double price) {}

    /** One endpoint under consideration. */
    private static final class Candidate {
        static final int HEALTHY = 0;
        static final int MISSES_PREFERENCES = 1;
        static final int DEMOTED = 2;

        final Model model;
        final Endpoint endpoint;
        final Provider provider;
        final String id;
        final double price;
        EndpointHealth.Signal signal = EndpointHealth.Signal.UNKNOWN;
        int tier = HEALTHY;
        String reason = "fallback";

        Candidate(Model model, Prepared prepared) {
            this.model = model;
            this.endpoint = prepared.endpoint;
            this.provider = prepared.provider;
            this.id = prepared.id;
            this.price = prepared.price;
        }

        void assess(EndpointHealth health, RoutingPreferences preferences) {
            signal = health.signal(id);
            if (signal.outage()) {
                tier = DEMOTED;
            } else if (missesCutoffs(preferences)) {
                tier = MISSES_PREFERENCES;
            } else {
                tier = HEALTHY;
            }
        }

        private boolean missesCutoffs(RoutingPreferences preferences) {
            RoutingPreferences.Cutoffs minThroughput = preferences.preferredMinThroughput();
            if (minThroughput != null && signal.throughput() != null) {
                Percentiles t = signal.throughput();
                if (below(t.p50(), minThroughput.p50())
                        || below(t.p75(), minThroughput.p75())
                        || below(t.p90(), minThroughput.p90())
                        || below(t.p99(), minThroughput.p99())) {
                    return true;
                }
            }
            RoutingPreferences.Cutoffs maxLatency = preferences.preferredMaxLatency();
            if (maxLatency != null && signal.latency() != null) {
                Percentiles l = signal.latency();
                return above(l.p50(), maxLatency.p50())
                        || above(l.p75(), maxLatency.p75())
                        || above(l.p90(), maxLatency.p90())
                        || above(l.p99(), maxLatency.p99());
            }
            return false;
        }

        private static boolean below(double value, Double cutoff) {
            return cutoff != null && value < cutoff;
        }

        private static boolean above(double value, Double cutoff) {
            return cutoff != null && value > cutoff;
        }
    }
}
