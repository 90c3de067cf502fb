package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.catalog.Provider;
import io.switchboard.keys.ByokKey;
import io.switchboard.keys.ByokService;
import io.switchboard.keys.ByokStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /settings/integrations}: the user's own provider keys (BYOK). A key is accepted once and never shown again:
 * the list shows its masked label. Without a master key the server can store none, and the page says so.
 */
public final class IntegrationsPages {
    private static final Map<String, String> NOTICES = Map.of(
            "added", "The provider key was saved, encrypted. Requests to this provider now use it first.",
            "replaced", "The provider key was replaced.",
            "always", "Saved: requests to this provider now use only your key, never shared capacity.",
            "fallback", "Saved: shared capacity is used when your key fails.",
            "removed", "The provider key was removed.");

    private final WebServices services;
    private final Pages pages;
    private final AccountPages account;

    IntegrationsPages(WebServices services, Pages pages, AccountPages account) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.account = requireNonNull(account, "account is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/settings/integrations", account.signedIn(this::list));
        router.add("POST", "/settings/integrations", account.signedInForm(this::add));
        router.add("POST", "/settings/integrations/{id}/key", account.signedInForm(this::replace));
        router.add("POST", "/settings/integrations/{id}/always-use", account.signedInForm(this::alwaysUse));
        router.add("POST", "/settings/integrations/{id}/delete", account.signedInForm(this::remove));
    }

    private void list(Exchange exchange, Visitor visitor) {
        String done = exchange.query("done");
        render(exchange, visitor, 200, Form.empty(), done == null ? null : NOTICES.get(done));
    }

    private void add(Exchange exchange, Visitor visitor, Fields fields) {
        ByokService byok = services.byok();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("provider", AccountPages.value(fields, "provider").strip());
        values.put("always_use", fields.getValue("always_use") == null ? "" : "on");
        Form form = Form.of(values);
        if (!byok.enabled()) {
            render(exchange, visitor, 503, form, null);
            return;
        }
        Optional<Provider> provider = form.value("provider").isEmpty()
                ? Optional.empty()
                : services.catalog().get().provider(form.value("provider"));
        if (form.value("provider").isEmpty()) {
            form = form.withError("provider", "Choose a provider.");
        } else if (provider.isEmpty()) {
            form = form.withError("provider", "Unknown provider. Choose one from the list.");
        } else if (byok.list(visitor.userId()).stream()
                .anyMatch(key -> key.provider().equals(provider.get().slug()))) {
            form = form.withError(
                    "provider",
                    "You already have a key for " + provider.get().name() + ". Replace it in the list below.");
        }
        String secret = AccountPages.value(fields, "key").strip();
        Optional<String> secretProblem = secretProblem(secret);
        if (secretProblem.isPresent()) {
            form = form.withError("key", secretProblem.get());
        }
        if (form.hasErrors()) {
            render(exchange, visitor, 400, form, null);
            return;
        }
        try {
            byok.create(
                    visitor.userId(),
                    provider.get().slug(),
                    secret,
                    provider.get().name(),
                    !form.value("always_use").isEmpty(),
                    false);
        } catch (ByokStore.DuplicateByokKeyException e) {
            render(
                    exchange,
                    visitor,
                    400,
                    form.withError("provider", "You already have a key for this provider."),
                    null);
            return;
        }
        exchange.redirect("/settings/integrations?done=added");
    }

    private void replace(Exchange exchange, Visitor visitor, Fields fields) throws PageException {
        ByokKey key = owned(exchange, visitor);
        if (!services.byok().enabled()) {
            render(exchange, visitor, 503, Form.empty(), null);
            return;
        }
        String secret = AccountPages.value(fields, "key").strip();
        Optional<String> problem = secretProblem(secret);
        if (problem.isPresent()) {
            render(exchange, visitor, 400, Form.empty().withError("key-" + key.id(), problem.get()), null);
            return;
        }
        services.byok().update(key, secret);
        exchange.redirect("/settings/integrations?done=replaced");
    }

    private void alwaysUse(Exchange exchange, Visitor visitor, Fields fields) throws PageException {
        ByokKey key = owned(exchange, visitor);
        boolean alwaysUse = "on".equals(fields.getValue("always_use"));
        services.byok()
                .update(
                        new ByokKey(
                                key.id(),
                                key.userId(),
                                key.provider(),
                                key.name(),
                                key.label(),
                                key.ciphertext(),
                                alwaysUse,
                                key.disabled(),
                                key.createdAt(),
                                key.updatedAt()),
                        null);
        exchange.redirect("/settings/integrations?done=" + (alwaysUse ? "always" : "fallback"));
    }

    private void remove(Exchange exchange, Visitor visitor, Fields fields) throws PageException {
        ByokKey key = owned(exchange, visitor);
        services.byok().delete(visitor.userId(), key.id());
        exchange.redirect("/settings/integrations?done=removed");
    }

    private ByokKey owned(Exchange exchange, Visitor visitor) throws PageException {
        return services.byok()
                .find(visitor.userId(), exchange.pathParameter("id"))
                .orElseThrow(() -> PageException.notFound("There is no such provider key in your account."));
    }

    private static Optional<String> secretProblem(String secret) {
        if (secret.isEmpty()) {
            return Optional.of("Paste the API key the provider gave you.");
        }
        if (secret.length() > ByokService.MAX_SECRET) {
            return Optional.of(
                    "That is longer than any provider key (at most " + ByokService.MAX_SECRET + " characters).");
        }
        return Optional.empty();
    }

    private void render(Exchange exchange, Visitor visitor, int status, Form form, String notice) {
        Map<String, String> names = new LinkedHashMap<>();
        services.catalog().get().providers().stream()
                .sorted(Comparator.comparing(Provider::name, String.CASE_INSENSITIVE_ORDER))
                .forEach(provider -> names.put(provider.slug(), provider.name()));
        List<ByokRow> rows = services.byok().list(visitor.userId()).stream()
                .map(key -> new ByokRow(
                        key.id(),
                        key.provider(),
                        names.getOrDefault(key.provider(), key.provider()),
                        key.label(),
                        key.alwaysUse(),
                        key.disabled(),
                        Formats.date(key.createdAt()),
                        Formats.date(key.updatedAt())))
                .toList();
        List<Option> providers = names.entrySet().stream()
                .map(entry -> new Option(entry.getKey(), entry.getValue()))
                .toList();
        pages.render(
                exchange,
                status,
                "integrations.jte",
                new IntegrationsPage(
                        new Chrome("Integrations", "integrations", visitor),
                        services.byok().enabled(),
                        rows,
                        providers,
                        form,
                        notice));
    }

    /** One provider key as listed: never the secret, only its masked label. */
    public record ByokRow(
            String id,
            String provider,
            String providerName,
            String label,
            boolean alwaysUse,
            boolean disabled,
            String created,
            String updated) {}

    public record Option(String value, String label) {}

    /** The parameter of {@code integrations.jte}; {@code notice} may be null. */
    public record IntegrationsPage(
            Chrome chrome, boolean enabled, List<ByokRow> keys, List<Option> providers, Form form, String notice) {
        public IntegrationsPage {
            requireNonNull(chrome, "chrome is null");
            keys = List.copyOf(keys);
            providers = List.copyOf(providers);
            requireNonNull(form, "form is null");
        }
    }
}
