package io.switchboard.api;

import io.switchboard.config.SwitchboardConfig;
import java.util.function.UnaryOperator;

class MoneyPathSqliteTest extends MoneyPathContract {
    @Override
    UnaryOperator<SwitchboardConfig> store() {
        return UnaryOperator.identity();
    }
}
