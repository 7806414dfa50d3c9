package io.liftwatch.alerts;

import java.sql.SQLException;
import java.sql.Timestamp;

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
     * The columns every statement here gives its event, in this order.
     *
     * @param actor      who acted: a person's name, {@code device} or {@code rule}
     * @param sourceBoot the device message that caused it (with {@code sourceSeq}), null for a timer or a person
     * @param source     the {@link AlarmSource} code, or null
     */
    record Event(Timestamp at, String actor, String detail, Long sourceBoot, Long sourceSeq, String source) {
        Binder bind(Binder binder) throws SQLException {
            return binder.timestamp(at).text(actor).text(detail).bigint(sourceBoot).bigint(sourceSeq).text(source);
        }
    }

    /**
     * After a CTE {@code e} holding the inserted event: its payload, built from the alarm's state in
     * {@code alarms} (a CTE where this statement changed the alarm, whose new row the table would not
     * show yet), whether it goes out ({@code notify}), its outbox rows, and the signal. Storm control: the
     * lift's raises of the type are counted across clears while they keep coming ({@code alarm_rule_state},
     * the second placeholder), and a raise, repeat or clear goes out only when that count is a power of two;
     * people's commands and every other transition always go out.
     */
    private static final String PAYLOAD_OUTBOX_SIGNAL = """
            , payload AS (
                SELECT e.id, e.alarm_id, e.lift_id, e.kind,
                       e.kind NOT IN ('raised', 'repeated', 'cleared', 'source_cleared', 'late')
                           OR (e.command_id IS NOT NULL AND e.kind <> 'late')
                           OR (e.kind IN ('raised', 'repeated', 'cleared')
                               AND coalesce(st.occurrences & (st.occurrences - 1) = 0, true)) AS notify,
                       json_build_object(
                       'eventId', e.id, 'alarmId', e.alarm_id, 'liftId', e.lift_id, 'type', e.type, 'kind', e.kind,
                       'at', e.at, 'actor', e.actor, 'source', e.source, 'detail', e.detail, 'severity', a.severity,
                       'status', a.status, 'count', a.count, 'firstSeen', a.first_seen, 'sources', a.sources,
                       'openSources', a.open_sources,
                       'maintainerId', l.maintainer_id, 'useUnitId', l.use_unit_id,
                       'districtCode', s.district_code)::text AS json
                FROM e LEFT JOIN %s a ON a.id = e.alarm_id
                LEFT JOIN %s st ON st.lift_id = e.lift_id AND st.type = e.type
                LEFT JOIN lift l ON l.id = e.lift_id LEFT JOIN stairwell s ON s.id = l.stairwell_id
            ), outbox AS (
                INSERT INTO notification (event_id, channel, target, payload)
                SELECT p.id, o.channel, CASE WHEN o.per_lift THEN o.target || '/' || p.lift_id ELSE o.target END, p.json
                FROM payload p CROSS JOIN unnest(?::text[], ?::text[], ?::bool[]) AS o(channel, target, per_lift)
                WHERE p.notify
            )
            SELECT id, alarm_id, lift_id, kind, notify, json, pg_notify('alarm_event', json) FROM payload""";

    /**
     * Records an event of an existing alarm (or of none). Parameters: alarm, lift, type, kind, command; then
     * the {@link Event}; then the outbox's ({@link Notifications#record}).
     */
    static final String RECORD = """
            WITH e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, command_id, at, actor, detail, source_boot,
                                         source_seq, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("alarm", "alarm_rule_state");

    /**
     * Raises an alarm, or counts a repeat of the open one of its lift and type (the first occurrence is
     * kept), with its "raised" or "repeated" event; the raising source joins those holding it open, and the
     * lift's storm count of the type goes up (a new storm after an hour without one). Parameters: lift,
     * type, severity, at, source; then the rule state's order (source boot and seq) and receive time; then
     * the {@link Event}; then the outbox's ({@link Notifications#record}).
     */
    static final String RAISE_OR_REPEAT = """
            WITH a AS (
                INSERT INTO alarm AS a (lift_id, type, severity, status, first_seen, last_seen, count, sources,
                                        open_sources)
                SELECT v.lift_id, v.type, v.severity, 'raised', v.at, v.at, 1, ARRAY[v.source], ARRAY[v.source]
                FROM (VALUES (?, ?, ?, ?::timestamptz, ?)) AS v(lift_id, type, severity, at, source)
                WHERE EXISTS (SELECT 1 FROM lift WHERE id = v.lift_id) -- deleted since the screen's registry read
                ON CONFLICT (lift_id, type) WHERE status <> 'cleared'
                DO UPDATE SET count = a.count + 1, last_seen = greatest(a.last_seen, excluded.last_seen),
                              sources = CASE WHEN excluded.sources[1] = ANY (a.sources) THEN a.sources
                                             ELSE a.sources || excluded.sources END,
                              open_sources = CASE WHEN excluded.sources[1] = ANY (a.open_sources) THEN a.open_sources
                                                  ELSE a.open_sources || excluded.sources END
                RETURNING a.*, a.xmax = 0 AS inserted
            ), st AS (
                INSERT INTO alarm_rule_state AS r (lift_id, type, order_boot, order_seq, storm_since, storm_last,
                                                   occurrences)
                SELECT a.lift_id, a.type, ?::bigint, ?::bigint, received.at, received.at, 1
                FROM a CROSS JOIN (SELECT ?::timestamptz AS at) received
                ON CONFLICT (lift_id, type) DO UPDATE SET
                    order_boot = coalesce(excluded.order_boot, r.order_boot),
                    order_seq = coalesce(excluded.order_seq, r.order_seq),
                    occurrences = CASE WHEN r.storm_last > excluded.storm_last - interval '1 hour'
                                       THEN r.occurrences + 1 ELSE 1 END,
                    storm_since = CASE WHEN r.storm_last > excluded.storm_last - interval '1 hour'
                                       THEN r.storm_since ELSE excluded.storm_since END,
                    storm_last = greatest(r.storm_last, excluded.storm_last)
                RETURNING r.*
            ), e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq,
                                         source)
                SELECT a.id, a.lift_id, a.type, CASE WHEN a.inserted THEN 'raised' ELSE 'repeated' END,
                       ?::timestamptz, ?, ?, ?::bigint, ?::bigint, ?
                FROM a
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("a", "st");

    /**
     * Ends the holds a source's clear ends on the open alarm of a lift and type; the alarm clears once no
     * source holds it, with its "cleared" event, or stays open with a "source_cleared" one. No row when no
     * open alarm is held by those sources. Parameters: the ended sources, cleared at, by, reason, lift,
     * type; then the rule state's order (source boot and seq); then the {@link Event}; then the outbox's
     * ({@link Notifications#record}).
     */
    static final String CLEAR = """
            WITH ended AS (SELECT ?::text[] AS sources),
            a AS (
                UPDATE alarm SET
                    open_sources = ARRAY(SELECT unnest(open_sources) EXCEPT SELECT unnest(sources) FROM ended),
                    status = CASE WHEN open_sources <@ (SELECT sources FROM ended) THEN 'cleared' ELSE status END,
                    cleared_at = CASE WHEN open_sources <@ (SELECT sources FROM ended) THEN ?::timestamptz END,
                    cleared_by = CASE WHEN open_sources <@ (SELECT sources FROM ended) THEN ? END,
                    clear_reason = CASE WHEN open_sources <@ (SELECT sources FROM ended) THEN ? END
                WHERE lift_id = ? AND type = ? AND status <> 'cleared' AND open_sources && (SELECT sources FROM ended)
                RETURNING *
            ), st AS (
                UPDATE alarm_rule_state SET order_boot = coalesce(?::bigint, order_boot), order_seq = coalesce(?::bigint, order_seq)
                WHERE (lift_id, type) IN (SELECT lift_id, type FROM a)
            ), e AS (
                INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail, source_boot, source_seq,
                                         source)
                SELECT a.id, a.lift_id, a.type, CASE WHEN a.status = 'cleared' THEN 'cleared' ELSE 'source_cleared' END,
                       ?::timestamptz, ?, ?, ?::bigint, ?::bigint, ?
                FROM a
                RETURNING *
            )""" + PAYLOAD_OUTBOX_SIGNAL.formatted("a", "alarm_rule_state");

    private AlarmEvents() {
    }
}
