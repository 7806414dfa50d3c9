package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.Envelope;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Applies alarm changes, each with the immutable event that records it. A message already recorded
 * (a redelivery) changes nothing. Runs inside the caller's transaction. An entrapment's rescue starts
 * with the alarm, on the lift's arrival limit, and ends only when the alarm does: every source that
 * raised it let go (the controller's clear) or a person released it.
 */
final class AlarmStore {
    /** Alarms a declared maintenance window makes expected: the lift off-line or out of normal service. */
    private static final Set<String> EXPECTED_IN_MAINTENANCE = Set.of(AlarmType.OFFLINE, AlarmType.OUT_OF_SERVICE,
            AlarmType.MAINTENANCE_DUE);
    private static final String LATEST_ALARM = """
            SELECT id FROM alarm WHERE lift_id = ? AND type = ? ORDER BY first_seen DESC, id DESC LIMIT 1""";
    private static final String IN_WINDOW = """
            SELECT reason FROM maintenance_window WHERE lift_id = ? AND starts_at <= ? AND ends_at > ? LIMIT 1""";
    private static final String APPLIED_BEFORE = """
            SELECT DISTINCT e.lift_id, e.source_boot, e.source_seq
            FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS m(lift_id, boot, seq)
            JOIN alarm_event e ON e.lift_id = m.lift_id AND e.source_boot = m.boot AND e.source_seq = m.seq""";

    private final Notifications notifications;
    private final Function<String, RuleSettings> settings;
    private final LongSupplier clock;

    /** The messages of the current batch whose changes are applied: from earlier transactions, and this one. */
    private final Set<Source> applied = new HashSet<>();

    private record Source(String liftId, long boot, long seq) {
        static Source of(Envelope envelope) {
            return new Source(envelope.liftId(), envelope.boot(), envelope.seq());
        }
    }

    /**
     * @param settings each lift's rule settings, for its rescue arrival limit
     * @param clock    receive time: when rescues start, storms are counted and maintenance windows are looked up
     */
    AlarmStore(Notifications notifications, Function<String, RuleSettings> settings, LongSupplier clock) {
        this.notifications = notifications;
        this.settings = settings;
        this.clock = clock;
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

    /**
     * Applies the changes one message caused, or a passed deadline ({@code source} null); returns the
     * rescues this opened (a new entrapment alarm starts one), none when the message had been applied
     * before. Within a batch begun with {@link #begin}.
     */
    List<Rescues.Open> apply(Connection connection, Envelope source, List<AlarmChange> changes)
            throws SQLException {
        List<Rescues.Open> rescues = new ArrayList<>();
        if (changes.isEmpty() || (source != null && !applied.add(Source.of(source)))) {
            return rescues;
        }
        for (AlarmChange change : changes) {
            Timestamp at = Timestamp.from(Instant.ofEpochMilli(change.at()));
            switch (change.kind()) {
                case RAISE -> {
                    String window = EXPECTED_IN_MAINTENANCE.contains(change.type())
                            ? maintenanceWindow(connection, change.liftId(), new Timestamp(clock.getAsLong())) : null;
                    if (window != null) {
                        event(connection, null, new AlarmChange(AlarmChange.Kind.SUPPRESS, change.liftId(), change.type(),
                                null, change.at(), "declared maintenance: " + window), "suppressed", source);
                        continue;
                    }
                    AlarmEvents.Recorded raised = raiseOrRepeat(connection, change, at, source);
                    // None when the lift left the registry since the screen last read it.
                    if (raised != null && raised.kind().equals("raised") && change.type().equals(AlarmType.ENTRAPMENT)) {
                        rescues.add(Rescues.start(connection, raised.alarmId(), change.liftId(), clock.getAsLong(),
                                settings.apply(change.liftId()).rescueArrival().toMillis()));
                    }
                }
                case CLEAR -> clear(connection, change, source);
                case SUPPRESS -> event(connection, null, change, "suppressed", source);
                case LATE -> event(connection, latestAlarm(connection, change), change, "late", source);
                case ARRIVED -> {
                    Long rescued = Rescues.arrived(connection, change.liftId(), at, "device (inspection mode)");
                    if (rescued != null) {
                        event(connection, rescued, change, "arrived", source);
                        clear(connection, new AlarmChange(AlarmChange.Kind.CLEAR, change.liftId(), AlarmType.RESCUE_LATE,
                                null, change.at(), "technician arrived", AlarmSource.TIMER, null), source);
                    }
                }
            }
        }
        return rescues;
    }

    /** Raises the alarm or counts a repeat of the open one, with its event and storm count, in one round trip. */
    private AlarmEvents.Recorded raiseOrRepeat(Connection connection, AlarmChange change, Timestamp at, Envelope source)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlarmEvents.RAISE_OR_REPEAT)) {
            Binder binder = new Binder(statement).text(change.liftId()).text(change.type())
                    .text(change.severity().name().toLowerCase()).timestamp(at).text(change.source().code());
            order(binder, change).timestamp(new Timestamp(clock.getAsLong()));
            event(change, source).bind(binder);
            return notifications.record(binder);
        }
    }

    /**
     * Ends the holds the change's source ends on the open alarm of its lift and type, with its event, in one
     * round trip; the alarm clears when none is left. An entrapment that clears ends its rescue.
     */
    private void clear(Connection connection, AlarmChange change, Envelope source) throws SQLException {
        Timestamp at = Timestamp.from(Instant.ofEpochMilli(change.at()));
        try (PreparedStatement statement = connection.prepareStatement(AlarmEvents.CLEAR)) {
            Binder binder = new Binder(statement)
                    .array("text", ClearingRules.codes(ClearingRules.ended(change.type(), change.source())))
                    .timestamp(at).text(change.source().code()).text(change.detail())
                    .text(change.liftId()).text(change.type());
            order(binder, change);
            event(change, source).bind(binder);
            AlarmEvents.Recorded cleared = notifications.record(binder);
            if (cleared != null && cleared.kind().equals("cleared") && change.type().equals(AlarmType.ENTRAPMENT)) {
                Rescues.released(connection, cleared.alarmId(), at, change.source() == AlarmSource.DEVICE
                        ? "the controller cleared the entrapment" : "status shows the passenger out: " + change.detail());
            }
        }
    }

    /** The rule state's order: the device message that caused the change (boot, seq), or nulls for a timer. */
    private static Binder order(Binder binder, AlarmChange change) throws SQLException {
        return binder.bigint(change.order() == null ? null : change.order().boot())
                .bigint(change.order() == null ? null : change.order().seq());
    }

    /** The event recording a change: by the device when a message caused it, else by a rule. */
    private static AlarmEvents.Event event(AlarmChange change, Envelope source) {
        return new AlarmEvents.Event(Timestamp.from(Instant.ofEpochMilli(change.at())), source == null ? "rule" : "device",
                change.detail(), source == null ? null : source.boot(), source == null ? null : source.seq(),
                change.source() == null ? null : change.source().code());
    }

    /** Records the escalation of an unacknowledged rescue, if it still is one. */
    void escalate(Connection connection, long alarmId, long escalateAfterMillis, long now) throws SQLException {
        String lift = Rescues.escalate(connection, alarmId, new Timestamp(now));
        if (lift != null) {
            event(connection, alarmId, new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.ENTRAPMENT, null, now,
                    "not acknowledged within " + escalateAfterMillis / 60_000 + " min", AlarmSource.TIMER, null),
                    "escalated", null);
        }
    }

    /** Raises the breach of the rescue's arrival limit, if nobody has arrived yet. */
    void breach(Connection connection, long alarmId, long limitMillis, long now) throws SQLException {
        String lift = Rescues.breach(connection, alarmId, new Timestamp(now));
        if (lift != null) {
            apply(connection, null, List.of(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.RESCUE_LATE,
                    Severity.CRITICAL, now, "no technician on site within " + limitMillis / 60_000
                    + " min of the entrapment", AlarmSource.TIMER, null)));
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

    /** The alarm a late message speaks of: the lift's newest of that type (open or not), or null. */
    private static Long latestAlarm(Connection connection, AlarmChange change) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LATEST_ALARM)) {
            select.setString(1, change.liftId());
            select.setString(2, change.type());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private void event(Connection connection, Long alarmId, AlarmChange change, String kind, Envelope source)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlarmEvents.RECORD)) {
            Binder binder = new Binder(statement).bigint(alarmId).text(change.liftId()).text(change.type()).text(kind)
                    .bigint(null); // no person's command: a message or a rule caused it
            event(change, source).bind(binder);
            notifications.record(binder);
        }
    }
}
