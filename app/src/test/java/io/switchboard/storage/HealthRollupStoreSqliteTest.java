package io.switchboard.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class HealthRollupStoreSqliteTest extends HealthRollupStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseSettings freshSettings() {
        return DatabaseSettings.sqlite(dir.resolve("data"));
    }
}
