package io.switchboard.web;

import static java.util.Objects.requireNonNull;

/**
 * Who is looking at a page: a signed-in user or nobody, plus the CSRF token every form on the page must echo back.
 *
 * @param userId null when nobody is signed in
 * @param email the signed-in user's email, null when nobody is signed in
 * @param admin whether the signed-in user may create users and grant credits
 * @param csrfToken the token forms carry in their hidden {@code _csrf} field
 */
public record Visitor(String userId, String email, boolean admin, String csrfToken) {
    public Visitor {
        requireNonNull(csrfToken, "csrfToken is null");
        if ((userId == null) != (email == null)) {
            throw new IllegalArgumentException("userId and email are both set or both null");
        }
    }

    public static Visitor anonymous(String csrfToken) {
        return new Visitor(null, null, false, csrfToken);
    }

    public boolean signedIn() {
        return userId != null;
    }
}
