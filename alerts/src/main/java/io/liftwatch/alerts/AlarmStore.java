package io.liftwatch.alerts;

import io.liftwatch.common.wire.Envelope;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Applies alarm changes, each with the immutable event that records it. A message already recorded
 * (a redelivery) changes nothing. Runs inside the caller's transaction.
 */
final class AlarmStore {
    private static final String ALREADY_SEEN = """
            SELECT 1 FROM alarm_event WHERE lift_id = ? AND source_boot = ? AND source_seq = ? LIMIT 1""";
    private static final String REPEAT = """
            UPDATE alarm SET count = count + 1, last_seen = greatest(last_seen, ?)
            WHERE lift_id = ? AND type = ? AND status <> 'cleared' RETURNING id""";
    private static final String RAISE = """
            INSERT INTO alarm (lift_id, type, severity, status, first_seen, last_seen, count)
            VALUES (?, ?, ?, 'raised', ?, ?, 1) RETURNING id""";
    private static final String CLEAR = """
            UPDATE alarm SET status = 'cleared', cleared_at = ?, cleared_by = 'device', clear_reason = ?
            WHERE lift_id = ? AND type = ? AND status <> 'cleared' RETURNING id""";


    private AlarmStore() {
    }

    /**
     * Applies the changes one message caused, or a passed deadline ({@code source} null); returns false
     * when the message had been applied before.
     */
    static boolean apply(Connection connection, Envelope source, List<AlarmChange> changes) throws SQLException {
        if (changes.isEmpty() || (source != null && alreadySeen(connection, source))) {
            return false;
        }
        for (AlarmChange change : changes) {
            Timestamp at = Timestamp.from(Instant.ofEpochMilli(change.at()));
            switch (change.kind()) {
                case RAISE -> {
                    Long repeated = returningId(connection, REPEAT, at, change.liftId(), change.type());
                    if (repeated != null) {
                        event(connection, repeated, change, "repeated", source);
                    } else {
                        Long raised = returningId(connection, RAISE, change.liftId(), change.type(),
                                change.severity().name().toLowerCase(), at, at);
                        event(connection, raised, change, "raised", source);
                    }
                }
                case CLEAR -> {
                    Long cleared = returningId(connection, CLEAR, at, change.detail(), change.liftId(), change.type());
                    if (cleared != null) {
                        event(connection, cleared, change, "cleared", source);
                    }
                }
                case SUPPRESS -> event(connection, null, change, "suppressed", source);
            }
        }
        return true;
    }

    private static boolean alreadySeen(Connection connection, Envelope source) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ALREADY_SEEN)) {
            statement.setString(1, source.liftId());
            statement.setLong(2, source.boot());
            statement.setLong(3, source.seq());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Long returningId(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static void event(Connection connection, Long alarmId, AlarmChange change, String kind, Envelope source)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlarmEvents.RECORD)) {
            statement.setObject(1, alarmId);
            statement.setString(2, change.liftId());
            statement.setString(3, change.type());
            statement.setString(4, kind);
            statement.setTimestamp(5, Timestamp.from(Instant.ofEpochMilli(change.at())));
            statement.setString(6, source == null ? "rule" : "device");
            statement.setString(7, change.detail());
            statement.setObject(8, source == null ? null : source.boot());
            statement.setObject(9, source == null ? null : source.seq());
            statement.setObject(10, null);
            statement.executeQuery().close();
        }
    }
}
