package io.liftwatch.alerts;

import io.liftwatch.common.audit.AuditChain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The rescue clock's SQL, run inside the alert pipeline's transactions. Each step is conditional on the
 * recorded state (not yet acknowledged, not yet arrived, not yet released), so a timer that fires late
 * or twice, or after the rescue moved on, changes nothing.
 */
final class Rescues {
    static final String ENTRAPMENT = "entrapment";
    static final String RESCUE_LATE = "rescue_late";

    /** An open rescue and its raise time, for the clock's timers. */
    record Open(long alarmId, String liftId, long raisedAt, boolean acknowledged, boolean arrived) {
    }

    private Rescues() {
    }

    static Open start(Connection connection, long alarmId, String liftId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO rescue (alarm_id, lift_id, raised_at) VALUES (?, ?, now()) RETURNING raised_at")) {
            statement.setLong(1, alarmId);
            statement.setString(2, liftId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Open(alarmId, liftId, rows.getTimestamp(1).getTime(), false, false);
            }
        }
    }

    static void acknowledged(Connection connection, long alarmId) throws SQLException {
        update(connection, "UPDATE rescue SET acknowledged_at = now() WHERE alarm_id = ? AND acknowledged_at IS NULL",
                alarmId);
    }

    /**
     * Closes the rescue; from then on it is a record regulators rely on, so it joins its lift's audit
     * chain in the same transaction.
     *
     * @param cause why the entrapment ended, as the person clearing it said; null when the lift cleared it
     */
    static void released(Connection connection, long alarmId, Timestamp at, String cause) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rescue SET released_at = ?, cause = ? WHERE alarm_id = ? AND released_at IS NULL")) {
            statement.setTimestamp(1, at);
            statement.setString(2, cause);
            statement.setLong(3, alarmId);
            if (statement.executeUpdate() == 1) {
                AuditChain.append(connection, AuditChain.Kind.RESCUE, alarmId);
            }
        }
    }

    /** Marks the lift's open rescue as arrived; returns its alarm id, or null when none was waiting. */
    static Long arrived(Connection connection, String liftId, Timestamp at, String by) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rescue SET arrived_at = ?, arrived_by = ?
                WHERE lift_id = ? AND arrived_at IS NULL AND released_at IS NULL RETURNING alarm_id""")) {
            statement.setTimestamp(1, at);
            statement.setString(2, by);
            statement.setString(3, liftId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Records the escalation if the rescue is still unacknowledged; returns the lift, or null. */
    static String escalate(Connection connection, long alarmId) throws SQLException {
        return liftIf(connection, """
                UPDATE rescue SET escalated_at = now()
                WHERE alarm_id = ? AND acknowledged_at IS NULL AND released_at IS NULL AND escalated_at IS NULL
                RETURNING lift_id""", alarmId);
    }

    /** Records the breach of the arrival limit if nobody has arrived; returns the lift, or null. */
    static String breach(Connection connection, long alarmId) throws SQLException {
        return liftIf(connection, """
                UPDATE rescue SET arrival_breached_at = now()
                WHERE alarm_id = ? AND arrived_at IS NULL AND released_at IS NULL AND arrival_breached_at IS NULL
                RETURNING lift_id""", alarmId);
    }

    static List<Open> open(Connection connection) throws SQLException {
        List<Open> open = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT alarm_id, lift_id, raised_at, acknowledged_at IS NOT NULL OR escalated_at IS NOT NULL,
                       arrived_at IS NOT NULL OR arrival_breached_at IS NOT NULL
                FROM rescue WHERE released_at IS NULL""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                open.add(new Open(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).getTime(),
                        rows.getBoolean(4), rows.getBoolean(5)));
            }
        }
        return open;
    }

    private static String liftIf(Connection connection, String sql, long alarmId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, alarmId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void update(Connection connection, String sql, long alarmId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, alarmId);
            statement.executeUpdate();
        }
    }
}
