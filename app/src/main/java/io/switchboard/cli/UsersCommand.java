package io.switchboard.cli;

import io.switchboard.accounting.AccountService;
import io.switchboard.accounting.UsdAmounts;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.identity.IdentityService;
import io.switchboard.identity.InvalidInputException;
import io.switchboard.identity.PasswordHasher;
import io.switchboard.identity.UserAccount;
import io.switchboard.server.SwitchboardStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "users",
        description = "Manage users who sign in to the web app.",
        subcommands = UsersCommand.Create.class)
final class UsersCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: switchboard users create --email EMAIL (--password-stdin | --password PASSWORD)"
                + " [--admin] [--credits USD]");
    }

    @Command(
            name = "create",
            description = "Create a user who can sign in to the web app. Works while a server runs on the same store.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "Email address to sign in with.")
        String email;

        @ArgGroup(multiplicity = "1")
        PasswordSource password;

        @Option(names = "--admin", description = "May create users and grant credits in the web app.")
        boolean admin;

        @Option(names = "--credits", description = "Credits in USD to grant to the new user.")
        BigDecimal credits;

        static final class PasswordSource {
            @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
            boolean stdin;

            @Option(names = "--password", description = "The password (visible in the process list: prefer stdin).")
            String value;
        }

        @Override
        public Integer call() throws IOException, InvalidInputException {
            if (credits != null) {
                UsdAmounts.positiveProblem(credits).ifPresent(problem -> {
                    throw new IllegalArgumentException("--credits " + problem);
                });
            }
            String secret = password.stdin ? readLine() : password.value;
            IdentityService.normaliseEmail(email);
            IdentityService.checkPassword(secret);
            SwitchboardConfig config = store.load();
            try (SwitchboardStore opened = SwitchboardStore.open(config)) {
                Clock clock = Clock.systemUTC();
                IdentityService identities =
                        new IdentityService(opened.database().identityStore(), new PasswordHasher(), clock);
                UserAccount created = identities.create(email, secret, admin);
                AccountService accounts = new AccountService(opened.database().ledgerStore(), clock);
                if (credits != null) {
                    accounts.grant(created.userId(), credits, "granted by users create");
                }
                System.out.println("user:    " + created.email() + " (" + created.userId() + ")"
                        + (created.admin() ? " admin" : ""));
                System.out.println(
                        "balance: $" + accounts.balance(created.userId()).toPlainString());
            }
            return 0;
        }

        private static String readLine() throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }
}
