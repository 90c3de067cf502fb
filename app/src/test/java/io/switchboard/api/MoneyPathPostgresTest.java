package io.switchboard.api;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.testing.PostgresSchema;
import java.util.function.UnaryOperator;

class MoneyPathPostgresTest extends MoneyPathContract {
    private PostgresSchema schema;

    @Override
    UnaryOperator<SwitchboardConfig> store() throws Exception {
        schema = PostgresSchema.create();
        return config -> config.withDatabase(schema.config());
    }

    @Override
    void dropStore() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
