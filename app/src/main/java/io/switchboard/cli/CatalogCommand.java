package io.switchboard.cli;

import io.switchboard.catalog.CatalogImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "catalog", description = "Manage the bundled model catalog.", subcommands = CatalogCommand.Import.class)
final class CatalogCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: switchboard catalog import [--openrouter FILE] [--litellm FILE] [--output FILE]");
    }

    @Command(
            name = "import",
            description = "Regenerate the bundled catalog from OpenRouter's model list and LiteLLM's prices.")
    static final class Import implements Callable<Integer> {
        @Option(
                names = "--openrouter",
                description = "OpenRouter models JSON (default ../shared/data/openrouter-models-2026-08.json).")
        Path openRouter = Path.of("../shared/data/openrouter-models-2026-08.json");

        @Option(
                names = "--litellm",
                description = "LiteLLM price file (default ../shared/data/litellm-model-prices.json).")
        Path litellm = Path.of("../shared/data/litellm-model-prices.json");

        @Option(
                names = "--output",
                description = "Where to write the catalog (default the bundled resource in app/src/main/resources).")
        Path output = Path.of("app/src/main/resources/io/switchboard/catalog/catalog.json");

        @Override
        public Integer call() throws Exception {
            System.out.println(
                    CatalogImporter.importTo(openRouter, litellm, output).summary());
            System.out.println("wrote " + output.toAbsolutePath());
            return 0;
        }
    }
}
