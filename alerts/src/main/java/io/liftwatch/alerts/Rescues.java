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

    /** An open rescue, its raise time and the arrival limit it runs on, for the clock's timers. */
    record Open(long alarmId, String liftId, long raisedAt, boolean acknowledged, boolean arrived,
                long arrivalLimitMillis) {
    }

    private Rescues() {
    }

    /** Starts the rescue at {@code raisedAt} (receive time) with the lift's arrival limit, kept with the record. */
    static Open start(Connection connection, long alarmId, String liftId, long raisedAt, long arrivalLimitMillis)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rescue (alarm_id, lift_id, raised_at, arrival_limit)
                VALUES (?, ?, ?, make_interval(secs => ?::double precision / 1000))""")) {
            statement.setLong(1, alarmId);
            statement.setString(2, liftId);
            statement.setTimestamp(3, new Timestamp(raisedAt));
            statement.setLong(4, arrivalLimitMillis);
            statement.executeUpdate();
            return new Open(alarmId, liftId, raisedAt, false, false, arrivalLimitMillis);
        }
    }

    static void acknowledged(Connection connection, long alarmId, Timestamp at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rescue SET acknowledged_at = ? WHERE alarm_id = ? AND acknowledged_at IS NULL")) {
            statement.setTimestamp(1, at);
            statement.setLong(2, alarmId);
            statement.executeUpdate();
        }
    }

    /** Records which technician was sent, by whom and when; false when the alarm has no open rescue. */
    static boolean dispatched(Connection connection, long alarmId, Timestamp at, String technician, String by)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rescue SET dispatched_at = ?, dispatched_to = ?, dispatched_by = ?
                WHERE alarm_id = ? AND released_at IS NULL AND arrived_at IS NULL""")) {
            statement.setTimestamp(1, at);
            statement.setString(2, technician);
            statement.setString(3, by);
            statement.setLong(4, alarmId);
            return statement.executeUpdate() == 1;
        }
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

    /** Whether the lift has an open rescue nobody has been dispatched to nor arrived at. */
    static boolean undispatched(Connection connection, String liftId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT 1 FROM rescue WHERE lift_id = ? AND released_at IS NULL AND arrived_at IS NULL
                                       AND dispatched_at IS NULL""")) {
            statement.setString(1, liftId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
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
    static String escalate(Connection connection, long alarmId, Timestamp at) throws SQLException {
        return liftIf(connection, """
                UPDATE rescue SET escalated_at = ?
                WHERE alarm_id = ? AND acknowledged_at IS NULL AND released_at IS NULL AND escalated_at IS NULL
                RETURNING lift_id""", alarmId, at);
    }

    /** Records the breach of the arrival limit if nobody has arrived; returns the lift, or null. */
    static String breach(Connection connection, long alarmId, Timestamp at) throws SQLException {
        return liftIf(connection, """
                UPDATE rescue SET arrival_breached_at = ?
                WHERE alarm_id = ? AND arrived_at IS NULL AND released_at IS NULL AND arrival_breached_at IS NULL
                RETURNING lift_id""", alarmId, at);
    }

    static List<Open> open(Connection connection) throws SQLException {
        List<Open> open = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT alarm_id, lift_id, raised_at, acknowledged_at IS NOT NULL OR escalated_at IS NOT NULL,
                       arrived_at IS NOT NULL OR arrival_breached_at IS NOT NULL,
                       (extract(epoch FROM arrival_limit) * 1000)::bigint
                FROM rescue WHERE released_at IS NULL""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                open.add(new Open(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).getTime(),
                        rows.getBoolean(4), rows.getBoolean(5), rows.getLong(6)));
            }
        }
        return open;
    }

    private static String liftIf(Connection connection, String sql, long alarmId, Timestamp at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, at);
            statement.setLong(2, alarmId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
