package io.switchboard.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JdbiStoresSqliteTest extends JdbiStoresContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseSettings freshSettings() {
        return DatabaseSettings.sqlite(dir.resolve("data"));
    }
}
