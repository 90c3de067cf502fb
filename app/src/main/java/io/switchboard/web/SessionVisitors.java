package io.switchboard.web;

import static java.util.Objects.requireNonNull;

import io.switchboard.api.Exchange;
import io.switchboard.identity.IdentityService;
import io.switchboard.identity.SessionService;
import io.switchboard.identity.UserAccount;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the visitor from the {@code sb_session} cookie, and owns the cookies: a signed-in visitor's CSRF token is
 * the one stored with the session (synchronizer token); an anonymous visitor gets one in an {@code sb_csrf} cookie
 * that the sign-in form echoes back (double submit), since there is no session yet to tie it to.
 */
final class SessionVisitors implements VisitorResolver {
    static final String SESSION_COOKIE = "sb_session";
    static final String CSRF_COOKIE = "sb_csrf";

    private final SessionService sessions;
    private final IdentityService identities;

    SessionVisitors(SessionService sessions, IdentityService identities) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.identities = requireNonNull(identities, "identities is null");
    }

    @Override
    public Visitor resolve(Exchange exchange) {
        String token = exchange.cookie(SESSION_COOKIE);
        if (token != null) {
            Optional<SessionService.Resolved> resolved = sessions.resolve(token);
            Optional<UserAccount> account =
                    resolved.flatMap(found -> identities.find(found.session().userId()));
            if (resolved.isPresent() && account.isPresent() && account.get().canSignIn()) {
                if (resolved.get().refreshed()) {
                    exchange.addCookie(sessionCookie(exchange, token));
                }
                return new Visitor(
                        account.get().userId(),
                        account.get().email(),
                        account.get().admin(),
                        resolved.get().session().csrfToken());
            }
            // Expired, signed out elsewhere, or the user lost its credentials: forget the cookie.
            exchange.addCookie(expired(exchange, SESSION_COOKIE, "Lax"));
        }
        String csrf = exchange.cookie(CSRF_COOKIE);
        if (!SessionService.wellFormed(csrf)) {
            csrf = sessions.newToken();
            exchange.addCookie(CSRF_COOKIE + "=" + csrf + "; Path=/; HttpOnly; SameSite=Strict" + secure(exchange));
        }
        return Visitor.anonymous(csrf);
    }

    /** Starts a session for the user with a new id (never the one the browser brought: no fixation). */
    void signIn(Exchange exchange, String userId) {
        sessions.end(exchange.cookie(SESSION_COOKIE));
        SessionService.Started started = sessions.start(userId);
        exchange.addCookie(sessionCookie(exchange, started.token()));
        exchange.addCookie(expired(exchange, CSRF_COOKIE, "Strict"));
    }

    void signOut(Exchange exchange) {
        sessions.end(exchange.cookie(SESSION_COOKIE));
        exchange.addCookie(expired(exchange, SESSION_COOKIE, "Lax"));
    }

    private static String sessionCookie(Exchange exchange, String token) {
        return SESSION_COOKIE + "=" + token + "; Path=/; Max-Age=" + SessionService.LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + secure(exchange);
    }

    private static String expired(Exchange exchange, String name, String sameSite) {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=" + sameSite + secure(exchange);
    }

    /** {@code ; Secure} when the browser reached us over https, directly or through a TLS-terminating proxy. */
    private static String secure(Exchange exchange) {
        String forwarded = exchange.header("X-Forwarded-Proto");
        boolean https = exchange.request().isSecure()
                || (forwarded != null
                        && forwarded.strip().toLowerCase(Locale.ROOT).startsWith("https"));
        return https ? "; Secure" : "";
    }
}
