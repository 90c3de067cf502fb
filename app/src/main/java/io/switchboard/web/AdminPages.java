package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.accounting.UsdAmounts;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.identity.InvalidInputException;
import io.switchboard.identity.UserAccount;
import io.switchboard.keys.KeyKind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/** {@code /admin/users}: admins list users, create users who can sign in, and grant credits. */
public final class AdminPages {
    static final int MAX_REASON = 500;

    private final WebServices services;
    private final Pages pages;
    private final AccountPages account;

    AdminPages(WebServices services, Pages pages, AccountPages account) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.account = requireNonNull(account, "account is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/admin/users", account.admin(this::list));
        router.add("POST", "/admin/users", account.adminForm(this::create));
        router.add("POST", "/admin/users/credits", account.adminForm(this::grant));
    }

    private void list(Exchange exchange, Visitor visitor) {
        String created = exchange.query("created");
        String granted = exchange.query("granted");
        String notice = null;
        if (created != null) {
            notice = services.identities()
                    .find(created)
                    .map(user -> "Created " + user.email() + ". They can sign in now.")
                    .orElse(null);
        } else if (granted != null) {
            notice = services.identities()
                    .find(granted)
                    .map(user -> "Granted credits to " + display(user) + ". Their balance is now "
                            + Formats.balance(services.accounts().balance(user.userId())) + ".")
                    .orElse(null);
        }
        render(exchange, visitor, 200, Form.empty(), Form.empty(), notice);
    }

    private void create(Exchange exchange, Visitor visitor, Fields fields) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", AccountPages.value(fields, "email").strip());
        values.put("admin", fields.getValue("admin") == null ? "" : "on");
        values.put("credits", AccountPages.value(fields, "credits").strip());
        Form form = Form.of(values);
        String password = AccountPages.value(fields, "password");
        try {
            io.switchboard.identity.IdentityService.normaliseEmail(form.value("email"));
        } catch (InvalidInputException e) {
            form = form.withError(e.field(), e.getMessage());
        }
        try {
            io.switchboard.identity.IdentityService.checkPassword(password);
        } catch (InvalidInputException e) {
            form = form.withError(e.field(), e.getMessage());
        }
        BigDecimal credits = null;
        if (!form.value("credits").isEmpty()) {
            credits = amount(form.value("credits"));
            Optional<String> problem = credits == null
                    ? Optional.of("must be an amount in USD, such as 10 or 2.50")
                    : UsdAmounts.problem(credits);
            if (problem.isPresent()) {
                form = form.withError("credits", "Initial credits " + problem.get() + ".");
            }
        }
        if (form.hasErrors()) {
            render(exchange, visitor, 400, form, Form.empty(), null);
            return;
        }
        UserAccount created;
        try {
            created = services.identities()
                    .create(form.value("email"), password, !form.value("admin").isEmpty());
        } catch (InvalidInputException e) {
            render(exchange, visitor, 400, form.withError(e.field(), e.getMessage()), Form.empty(), null);
            return;
        }
        if (credits != null && credits.signum() > 0) {
            services.accounts().grant(created.userId(), credits, "initial credits from " + visitor.email());
        }
        exchange.redirect("/admin/users?created=" + created.userId());
    }

    private void grant(Exchange exchange, Visitor visitor, Fields fields) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("user", AccountPages.value(fields, "user").strip());
        values.put("amount", AccountPages.value(fields, "amount").strip());
        values.put("reason", AccountPages.value(fields, "reason").strip());
        Form form = Form.of(values);
        Optional<UserAccount> user = form.value("user").isEmpty()
                ? Optional.empty()
                : services.identities().find(form.value("user"));
        if (user.isEmpty()) {
            form = form.withError("user", "Choose a user.");
        }
        BigDecimal amount = amount(form.value("amount"));
        if (form.value("amount").isEmpty()) {
            form = form.withError("amount", "Enter the amount to grant in USD.");
        } else {
            Optional<String> problem = amount == null
                    ? Optional.of("must be an amount in USD, such as 10 or 2.50")
                    : UsdAmounts.positiveProblem(amount);
            if (problem.isPresent()) {
                form = form.withError("amount", "The amount " + problem.get() + ".");
            }
        }
        if (form.value("reason").length() > MAX_REASON) {
            form = form.withError("reason", "Use at most " + MAX_REASON + " characters for the reason.");
        }
        if (form.hasErrors()) {
            render(exchange, visitor, 400, Form.empty(), form, null);
            return;
        }
        String reason = form.value("reason").isEmpty() ? "granted by " + visitor.email() : form.value("reason");
        services.accounts().grant(user.get().userId(), amount, reason);
        exchange.redirect("/admin/users?granted=" + user.get().userId());
    }

    private static BigDecimal amount(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value.replace("$", "").replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String display(UserAccount user) {
        return user.email() != null ? user.email() : user.name();
    }

    private void render(Exchange exchange, Visitor visitor, int status, Form create, Form grant, String notice) {
        Map<String, Long> keyCounts = services.keys().countByUser(KeyKind.INFERENCE);
        List<UserRow> users = services.identities().all().stream()
                .map(user -> {
                    services.accounts().ensureKnown(user.userId());
                    return new UserRow(
                            user.userId(),
                            display(user),
                            user.email() == null ? "No sign-in (command-line user)" : null,
                            user.admin(),
                            Formats.balance(services.accounts().balance(user.userId())),
                            keyCounts.getOrDefault(user.userId(), 0L),
                            Formats.date(user.createdAt()));
                })
                .toList();
        pages.render(
                exchange,
                status,
                "admin_users.jte",
                new AdminUsersPage(new Chrome("Users", "admin", visitor), users, create, grant, notice));
    }

    /** @param note a muted remark under the name, or null */
    public record UserRow(
            String id, String name, String note, boolean admin, String balance, long keys, String created) {}

    /** The parameter of {@code admin_users.jte}; {@code notice} may be null. */
    public record AdminUsersPage(Chrome chrome, List<UserRow> users, Form create, Form grant, String notice) {
        public AdminUsersPage {
            requireNonNull(chrome, "chrome is null");
            users = List.copyOf(users);
            requireNonNull(create, "create is null");
            requireNonNull(grant, "grant is null");
        }
    }
}
