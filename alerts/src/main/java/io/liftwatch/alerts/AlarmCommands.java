package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Applies people's commands (acknowledge; clear with a reason — for an entrapment, the technician's
 * release with its cause; a technician dispatched to or arrived at an entrapment) in request order,
 * inside the pipeline's transaction. Each command ends in exactly one alarm event naming it: the
 * transition, or a refusal saying why (an alarm already cleared cannot be acknowledged or cleared
 * again). A person's clear ends every source's hold. Acknowledging or clearing an entrapment also moves
 * its rescue clock.
 */
final class AlarmCommands {
    /** Postgres NOTIFY channel the API signals new commands on. */
    static final String CHANNEL = "alarm_command";

    private static final String PENDING = """
            SELECT c.id, c.alarm_id, c.action, c.actor, c.reason, a.status, a.lift_id, a.type, c.technician
            FROM alarm_command c JOIN alarm a ON a.id = c.alarm_id
            WHERE NOT EXISTS (SELECT 1 FROM alarm_event e WHERE e.command_id = c.id)
            ORDER BY c.id""";
    private static final String ACKNOWLEDGE = """
            UPDATE alarm SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?
            WHERE id = ? AND status = 'raised'""";
    private static final String CLEAR = """
            UPDATE alarm SET status = 'cleared', cleared_at = ?, cleared_by = ?, clear_reason = ?, open_sources = '{}'
            WHERE id = ? AND status <> 'cleared'""";


    /** An alarm a person cleared: the rules must forget it is open. */
    record Cleared(String liftId, String type) {
    }

    private final Notifications notifications;
    private final Partition partition;
    private final LongSupplier clock;

    AlarmCommands(Notifications notifications, Partition partition, LongSupplier clock) {
        this.notifications = notifications;
        this.partition = partition;
        this.clock = clock;
    }

    /** Applies every command not yet applied to an alarm of a lift this instance owns; returns the alarms cleared. */
    List<Cleared> applyPending(Connection connection) throws SQLException {
        List<Cleared> cleared = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(PENDING)) {
            while (rows.next()) {
                if (!partition.owns(rows.getString(7))) {
                    continue;
                }
                if (apply(connection, rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9))) {
                    cleared.add(new Cleared(rows.getString(7), rows.getString(8)));
                }
            }
        }
        return cleared;
    }

    /** Applies one command; true when it cleared the alarm. */
    private boolean apply(Connection connection, long command, long alarm, String action, String actor,
                          String reason, String status, String lift, String type, String technician)
            throws SQLException {
        Timestamp now = new Timestamp(clock.getAsLong());
        String refusal = null;
        if (status.equals("cleared")) {
            refusal = "the alarm is already cleared";
        } else if (action.equals("acknowledge") && status.equals("acknowledged")) {
            refusal = "the alarm is already acknowledged";
        } else if (action.equals("arrived")) {
            // The duty desk's order: a technician is dispatched before a person reports them on site. The
            // lift's own inspection mode still counts as arrival whatever was recorded.
            refusal = Rescues.undispatched(connection, lift)
                    ? "no technician has been dispatched to this rescue yet: dispatch one first"
                    : Rescues.arrived(connection, lift, now, actor) == null
                    ? "no rescue of this lift is waiting for a technician" : null;
        } else if (action.equals("dispatch")) {
            refusal = Rescues.dispatched(connection, alarm, now, technician, actor) ? null : "alarm " + alarm
                    + " has no open rescue waiting for a technician (none, released, or the technician has arrived)";
        }
        boolean changesAlarm = action.equals("clear") || action.equals("acknowledge");
        if (refusal == null && changesAlarm) {
            try (PreparedStatement update = connection.prepareStatement(action.equals("clear") ? CLEAR : ACKNOWLEDGE)) {
                update.setTimestamp(1, now);
                update.setString(2, actor);
                if (action.equals("clear")) {
                    update.setString(3, reason);
                    update.setLong(4, alarm);
                } else {
                    update.setLong(3, alarm);
                }
                update.executeUpdate();
            }
            if (action.equals("acknowledge")) {
                Rescues.acknowledged(connection, alarm, now);
            } else if (type.equals(AlarmType.ENTRAPMENT)) {
                Rescues.released(connection, alarm, now, reason);
            }
        }
        try (PreparedStatement event = connection.prepareStatement(AlarmEvents.RECORD)) {
            Binder binder = new Binder(event).bigint(alarm).text(lift).text(type).text(refusal != null ? "refused"
                    : switch (action) {
                        case "clear" -> "cleared";
                        case "arrived" -> "arrived";
                        case "dispatch" -> "dispatched";
                        default -> "acknowledged";
                    }).bigint(command);
            new AlarmEvents.Event(now, actor, refusal != null ? action + " refused: " + refusal
                    : action.equals("dispatch") ? "technician " + technician + " dispatched" : reason,
                    null, null, AlarmSource.PERSON.code()).bind(binder);
            notifications.record(binder);
        }
        return refusal == null && action.equals("clear");
    }
}
