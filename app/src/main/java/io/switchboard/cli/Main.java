package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/switchboard}: the gateway's command line. */
@Command(
        name = "switchboard",
        mixinStandardHelpOptions = true,
        version = "Switchboard 0.1.0",
        description = "An OpenRouter-compatible LLM gateway.",
        subcommands = {
            ServeCommand.class,
            KeysCommand.class,
            UsersCommand.class,
            CreditsCommand.class,
            CatalogCommand.class,
            SimulatorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = new CommandLine(new Main())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + exception.getMessage());
                    return 1;
                })
                .execute(args);
        if (exit != 0 || !isServer(args)) {
            System.exit(exit);
        }
    }

    private static boolean isServer(String[] args) {
        return args.length > 0 && (args[0].equals("serve") || args[0].equals("simulator"));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
