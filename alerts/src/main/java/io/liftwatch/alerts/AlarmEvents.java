package io.liftwatch.alerts;

/**
 * The one statement that records an alarm event. It also signals the event on the {@code alarm_event}
 * channel with the alarm's state after it — PostgreSQL delivers the signal only if the transaction
 * commits, so listeners (the API's live stream) never hear of an event that did not happen — and
 * returns that same JSON for the notification outbox.
 */
final class AlarmEvents {
    static final String CHANNEL = "alarm_event";

    static final String RECORD = """
            WITH e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq,
                                         command_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
            )
            , payload AS (
                SELECT e.id, e.lift_id, e.kind, coalesce(a.count, 1) AS count, json_build_object(
                       'eventId', e.id, 'alarmId', e.alarm_id, 'liftId', e.lift_id, 'type', e.type, 'kind', e.kind,
                       'at', e.at, 'actor', e.actor, 'detail', e.detail, 'severity', a.severity,
                       'status', a.status, 'count', a.count, 'firstSeen', a.first_seen,
                       'maintainerId', l.maintainer_id, 'useUnitId', l.use_unit_id,
                       'districtCode', s.district_code)::text AS json
                FROM e LEFT JOIN alarm a ON a.id = e.alarm_id
                LEFT JOIN lift l ON l.id = e.lift_id LEFT JOIN stairwell s ON s.id = l.stairwell_id
            )
            SELECT id, lift_id, kind, count, json, pg_notify('alarm_event', json) FROM payload""";

    private AlarmEvents() {
    }
}
