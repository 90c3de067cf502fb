package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.ApiHandler;
import io.switchboard.api.ApiRouter;
import io.switchboard.api.Exchange;
import io.switchboard.identity.SignInThrottle;
import io.switchboard.identity.UserAccount;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Signing in and out, and the guards every signed-in page goes through: a visitor who is not signed in is sent to
 * {@code /signin?next=...}; every form post must pass the CSRF checks ({@link Csrf}) before it changes anything.
 * Registers the signed-in pages ({@link KeysPages}, {@link IntegrationsPages}, {@link UsagePages},
 * {@link AdminPages}).
 */
final class AccountPages {
    static final long MAX_FORM_BYTES = 64 * 1024;

    private final WebServices services;
    private final Pages pages;
    private final SessionVisitors visitors;
    private final SignInThrottle throttle = new SignInThrottle();

    AccountPages(WebServices services, Pages pages, SessionVisitors visitors) {
        this.services = requireNonNull(services, "services is null");
        this.pages = requireNonNull(pages, "pages is null");
        this.visitors = requireNonNull(visitors, "visitors is null");
    }

    void register(ApiRouter router) {
        router.add("GET", "/signin", pages.page(this::signInForm));
        router.add("POST", "/signin", pages.page(form(this::signIn)));
        router.add("POST", "/signout", pages.page(form(this::signOut)));
        new KeysPages(services, pages, this).register(router);
        new IntegrationsPages(services, pages, this).register(router);
        new UsagePages(services, pages, this).register(router);
        new AdminPages(services, pages, this).register(router);
    }

    /** A page only signed-in visitors see; anybody else is sent to sign in and brought back. */
    ApiHandler signedIn(PageHandler handler) {
        return pages.page((exchange, visitor) -> {
            if (!visitor.signedIn()) {
                redirectToSignIn(exchange);
                return;
            }
            handler.handle(exchange, visitor);
        });
    }

    /** A form post of a signed-in visitor, after the CSRF checks. */
    ApiHandler signedInForm(FormHandler handler) {
        return pages.page((exchange, visitor) -> {
            if (!visitor.signedIn()) {
                redirectToSignIn(exchange);
                return;
            }
            form(handler).handle(exchange, visitor);
        });
    }

    /** A page for admins; signed-in users who are not get a 403 page. */
    ApiHandler admin(PageHandler handler) {
        return signedIn((exchange, visitor) -> {
            requireAdmin(visitor);
            handler.handle(exchange, visitor);
        });
    }

    ApiHandler adminForm(FormHandler handler) {
        return signedInForm((exchange, visitor, form) -> {
            requireAdmin(visitor);
            handler.handle(exchange, visitor, form);
        });
    }

    private static void requireAdmin(Visitor visitor) throws PageException {
        if (!visitor.admin()) {
            throw new PageException(
                    403, "Admins only", "This page is for administrators. Ask an admin if you need a user or credits.");
        }
    }

    /** Reads the form and rejects it (403) unless it carries the visitor's token and did not come from elsewhere. */
    private static PageHandler form(FormHandler handler) {
        return (exchange, visitor) -> {
            if (Csrf.crossSite(exchange.header("Origin"), exchange.header("Sec-Fetch-Site"), exchange.header("Host"))) {
                throw csrfFailure();
            }
            Fields form = exchange.form(MAX_FORM_BYTES);
            if (!Csrf.tokenMatches(visitor.csrfToken(), form.getValue(Csrf.FIELD))) {
                throw csrfFailure();
            }
            handler.handle(exchange, visitor, form);
        };
    }

    private static PageException csrfFailure() {
        return new PageException(
                403,
                "Security check failed",
                "The form could not be verified: its CSRF security token was missing or out of date, or it was sent"
                        + " from another site. Nothing was changed. Go back, reload the page and try again.");
    }

    private static void redirectToSignIn(Exchange exchange) {
        String path = exchange.request().getHttpURI().getPath();
        String query = exchange.request().getHttpURI().getQuery();
        String next = "GET".equals(exchange.request().getMethod()) && query != null ? path + "?" + query : path;
        exchange.redirect("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    private void signInForm(Exchange exchange, Visitor visitor) {
        String next = Redirects.safeNext(exchange.query("next"), Redirects.AFTER_SIGN_IN);
        if (visitor.signedIn()) {
            exchange.redirect(next);
            return;
        }
        pages.render(
                exchange,
                "signin.jte",
                new SignInPage(
                        new Chrome("Sign in", "", visitor),
                        "",
                        next,
                        null,
                        exchange.query("signed_out") != null ? "You have signed out." : null));
    }

    private void signIn(Exchange exchange, Visitor visitor, Fields form) {
        String email = value(form, "email").strip();
        String password = value(form, "password");
        String next = Redirects.safeNext(value(form, "next"), Redirects.AFTER_SIGN_IN);
        Chrome chrome = new Chrome("Sign in", "", visitor);
        String client = Request.getRemoteAddr(exchange.request());
        Duration wait = throttle.attempt(email, client);
        if (!wait.isZero()) {
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            exchange.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            pages.render(
                    exchange,
                    429,
                    "signin.jte",
                    new SignInPage(
                            chrome,
                            email,
                            next,
                            "Too many sign-in attempts for this email. Wait " + minutes + " minute"
                                    + (minutes == 1 ? "" : "s") + " and try again.",
                            null));
            return;
        }
        Optional<UserAccount> account = services.identities().authenticate(email, password);
        if (account.isEmpty()) {
            pages.render(
                    exchange,
                    401,
                    "signin.jte",
                    new SignInPage(
                            chrome,
                            email,
                            next,
                            "The email or password is incorrect. Check both and try again.",
                            null));
            return;
        }
        throttle.succeeded(email, client);
        visitors.signIn(exchange, account.get().userId());
        exchange.redirect(next);
    }

    private void signOut(Exchange exchange, Visitor visitor, Fields form) {
        visitors.signOut(exchange);
        exchange.redirect("/signin?signed_out=1");
    }

    static String value(Fields form, String name) {
        String value = form.getValue(name);
        return value == null ? "" : value;
    }
}
