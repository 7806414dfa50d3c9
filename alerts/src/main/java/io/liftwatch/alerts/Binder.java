package io.liftwatch.alerts;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * Binds a statement's parameters in the order its SQL names them, each call the next one, so that a group
 * of parameters (an event's columns, the outbox's targets) is bound by one small method wherever the group
 * stands in the statement, without counting positions.
 */
final class Binder {
    private final PreparedStatement statement;
    private int next = 1;

    Binder(PreparedStatement statement) {
        this.statement = statement;
    }

    PreparedStatement statement() {
        return statement;
    }

    Binder text(String value) throws SQLException {
        statement.setString(next++, value);
        return this;
    }

    /** A bigint that may be null. */
    Binder bigint(Long value) throws SQLException {
        statement.setObject(next++, value, Types.BIGINT);
        return this;
    }

    Binder timestamp(Timestamp value) throws SQLException {
        statement.setTimestamp(next++, value);
        return this;
    }

    /** An SQL array of {@code elementType} (as {@code Connection.createArrayOf} names it). */
    Binder array(String elementType, Object[] elements) throws SQLException {
        statement.setArray(next++, statement.getConnection().createArrayOf(elementType, elements));
        return this;
    }
}
