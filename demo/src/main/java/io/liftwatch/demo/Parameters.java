package io.liftwatch.demo;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/** Sets a seeding statement's parameters in order: instants as timestamps, days as dates, the rest as they are. */
final class Parameters {
    private Parameters() {
    }

    static PreparedStatement set(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            statement.setObject(i + 1, value instanceof Instant at ? Timestamp.from(at)
                    : value instanceof LocalDate day ? Date.valueOf(day) : value);
        }
        return statement;
    }
}
