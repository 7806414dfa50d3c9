package io.liftwatch.alerts;

import io.liftwatch.common.wire.Envelope;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies alarm changes, each with the immutable event that records it. A message already recorded
 * (a redelivery) changes nothing. Runs inside the caller's transaction.
 */
final class AlarmStore {
    private final Notifications notifications;

    /** The messages of the current batch whose changes are applied: from earlier transactions, and this one. */
    private final Set<Source> applied = new HashSet<>();

    private record Source(String liftId, long boot, long seq) {
        static Source of(Envelope envelope) {
            return new Source(envelope.liftId(), envelope.boot(), envelope.seq());
        }
    }

    AlarmStore(Notifications notifications) {
        this.notifications = notifications;
    }

    /**
     * Starts a batch's transaction: finds, in one query, which of the batch's messages were applied before
     * (redeliveries), so that {@link #apply} skips them.
     */
    void begin(Connection connection, List<Envelope> sources) throws SQLException {
        applied.clear();
        if (sources.isEmpty()) {
            return;
        }
        int n = sources.size();
        String[] lifts = new String[n];
        Long[] boots = new Long[n];
        Long[] seqs = new Long[n];
        for (int i = 0; i < n; i++) {
            lifts[i] = sources.get(i).liftId();
            boots[i] = sources.get(i).boot();
            seqs[i] = sources.get(i).seq();
        }
        try (PreparedStatement statement = connection.prepareStatement(APPLIED_BEFORE)) {
            statement.setArray(1, connection.createArrayOf("text", lifts));
            statement.setArray(2, connection.createArrayOf("int8", boots));
            statement.setArray(3, connection.createArrayOf("int8", seqs));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    applied.add(new Source(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        }
    }

    /** Alarms a declared maintenance window makes expected: the lift off-line or out of normal service. */
    private static final java.util.Set<String> EXPECTED_IN_MAINTENANCE =
            java.util.Set.of(AlarmRules.OFFLINE, "out_of_service", "maintenance_due");
    private static final String IN_WINDOW = """
            SELECT reason FROM maintenance_window WHERE lift_id = ? AND starts_at <= ? AND ends_at > ? LIMIT 1""";
    private static final String APPLIED_BEFORE = """
            SELECT DISTINCT e.lift_id, e.source_boot, e.source_seq
            FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS m(lift_id, boot, seq)
            JOIN alarm_event e ON e.lift_id = m.lift_id AND e.source_boot = m.boot AND e.source_seq = m.seq""";
    private static final String CLEAR = """
            UPDATE alarm SET status = 'cleared', cleared_at = ?, cleared_by = 'device', clear_reason = ?
            WHERE lift_id = ? AND type = ? AND status <> 'cleared' RETURNING id""";


    /**
     * Applies the changes one message caused, or a passed deadline ({@code source} null); returns the
     * rescues this opened (a new entrapment alarm starts one), none when the message had been applied
     * before. Within a batch begun with {@link #begin}.
     */
    List<Rescues.Open> apply(Connection connection, Envelope source, List<AlarmChange> changes)
            throws SQLException {
        List<Rescues.Open> rescues = new java.util.ArrayList<>();
        if (changes.isEmpty() || (source != null && !applied.add(Source.of(source)))) {
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
                    Recorded raised = raiseOrRepeat(connection, change, at, source);
                    if (raised.kind().equals("raised") && change.type().equals(Rescues.ENTRAPMENT)) {
                        rescues.add(Rescues.start(connection, raised.alarmId(), change.liftId()));
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

    /** What recording an event returned: the event, its alarm and its kind. */
    private record Recorded(long eventId, long alarmId, String kind) {
    }

    /** Raises the alarm or counts a repeat of the open one, with its event, in one round trip. */
    private Recorded raiseOrRepeat(Connection connection, AlarmChange change, Timestamp at, Envelope source)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlarmEvents.RAISE_OR_REPEAT)) {
            statement.setString(1, change.liftId());
            statement.setString(2, change.type());
            statement.setString(3, change.severity().name().toLowerCase());
            statement.setTimestamp(4, at);
            statement.setTimestamp(5, at);
            statement.setTimestamp(6, at);
            statement.setString(7, source == null ? "rule" : "device");
            statement.setString(8, change.detail());
            statement.setObject(9, source == null ? null : source.boot());
            statement.setObject(10, source == null ? null : source.seq());
            notifications.bindOutbox(statement, 11);
            try (ResultSet recorded = statement.executeQuery()) {
                recorded.next();
                notifications.recorded(connection, recorded);
                return new Recorded(recorded.getLong("id"), recorded.getLong("alarm_id"), recorded.getString("kind"));
            }
        }
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
            notifications.bindOutbox(statement, 11);
            try (ResultSet recorded = statement.executeQuery()) {
                recorded.next();
                notifications.recorded(connection, recorded);
            }
        }
    }
}
