package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.GenerationStore;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code /credits} (balance and ledger) and {@code /activity} (usage by day, model, provider and app). */
public final class UsagePages {
    static final int LEDGER_DAYS = 30;

    private final WebServices services;
    private final Pages pages;
    private final AccountPages account;

    UsagePages(WebServices services, Pages pages, AccountPages account) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.account = requireNonNull(account, "account is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/credits", account.signedIn(this::credits));
        router.add("GET", "/activity", account.signedIn(this::activity));
    }

    private void credits(Exchange exchange, Visitor visitor) {
        AccountService accounts = services.accounts();
        String userId = visitor.userId();
        accounts.ensureKnown(userId);
        List<GrantRow> grants = accounts.grants(userId).stream()
                .map(grant -> new GrantRow(
                        Formats.balance(grant.amount()),
                        grant.reason() == null ? "Credit grant" : grant.reason(),
                        Formats.date(grant.createdAt())))
                .toList();
        List<UsageRow> days = group(
                services.generations().activity(userId, null, since(LEDGER_DAYS)),
                row -> row.date(),
                row -> Formats.day(row.date()),
                Comparator.<java.time.LocalDate>reverseOrder());
        BigDecimal balance = accounts.balance(userId);
        pages.render(
                exchange,
                "credits.jte",
                new CreditsPage(
                        new Chrome("Credits", "credits", visitor),
                        Formats.balance(balance),
                        Formats.balance(accounts.credits(userId)),
                        Formats.usd(accounts.usage(userId)),
                        balance.compareTo(BigDecimal.ONE) < 0,
                        grants,
                        days,
                        LEDGER_DAYS));
    }

    private void activity(Exchange exchange, Visitor visitor) {
        int days = "7".equals(exchange.query("days")) ? 7 : 30;
        Instant since = since(days);
        List<GenerationStore.ActivityRow> rows = services.generations().activity(visitor.userId(), null, since);
        BigDecimal cost = BigDecimal.ZERO;
        long requests = 0;
        long tokens = 0;
        for (GenerationStore.ActivityRow row : rows) {
            cost = cost.add(row.usage());
            requests += row.requests();
            tokens += row.promptTokens() + row.completionTokens();
        }
        List<UsageRow> apps = shares(services.generations().userAppUsage(visitor.userId(), since).stream()
                .map(app -> new Totals(
                        app.appTitle() != null
                                ? app.appTitle()
                                : app.appOrigin() != null ? app.appOrigin() : "No app named",
                        app.appTitle() != null
                                ? app.appOrigin()
                                : app.appOrigin() == null ? "Requests without HTTP-Referer" : null,
                        app.usage(),
                        app.requests(),
                        app.promptTokens() + app.completionTokens()))
                .toList());
        pages.render(
                exchange,
                "activity.jte",
                new ActivityPage(
                        new Chrome("Activity", "activity", visitor),
                        days,
                        Formats.usd(cost),
                        Formats.count(requests),
                        Formats.count(tokens),
                        group(
                                rows,
                                row -> row.date(),
                                row -> Formats.day(row.date()),
                                Comparator.<java.time.LocalDate>reverseOrder()),
                        group(rows, row -> row.model(), row -> row.model(), null),
                        group(
                                rows,
                                row -> row.providerName() == null ? "Unknown" : row.providerName(),
                                row -> row.providerName() == null ? "Unknown" : row.providerName(),
                                null),
                        apps));
    }

    private Instant since(int days) {
        return LocalDate.ofInstant(services.clock().instant(), ZoneOffset.UTC)
                .minusDays(days - 1L)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /**
     * Sums activity rows by a key; ordered by {@code keyOrder} when given (days), otherwise by cost, then requests.
     */
    private static <K> List<UsageRow> group(
            List<GenerationStore.ActivityRow> rows,
            Function<GenerationStore.ActivityRow, K> key,
            Function<GenerationStore.ActivityRow, String> label,
            Comparator<K> keyOrder) {
        Map<K, Totals> totals = new LinkedHashMap<>();
        for (GenerationStore.ActivityRow row : rows) {
            totals.merge(
                    key.apply(row),
                    new Totals(
                            label.apply(row),
                            null,
                            row.usage(),
                            row.requests(),
                            row.promptTokens() + row.completionTokens()),
                    Totals::plus);
        }
        List<Totals> ordered = keyOrder != null
                ? totals.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(keyOrder))
                        .map(Map.Entry::getValue)
                        .toList()
                : totals.values().stream()
                        .sorted(Comparator.comparing(Totals::cost)
                                .thenComparingLong(Totals::requests)
                                .reversed()
                                .thenComparing(Totals::label))
                        .toList();
        return shares(ordered);
    }

    /** Formats totals, with each row's share of the largest cost (or request count, when nothing cost anything). */
    private static List<UsageRow> shares(List<Totals> totals) {
        BigDecimal maxCost =
                totals.stream().map(Totals::cost).max(Comparator.naturalOrder()).orElse(BigDecimal.ZERO);
        long maxRequests = totals.stream().mapToLong(Totals::requests).max().orElse(0);
        return totals.stream()
                .map(total -> {
                    int share;
                    if (maxCost.signum() > 0) {
                        share = total.cost()
                                .multiply(BigDecimal.valueOf(100))
                                .divide(maxCost, java.math.RoundingMode.HALF_UP)
                                .intValue();
                    } else {
                        share = maxRequests == 0 ? 0 : (int) (total.requests() * 100 / maxRequests);
                    }
                    return new UsageRow(
                            total.label(),
                            total.detail(),
                            Formats.usd(total.cost()),
                            Formats.count(total.requests()),
                            Formats.count(total.tokens()),
                            Math.max(share, total.requests() > 0 ? 2 : 0));
                })
                .toList();
    }

    private record Totals(String label, String detail, BigDecimal cost, long requests, long tokens) {
        Totals plus(Totals other) {
            return new Totals(label, detail, cost.add(other.cost), requests + other.requests, tokens + other.tokens);
        }
    }

    /**
     * One line of a usage table.
     *
     * @param detail a second, muted line (an app's origin under its title), or null
     * @param share 0..100, the width of the row's bar relative to the largest row
     */
    public record UsageRow(String label, String detail, String cost, String requests, String tokens, int share) {}

    public record GrantRow(String amount, String reason, String date) {}

    /** The parameter of {@code credits.jte}. */
    public record CreditsPage(
            Chrome chrome,
            String balance,
            String credits,
            String usage,
            boolean low,
            List<GrantRow> grants,
            List<UsageRow> days,
            int ledgerDays) {
        public CreditsPage {
            requireNonNull(chrome, "chrome is null");
            grants = List.copyOf(grants);
            days = List.copyOf(days);
        }
    }

    /** The parameter of {@code activity.jte}. */
    public record ActivityPage(
            Chrome chrome,
            int days,
            String cost,
            String requests,
            String tokens,
            List<UsageRow> byDay,
            List<UsageRow> byModel,
            List<UsageRow> byProvider,
            List<UsageRow> byApp) {
        public ActivityPage {
            requireNonNull(chrome, "chrome is null");
            byDay = List.copyOf(byDay);
            byModel = List.copyOf(byModel);
            byProvider = List.copyOf(byProvider);
            byApp = List.copyOf(byApp);
        }

        public boolean empty() {
            return byDay.isEmpty();
        }
    }
}
