package io.liftwatch.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Applies people's commands (acknowledge; clear with a reason; a technician arrived at an entrapment) in
 * request order, inside the pipeline's transaction. Each command ends in exactly one alarm event naming
 * it: the transition, or a refusal saying why (an alarm already cleared cannot be acknowledged or
 * cleared again). Acknowledging or clearing an entrapment also moves its rescue clock.
 */
final class AlarmCommands {
    /** Postgres NOTIFY channel the API signals new commands on. */
    static final String CHANNEL = "alarm_command";

    private static final String PENDING = """
            SELECT c.id, c.alarm_id, c.action, c.actor, c.reason, a.status, a.lift_id, a.type
            FROM alarm_command c JOIN alarm a ON a.id = c.alarm_id
            WHERE NOT EXISTS (SELECT 1 FROM alarm_event e WHERE e.command_id = c.id)
            ORDER BY c.id""";
    private static final String ACKNOWLEDGE = """
            UPDATE alarm SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ?
            WHERE id = ? AND status = 'raised'""";
    private static final String CLEAR = """
            UPDATE alarm SET status = 'cleared', cleared_at = now(), cleared_by = ?, clear_reason = ?
            WHERE id = ? AND status <> 'cleared'""";


    private final Notifications notifications;
    private final Partition partition;

    AlarmCommands(Notifications notifications, Partition partition) {
        this.notifications = notifications;
        this.partition = partition;
    }

    /** Applies every command not yet applied to an alarm of a lift this instance owns; returns how many. */
    int applyPending(Connection connection) throws SQLException {
        int applied = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(PENDING)) {
            while (rows.next()) {
                if (!partition.owns(rows.getString(7))) {
                    continue;
                }
                apply(connection, rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8));
                applied++;
            }
        }
        return applied;
    }

    private void apply(Connection connection, long command, long alarm, String action, String actor,
                              String reason, String status, String lift, String type) throws SQLException {
        String refusal = null;
        if (status.equals("cleared")) {
            refusal = "the alarm is already cleared";
        } else if (action.equals("acknowledge") && status.equals("acknowledged")) {
            refusal = "the alarm is already acknowledged";
        } else if (action.equals("arrived")) {
            refusal = Rescues.arrived(connection, lift, Timestamp.from(Instant.now()), actor) == null
                    ? "no rescue of this lift is waiting for a technician" : null;
        }
        if (refusal == null && !action.equals("arrived")) {
            try (PreparedStatement update = connection.prepareStatement(action.equals("clear") ? CLEAR : ACKNOWLEDGE)) {
                update.setString(1, actor);
                if (action.equals("clear")) {
                    update.setString(2, reason);
                    update.setLong(3, alarm);
                } else {
                    update.setLong(2, alarm);
                }
                update.executeUpdate();
            }
            if (action.equals("acknowledge")) {
                Rescues.acknowledged(connection, alarm);
            } else if (type.equals(Rescues.ENTRAPMENT)) {
                Rescues.released(connection, alarm, Timestamp.from(Instant.now()), reason);
            }
        }
        try (PreparedStatement event = connection.prepareStatement(AlarmEvents.RECORD)) {
            event.setLong(1, alarm);
            event.setString(2, lift);
            event.setString(3, type);
            event.setString(4, refusal != null ? "refused"
                    : switch (action) {
                        case "clear" -> "cleared";
                        case "arrived" -> "arrived";
                        default -> "acknowledged";
                    });
            event.setTimestamp(5, Timestamp.from(Instant.now()));
            event.setString(6, actor);
            event.setString(7, refusal != null ? action + " refused: " + refusal : reason);
            event.setObject(8, null);
            event.setObject(9, null);
            event.setLong(10, command);
            notifications.record(event, 11);
        }
    }
}
