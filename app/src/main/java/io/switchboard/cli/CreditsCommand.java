package io.switchboard.cli;

import io.switchboard.accounting.AccountService;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.User;
import io.switchboard.server.SwitchboardStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "credits", description = "Manage users' credits.", subcommands = CreditsCommand.Grant.class)
final class CreditsCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: switchboard credits grant --user NAME --amount USD [--reason TEXT]");
    }

    @Command(
            name = "grant",
            description = "Grant credits to a user (by name or id). Works while a server runs on the same store: the"
                    + " server reads the grant when the user's balance runs short.")
    static final class Grant implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--user", required = true, description = "User name or id.")
        String user;

        @Option(names = "--amount", required = true, description = "USD to grant (positive).")
        BigDecimal amount;

        @Option(names = "--reason", description = "Why (kept with the grant).")
        String reason;

        @Override
        public Integer call() {
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException("--amount must be positive");
            }
            if (amount.stripTrailingZeros().scale() > 12) {
                throw new IllegalArgumentException("--amount has more than 12 decimals");
            }
            SwitchboardConfig config = store.load();
            try (SwitchboardStore opened = SwitchboardStore.open(config)) {
                Clock clock = Clock.systemUTC();
                KeyService keys = new KeyService(opened.database().keyStore(), clock);
                User found = keys.findUserByName(user)
                        .or(() -> keys.findUser(user))
                        .orElseThrow(() -> new IllegalArgumentException(
                                "no user named or with id '" + user + "' (create one with 'keys create --name')"));
                AccountService accounts = new AccountService(opened.database().ledgerStore(), clock);
                accounts.grant(found.id(), amount, reason == null ? "granted by credits grant" : reason);
                System.out.println("granted $" + amount.toPlainString() + " to " + found.name() + " (" + found.id()
                        + "); credits $" + accounts.credits(found.id()).toPlainString() + ", balance $"
                        + accounts.balance(found.id()).toPlainString());
            }
            return 0;
        }
    }
}
