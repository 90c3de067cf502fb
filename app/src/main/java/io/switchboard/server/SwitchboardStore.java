package io.switchboard.server;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.storage.Database;

/** Opens the configured store for commands that run beside (or without) a server, such as {@code keys create}. */
public final class SwitchboardStore implements AutoCloseable {
    private final Database database;

    private SwitchboardStore(Database database) {
        this.database = database;
    }

    public static SwitchboardStore open(SwitchboardConfig config) {
        return new SwitchboardStore(Database.open(SwitchboardServer.databaseSettings(config)));
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
