package io.switchboard.web;

import static java.util.Objects.requireNonNull;

/** The parameter of {@code signin.jte}; {@code error} and {@code notice} are null unless there is one. */
public record SignInPage(Chrome chrome, String email, String next, String error, String notice) {
    public SignInPage {
        requireNonNull(chrome, "chrome is null");
        requireNonNull(email, "email is null");
        requireNonNull(next, "next is null");
    }
}
