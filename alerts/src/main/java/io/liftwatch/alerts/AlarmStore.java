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
    private final Notifications notifications;

    AlarmStore(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Alarms a declared maintenance window makes expected: the lift off-line or out of normal service. */
    private static final java.util.Set<String> EXPECTED_IN_MAINTENANCE =
            java.util.Set.of(AlarmRules.OFFLINE, "out_of_service", "maintenance_due");
    private static final String IN_WINDOW = """
            SELECT reason FROM maintenance_window WHERE lift_id = ? AND starts_at <= ? AND ends_at > ? LIMIT 1""";
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


    /**
     * Applies the changes one message caused, or a passed deadline ({@code source} null); returns the
     * rescues this opened (a new entrapment alarm starts one), none when the message had been applied
     * before.
     */
    List<Rescues.Open> apply(Connection connection, Envelope source, List<AlarmChange> changes)
            throws SQLException {
        List<Rescues.Open> rescues = new java.util.ArrayList<>();
        if (changes.isEmpty() || (source != null && alreadySeen(connection, source))) {
            return rescues;
        }
        for (AlarmChange change : changes) {
            Timestamp at = Timestamp.from(Instant.ofEpochMilli(change.at()));
            switch (change.kind()) {
                case RAISE -> {
                    String window = EXPECTED_IN_MAINTENANCE.contains(change.type())
                            ? maintenanceWindow(connection, change.liftId(), Timestamp.from(Instant.now())) : null;
                    if (window != null) {
                        event(connection, null, new AlarmChange(AlarmChange.Kind.SUPPRESS, change.liftId(), change.type(),
                                null, change.at(), "declared maintenance: " + window), "suppressed", source);
                        continue;
                    }
                    Long repeated = returningId(connection, REPEAT, at, change.liftId(), change.type());
                    if (repeated != null) {
                        event(connection, repeated, change, "repeated", source);
                    } else {
                        Long raised = returningId(connection, RAISE, change.liftId(), change.type(),
                                change.severity().name().toLowerCase(), at, at);
                        event(connection, raised, change, "raised", source);
                        if (change.type().equals(Rescues.ENTRAPMENT)) {
                            rescues.add(Rescues.start(connection, raised, change.liftId()));
                        }
                    }
                }
                case CLEAR -> clear(connection, change, source);
                case SUPPRESS -> event(connection, null, change, "suppressed", source);
                case ARRIVED -> {
                    Long rescued = Rescues.arrived(connection, change.liftId(), at, "device (inspection mode)");
                    if (rescued != null) {
                        event(connection, rescued, change, "arrived", source);
                        clear(connection, new AlarmChange(AlarmChange.Kind.CLEAR, change.liftId(), Rescues.RESCUE_LATE,
                                null, change.at(), "technician arrived"), source);
                    }
                }
            }
        }
        return rescues;
    }

    private void clear(Connection connection, AlarmChange change, Envelope source) throws SQLException {
        Timestamp at = Timestamp.from(Instant.ofEpochMilli(change.at()));
        Long cleared = returningId(connection, CLEAR, at, change.detail(), change.liftId(), change.type());
        if (cleared != null) {
            event(connection, cleared, change, "cleared", source);
            if (change.type().equals(Rescues.ENTRAPMENT)) {
                Rescues.released(connection, cleared, at, change.detail());
            }
        }
    }

    /** Records the escalation of an unacknowledged rescue, if it still is one. */
    void escalate(Connection connection, long alarmId, long escalateAfterMillis, long now) throws SQLException {
        String lift = Rescues.escalate(connection, alarmId);
        if (lift != null) {
            event(connection, alarmId, new AlarmChange(AlarmChange.Kind.RAISE, lift, Rescues.ENTRAPMENT, null, now,
                    "not acknowledged within " + escalateAfterMillis / 60_000 + " min"), "escalated", null);
        }
    }

    /** Raises the breach of the arrival limit, if nobody has arrived yet. */
    void breach(Connection connection, long alarmId, long limitMillis, long now) throws SQLException {
        String lift = Rescues.breach(connection, alarmId);
        if (lift != null) {
            apply(connection, null, List.of(new AlarmChange(AlarmChange.Kind.RAISE, lift, Rescues.RESCUE_LATE,
                    io.liftwatch.common.taxonomy.Severity.CRITICAL, now,
                    "no technician on site within " + limitMillis / 60_000 + " min of the entrapment")));
        }
    }

    /** The reason of the declared maintenance window the lift is in at {@code at}, or null. */
    private static String maintenanceWindow(Connection connection, String liftId, Timestamp at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(IN_WINDOW)) {
            statement.setString(1, liftId);
            statement.setTimestamp(2, at);
            statement.setTimestamp(3, at);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
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

    private void event(Connection connection, Long alarmId, AlarmChange change, String kind, Envelope source)
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
            try (ResultSet recorded = statement.executeQuery()) {
                notifications.recorded(connection, recorded);
            }
        }
    }
}
