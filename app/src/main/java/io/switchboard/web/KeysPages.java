package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.UsdAmounts;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.keys.ApiKey;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.KeySettings;
import io.switchboard.keys.LimitReset;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /settings/keys}: the signed-in user's inference keys. Same rules and domain calls as the keys API
 * ({@link KeySettings#nameProblem}, {@link UsdAmounts}); a new key's plaintext is shown once, in the answer to the
 * post that created it, and exists nowhere else.
 */
public final class KeysPages {
    private static final Map<String, String> NOTICES = Map.of(
            "updated", "The key was saved.",
            "disabled", "The key was disabled: requests with it now fail with 401.",
            "enabled", "The key was enabled again.",
            "deleted", "The key was deleted. Requests with it now fail with 401.");

    private final WebServices services;
    private final Pages pages;
    private final AccountPages account;

    KeysPages(WebServices services, Pages pages, AccountPages account) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.account = requireNonNull(account, "account is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/settings/keys", account.signedIn(this::list));
        router.add("POST", "/settings/keys", account.signedInForm(this::create));
        router.add("GET", "/settings/keys/{hash}", account.signedIn(this::edit));
        router.add("POST", "/settings/keys/{hash}", account.signedInForm(this::update));
        router.add("POST", "/settings/keys/{hash}/disable", account.signedInForm((e, v, f) -> setDisabled(e, v, true)));
        router.add("POST", "/settings/keys/{hash}/enable", account.signedInForm((e, v, f) -> setDisabled(e, v, false)));
        router.add("POST", "/settings/keys/{hash}/delete", account.signedInForm(this::delete));
    }

    private void list(Exchange exchange, Visitor visitor) {
        String done = exchange.query("done");
        render(exchange, visitor, 200, Form.empty(), null, done == null ? null : NOTICES.get(done));
    }

    private void create(Exchange exchange, Visitor visitor, Fields fields) {
        Form form = read(fields);
        Parsed parsed = parse(form);
        if (parsed.form().hasErrors()) {
            render(exchange, visitor, 400, parsed.form(), null, null);
            return;
        }
        KeyService keys = services.keys();
        KeyService.CreatedKey created = keys.create(
                keys.findUser(visitor.userId()).orElseThrow(),
                new KeySettings(parsed.name(), parsed.limit(), parsed.reset(), false, null, null),
                KeyKind.INFERENCE);
        render(
                exchange,
                visitor,
                201,
                Form.empty(),
                new CreatedKey(created.key().name(), created.plaintext()),
                null);
    }

    private void edit(Exchange exchange, Visitor visitor) throws PageException {
        ApiKey key = owned(exchange, visitor);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", key.name());
        values.put(
                "limit",
                key.limit() == null ? "" : key.limit().stripTrailingZeros().toPlainString());
        values.put(
                "limit_reset", key.limitReset() == null ? "" : key.limitReset().wireName());
        renderEdit(exchange, visitor, 200, key, Form.of(values));
    }

    private void update(Exchange exchange, Visitor visitor, Fields fields) throws PageException {
        ApiKey key = owned(exchange, visitor);
        Parsed parsed = parse(read(fields));
        if (parsed.form().hasErrors()) {
            renderEdit(exchange, visitor, 400, key, parsed.form());
            return;
        }
        services.keys().update(changed(key, parsed.name(), parsed.limit(), parsed.reset(), key.disabled()));
        exchange.redirect("/settings/keys?done=updated");
    }

    private void setDisabled(Exchange exchange, Visitor visitor, boolean disabled) throws PageException {
        ApiKey key = owned(exchange, visitor);
        services.keys().update(changed(key, key.name(), key.limit(), key.limitReset(), disabled));
        exchange.redirect("/settings/keys?done=" + (disabled ? "disabled" : "enabled"));
    }

    private void delete(Exchange exchange, Visitor visitor, Fields fields) throws PageException {
        services.keys().delete(owned(exchange, visitor).hash());
        exchange.redirect("/settings/keys?done=deleted");
    }

    private static ApiKey changed(ApiKey key, String name, BigDecimal limit, LimitReset reset, boolean disabled) {
        return key.withSettings(
                name, limit, disabled, reset, key.includeByokInLimit(), key.expiresAt(), key.rateLimitPerMinute());
    }

    /** The key in the path if the visitor owns it; other users' keys are as absent as keys that never existed. */
    private ApiKey owned(Exchange exchange, Visitor visitor) throws PageException {
        String hash = exchange.pathParameter("hash");
        Optional<ApiKey> key = hash.matches("[0-9a-f]{64}")
                ? services.keys().find(visitor.userId(), hash).filter(found -> found.kind() == KeyKind.INFERENCE)
                : Optional.empty();
        return key.orElseThrow(() -> PageException.notFound("There is no such key in your account."));
    }

    private static Form read(Fields fields) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", AccountPages.value(fields, "name").strip());
        values.put("limit", AccountPages.value(fields, "limit").strip());
        values.put("limit_reset", AccountPages.value(fields, "limit_reset").strip());
        return Form.of(values);
    }

    /** The form's values checked by the keys' own rules; errors go next to their fields. */
    static Parsed parse(Form form) {
        Form checked = form;
        String name = form.value("name");
        Optional<String> nameProblem = KeySettings.nameProblem(name);
        if (nameProblem.isPresent()) {
            checked = checked.withError("name", nameProblem.get());
        }
        BigDecimal limit = null;
        if (!form.value("limit").isEmpty()) {
            try {
                limit = new BigDecimal(form.value("limit").replace("$", "").replace(",", ""));
                Optional<String> problem = UsdAmounts.problem(limit);
                if (problem.isPresent()) {
                    checked = checked.withError("limit", "The limit " + problem.get() + ".");
                }
            } catch (NumberFormatException e) {
                checked = checked.withError(
                        "limit", "Enter the limit in USD, such as 5 or 12.50, or leave it empty for no limit.");
            }
        }
        LimitReset reset = null;
        if (!form.value("limit_reset").isEmpty()) {
            Optional<LimitReset> parsed = LimitReset.fromWire(form.value("limit_reset"));
            if (parsed.isEmpty()) {
                checked = checked.withError("limit_reset", "Choose daily, weekly, monthly or never.");
            } else {
                reset = parsed.get();
            }
        }
        return new Parsed(checked, name, limit, reset);
    }

    record Parsed(Form form, String name, BigDecimal limit, LimitReset reset) {}

    private void render(Exchange exchange, Visitor visitor, int status, Form form, CreatedKey created, String notice) {
        List<KeyRow> rows = services.keys().list(visitor.userId(), KeyKind.INFERENCE).stream()
                .map(key -> row(services.accounts(), key))
                .toList();
        pages.render(
                exchange,
                status,
                "keys.jte",
                new KeysPage(new Chrome("API keys", "keys", visitor), rows, form, created, notice));
    }

    private void renderEdit(Exchange exchange, Visitor visitor, int status, ApiKey key, Form form) {
        pages.render(
                exchange,
                status,
                "key_edit.jte",
                new KeyEditPage(
                        new Chrome("Edit " + key.name(), "keys", visitor), row(services.accounts(), key), form));
    }

    static KeyRow row(AccountService accounts, ApiKey key) {
        AccountService.KeyUsage usage = accounts.keyUsage(key.userId(), key.hash());
        BigDecimal remaining = accounts.limitRemaining(key.userId(), key.hash(), key.limits());
        return new KeyRow(
                key.hash(),
                key.name(),
                key.label(),
                key.limit() == null ? "No limit" : Formats.usd(key.limit()),
                Formats.usd(usage.usage()),
                remaining == null ? "–" : Formats.usd(remaining),
                key.limitReset() == null
                        ? "Never"
                        : capitalised(key.limitReset().wireName()),
                key.disabled(),
                Formats.date(key.createdAt()));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** One key as the list shows it, amounts already formatted. */
    public record KeyRow(
            String hash,
            String name,
            String label,
            String limit,
            String usage,
            String remaining,
            String reset,
            boolean disabled,
            String created) {}

    /** A key just created: its plaintext, shown this once. */
    public record CreatedKey(String name, String plaintext) {
        @Override
        public String toString() {
            return "CreatedKey[" + name + "]";
        }
    }

    /** The parameter of {@code keys.jte}; {@code created} and {@code notice} may be null. */
    public record KeysPage(Chrome chrome, List<KeyRow> keys, Form form, CreatedKey created, String notice) {
        public KeysPage {
            requireNonNull(chrome, "chrome is null");
            keys = List.copyOf(keys);
            requireNonNull(form, "form is null");
        }
    }

    /** The parameter of {@code key_edit.jte}. */
    public record KeyEditPage(Chrome chrome, KeyRow key, Form form) {
        public KeyEditPage {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(key, "key is null");
            requireNonNull(form, "form is null");
        }
    }
}
