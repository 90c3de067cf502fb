package io.switchboard.cli;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that touches the store shares. */
final class StoreOptions {
    @Option(names = "--config", description = "YAML configuration file (optional).")
    Path config;

    @Option(names = "--data-dir", description = "Data directory holding the SQLite file (default ./data).")
    String dataDir;

    SwitchboardConfig load() {
        SwitchboardConfig loaded = ConfigLoader.load(config, System.getenv());
        return dataDir == null ? loaded : loaded.withDataDir(dataDir);
    }
}
