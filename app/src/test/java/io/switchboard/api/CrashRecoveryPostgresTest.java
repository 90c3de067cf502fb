package io.switchboard.api;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.PostgresSchema;
import java.util.HashMap;
import java.util.Map;

class CrashRecoveryPostgresTest extends CrashRecoveryContract {
    private PostgresSchema schema;

    @Override
    SwitchboardConfig store(SwitchboardConfig config) throws Exception {
        schema = PostgresSchema.create();
        return config.withDatabase(schema.config());
    }

    @Override
    Map<String, String> childEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SWITCHBOARD_DATABASE_URL", schema.jdbcUrl());
        environment.put("SWITCHBOARD_DATABASE_USERNAME", PostgresSchema.USER);
        if (PostgresSchema.PASSWORD != null) {
            environment.put("SWITCHBOARD_DATABASE_PASSWORD", PostgresSchema.PASSWORD);
        }
        return environment;
    }

    @Override
    void dropStore() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
