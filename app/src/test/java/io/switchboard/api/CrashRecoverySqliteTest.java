package io.switchboard.api;

import io.switchboard.config.SwitchboardConfig;
import java.util.Map;

class CrashRecoverySqliteTest extends CrashRecoveryContract {
    @Override
    SwitchboardConfig store(SwitchboardConfig config) {
        return config;
    }

    @Override
    Map<String, String> childEnvironment() {
        return Map.of();
    }
}
