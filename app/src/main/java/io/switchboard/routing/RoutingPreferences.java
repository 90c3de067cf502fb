package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The request's {@code provider} object (and the legacy top-level {@code route}), parsed.
 *
 * @param order provider slugs to try first, in this order; disables price load balancing and sticky routing
 * @param allowFallbacks false: only the {@code order}ed providers may serve (without {@code order}: only the top
 *     choice of each model)
 * @param only allowlist of provider slugs (empty = all)
 * @param ignore denylist of provider slugs
 * @param sort explicit ordering, null for the default price-weighted load balancing
 * @param denyDataCollection {@code data_collection: "deny"}: only providers that do not train on prompts
 * @param zdr only zero-data-retention providers
 * @param quantizations allowed endpoint quantizations, lower case ({@code unknown} matches endpoints without one);
 *     empty = all
 * @param maxPrice hard price ceiling, null for none
 * @param requireParameters only endpoints that support every parameter of the request
 * @param preferredMinThroughput soft: endpoints below these tokens/s go to the end; null for none
 * @param preferredMaxLatency soft: endpoints above these seconds (time to first token) go to the end; null for none
 */
public record RoutingPreferences(
        List<String> order,
        boolean allowFallbacks,
        List<String> only,
        List<String> ignore,
        Sort sort,
        boolean denyDataCollection,
        boolean zdr,
        List<String> quantizations,
        MaxPrice maxPrice,
        boolean requireParameters,
        Cutoffs preferredMinThroughput,
        Cutoffs preferredMaxLatency) {
    public static final RoutingPreferences DEFAULT = new RoutingPreferences(List.of(), true, List.of(), List.of());

    public RoutingPreferences {
        order = List.copyOf(order);
        only = List.copyOf(only);
        ignore = List.copyOf(ignore);
        quantizations = quantizations.stream()
                .map(quantization -> quantization.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Only the provider lists, as before the other fields existed. */
    public RoutingPreferences(List<String> order, boolean allowFallbacks, List<String> only, List<String> ignore) {
        this(order, allowFallbacks, only, ignore, null, false, false, List.of(), null, false, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.order = order;
        builder.allowFallbacks = allowFallbacks;
        builder.only = only;
        builder.ignore = ignore;
        builder.sort = sort;
        builder.denyDataCollection = denyDataCollection;
        builder.zdr = zdr;
        builder.quantizations = quantizations;
        builder.maxPrice = maxPrice;
        builder.requireParameters = requireParameters;
        builder.preferredMinThroughput = preferredMinThroughput;
        builder.preferredMaxLatency = preferredMaxLatency;
        return builder;
    }

    /** {@code provider.sort}: the string form is {@code by} with partition {@code model}. */
    public record Sort(By by, Partition partition) {
        public Sort {
            requireNonNull(by, "by is null");
            requireNonNull(partition, "partition is null");
        }

        public static Sort by(By by) {
            return new Sort(by, Partition.MODEL);
        }
    }

    /** What {@code provider.sort} orders by. */
    public enum By {
        /** Cheapest first (prompt plus completion price per token). */
        PRICE,
        /** Highest median tokens/s over the last five minutes first. */
        THROUGHPUT,
        /** Lowest median time to first token over the last five minutes first. */
        LATENCY,
        /** Most reliable first (uptime over the last 30 minutes), then cheapest. */
        EXACTO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code model}: each model's endpoints are ordered on their own and tried before the next model's; {@code none}:
     * the endpoints of every listed model are sorted together.
     */
    public enum Partition {
        MODEL,
        NONE
    }

    /**
     * {@code provider.max_price}: prompt and completion in USD per million tokens, request per request, image per image.
     * A null field sets no limit.
     */
    public record MaxPrice(BigDecimal prompt, BigDecimal completion, BigDecimal request, BigDecimal image) {}

    /**
     * Percentile cutoffs of {@code preferred_min_throughput} (tokens/s) or {@code preferred_max_latency} (seconds); a
     * plain number is the p50 cutoff. Null fields are not checked.
     */
    public record Cutoffs(Double p50, Double p75, Double p90, Double p99) {
        public static Cutoffs p50(double value) {
            return new Cutoffs(value, null, null, null);
        }
    }

    /** Mutable builder for the many optional fields. */
    public static final class Builder {
        private List<String> order = List.of();
        private boolean allowFallbacks = true;
        private List<String> only = List.of();
        private List<String> ignore = List.of();
        private Sort sort;
        private boolean denyDataCollection;
        private boolean zdr;
        private List<String> quantizations = List.of();
        private MaxPrice maxPrice;
        private boolean requireParameters;
        private Cutoffs preferredMinThroughput;
        private Cutoffs preferredMaxLatency;

        private Builder() {}

        public Builder order(List<String> value) {
            order = value;
            return this;
        }

        public Builder allowFallbacks(boolean value) {
            allowFallbacks = value;
            return this;
        }

        public Builder only(List<String> value) {
            only = value;
            return this;
        }

        public Builder ignore(List<String> value) {
            ignore = value;
            return this;
        }

        public Builder sort(Sort value) {
            sort = value;
            return this;
        }

        public Builder sort(By value) {
            sort = Sort.by(value);
            return this;
        }

        public Builder denyDataCollection(boolean value) {
            denyDataCollection = value;
            return this;
        }

        public Builder zdr(boolean value) {
            zdr = value;
            return this;
        }

        public Builder quantizations(List<String> value) {
            quantizations = value;
            return this;
        }

        public Builder maxPrice(MaxPrice value) {
            maxPrice = value;
            return this;
        }

        public Builder requireParameters(boolean value) {
            requireParameters = value;
            return this;
        }

        public Builder preferredMinThroughput(Cutoffs value) {
            preferredMinThroughput = value;
            return this;
        }

        public Builder preferredMaxLatency(Cutoffs value) {
            preferredMaxLatency = value;
            return this;
        }

        public RoutingPreferences build() {
            return new RoutingPreferences(
                    order,
                    allowFallbacks,
                    only,
                    ignore,
                    sort,
                    denyDataCollection,
                    zdr,
                    quantizations,
                    maxPrice,
                    requireParameters,
                    preferredMinThroughput,
                    preferredMaxLatency);
        }
    }
}
