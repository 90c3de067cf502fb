package io.switchboard.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reading helpers for columns whose JDBC types differ between SQLite and PostgreSQL or that may be NULL. */
final class Columns {
    /** A day in epoch milliseconds: usage is summed per day in SQL so that no single SQL sum can overflow a BIGINT. */
    static final long DAY_MILLIS = 86_400_000L;

    private Columns() {}

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }
}
