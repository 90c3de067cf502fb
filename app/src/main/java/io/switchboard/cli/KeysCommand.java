package io.switchboard.cli;

import io.switchboard.accounting.AccountService;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.keys.KeyKind;
import io.switchboard.keys.KeyService;
import io.switchboard.keys.KeySettings;
import io.switchboard.keys.LimitReset;
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
        System.out.println("Usage: switchboard keys create --name NAME [--credits USD] [--limit USD]"
                + " [--limit-reset daily|weekly|monthly] [--rpm N] [--management | --admin]");
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

        @Option(
                names = "--limit-reset",
                description = "When the limit starts over: daily, weekly or monthly (midnight UTC; default never).")
        String limitReset;

        @Option(names = "--rpm", description = "Requests per minute for this key (default: the server's).")
        Integer requestsPerMinute;

        @Option(
                names = "--management",
                description = "Create a management key (manages keys and BYOK credentials, cannot call models).")
        boolean management;

        @Option(names = "--admin", description = "Create an admin key: a management key that may also grant credits.")
        boolean admin;

        @Override
        public Integer call() {
            if (credits != null && credits.signum() <= 0) {
                throw new IllegalArgumentException("--credits must be positive");
            }
            if (limit != null && limit.signum() < 0) {
                throw new IllegalArgumentException("--limit must not be negative");
            }
            LimitReset reset = null;
            if (limitReset != null) {
                reset = LimitReset.fromWire(limitReset)
                        .orElseThrow(
                                () -> new IllegalArgumentException("--limit-reset must be daily, weekly or monthly"));
            }
            if (requestsPerMinute != null && requestsPerMinute < 1) {
                throw new IllegalArgumentException("--rpm must be positive");
            }
            KeyKind kind = admin ? KeyKind.ADMIN : management ? KeyKind.MANAGEMENT : KeyKind.INFERENCE;
            SwitchboardConfig config = store.load();
            try (SwitchboardStore opened = SwitchboardStore.open(config)) {
                Clock clock = Clock.systemUTC();
                KeyService keys = new KeyService(opened.database().keyStore(), clock);
                KeyService.CreatedKey created = keys.create(
                        keys.user(name),
                        new KeySettings(keyName == null ? name : keyName, limit, reset, false, null, requestsPerMinute),
                        kind);
                AccountService accounts = new AccountService(opened.database().ledgerStore(), clock);
                if (credits != null) {
                    accounts.grant(created.user().id(), credits, "granted by keys create");
                }
                System.out.println("user:    " + created.user().name() + " ("
                        + created.user().id() + ")");
                System.out.println("key:     " + created.key().name() + " (" + kind.wireName() + ") hash "
                        + created.key().hash());
                System.out.println(
                        "balance: $" + accounts.balance(created.user().id()).toPlainString());
                System.out.println(created.plaintext());
            }
            return 0;
        }
    }
}
