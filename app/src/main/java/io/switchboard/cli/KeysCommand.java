package io.switchboard.cli;

import io.switchboard.accounting.AccountService;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.KeyService;
import io.switchboard.server.SwitchboardStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keys", description = "Manage API keys.", subcommands = KeysCommand.Create.class)
final class KeysCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: switchboard keys create --name NAME [--credits USD] [--limit USD]");
    }

    @Command(name = "create", description = "Create a user (if new) and an API key; prints the key on the last line.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "User name (a new user is created if unknown).")
        String name;

        @Option(names = "--key-name", description = "Label of the key (default: the user name).")
        String keyName;

        @Option(names = "--credits", description = "Credits in USD to grant to the user.")
        BigDecimal credits;

        @Option(names = "--limit", description = "Spending limit in USD for this key.")
        BigDecimal limit;

        @Override
        public Integer call() {
            if (credits != null && credits.signum() <= 0) {
                throw new IllegalArgumentException("--credits must be positive");
            }
            if (limit != null && limit.signum() < 0) {
                throw new IllegalArgumentException("--limit must not be negative");
            }
            SwitchboardConfig config = store.load();
            try (SwitchboardStore opened = SwitchboardStore.open(config)) {
                Clock clock = Clock.systemUTC();
                KeyService keys = new KeyService(opened.database().keyStore(), clock);
                KeyService.CreatedKey created = keys.create(name, keyName == null ? name : keyName, limit);
                AccountService accounts = new AccountService(opened.database().ledgerStore(), clock);
                if (credits != null) {
                    accounts.grant(created.user().id(), credits, "granted by keys create");
                }
                System.out.println("user:    " + created.user().name() + " ("
                        + created.user().id() + ")");
                System.out.println("key:     " + created.key().name() + " hash "
                        + created.key().hash());
                System.out.println(
                        "balance: $" + accounts.balance(created.user().id()).toPlainString());
                System.out.println(created.plaintext());
            }
            return 0;
        }
    }
}
