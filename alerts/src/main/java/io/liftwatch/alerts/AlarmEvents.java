package io.liftwatch.alerts;

/**
 * The statements that record an alarm event, each in one round trip. Each also signals the event on the
 * {@code alarm_event} channel with the alarm's state after it — PostgreSQL delivers the signal only if the
 * transaction commits, so listeners (the API's live stream) never hear of an event that did not happen —
 * queues its notifications in the outbox, and returns the event's row: {@code id, alarm_id, lift_id, kind,
 * notify, json}. {@link Notifications#record} runs them.
 */
final class AlarmEvents {
    static final String CHANNEL = "alarm_event";

    /** What a statement recorded: the event's alarm (0 for an event of none, a suppression) and kind. */
    record Recorded(long alarmId, String kind) {
    }

    /**
     * After a CTE {@code e} holding the inserted event: its payload, built from the alarm's state in
     * {@code alarms} (a CTE where this statement changed the alarm, whose new row the table would not
     * show yet), whether it goes out ({@code notify}: a repeat only when its count reaches a power of two,
     * storm control), its outbox rows, and the signal.
     */
    private static final String PAYLOAD_OUTBOX_SIGNAL = """
            , payload AS (
                SELECT e.id, e.alarm_id, e.lift_id, e.kind,
                       e.kind <> 'repeated' OR a.count & (a.count - 1) = 0 AS notify, json_build_object(
                       'eventId', e.id, 'alarmId', e.alarm_id, 'liftId', e.lift_id, 'type', e.type, 'kind', e.kind,
                       'at', e.at, 'actor', e.actor, 'detail', e.detail, 'severity', a.severity,
                       'status', a.status, 'count', a.count, 'firstSeen', a.first_seen,
                       'maintainerId', l.maintainer_id, 'useUnitId', l.use_unit_id,
                       'districtCode', s.district_code)::text AS json
                FROM e LEFT JOIN %s a ON a.id = e.alarm_id
                LEFT JOIN lift l ON l.id = e.lift_id LEFT JOIN stairwell s ON s.id = l.stairwell_id
            ), outbox AS (
                INSERT INTO notification (event_id, channel, target, payload)
                SELECT p.id, o.channel, CASE WHEN o.per_lift THEN o.target || '/' || p.lift_id ELSE o.target END, p.json
                FROM payload p CROSS JOIN unnest(?::text[], ?::text[], ?::bool[]) AS o(channel, target, per_lift)
                WHERE p.notify
            )
            SELECT id, alarm_id, lift_id, kind, notify, json, pg_notify('alarm_event', json) FROM payload""";

    /** Records an event of an existing alarm (or of none): parameters 1–10 are the event's columns, then the outbox's. */
    static final String RECORD = """
            WITH e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq,
                                         command_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("alarm");

    /**
     * Raises an alarm, or counts a repeat of the open one of its lift and type (the first occurrence is
     * kept), with its "raised" or "repeated" event. Parameters: lift, type, severity, at, then the event's
     * at, actor, detail, source boot and seq, then the outbox's.
     */
    static final String RAISE_OR_REPEAT = """
            WITH a AS (
                INSERT INTO alarm AS a (lift_id, type, severity, status, first_seen, last_seen, count)
                VALUES (?, ?, ?, 'raised', ?, ?, 1)
                ON CONFLICT (lift_id, type) WHERE status <> 'cleared'
                DO UPDATE SET count = a.count + 1, last_seen = greatest(a.last_seen, excluded.last_seen)
                RETURNING a.*, a.xmax = 0 AS inserted
            ), e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq)
                SELECT a.id, a.lift_id, a.type, CASE WHEN a.inserted THEN 'raised' ELSE 'repeated' END, ?, ?, ?, ?, ?
                FROM a
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("a");

    /**
     * Clears the open alarm of a lift and type, as the device or the rule's clear condition reported it,
     * with its "cleared" event; no row when none is open. Parameters: cleared at, reason, lift, type, then
     * the event's at, actor, detail, source boot and seq, then the outbox's.
     */
    static final String CLEAR = """
            WITH a AS (
                UPDATE alarm SET status = 'cleared', cleared_at = ?, cleared_by = 'device', clear_reason = ?
                WHERE lift_id = ? AND type = ? AND status <> 'cleared'
                RETURNING *
            ), e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq)
                SELECT a.id, a.lift_id, a.type, 'cleared', ?, ?, ?, ?, ?
                FROM a
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("a");

    private AlarmEvents() {
    }
}
