package io.liftwatch.api.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grid supervision's aggregates. Each lift is counted in the grid unit its stairwell belonged to at the
 * end of the period ({@code grid_membership}), so redrawing the grid never rewrites past periods.
 * Parameters: the district filter (null for all) of a query that has one, then the period's instants.
 */
public final class GridSql {
    private GridSql() {
    }

    /** A period's start or end in a statement written with them by name. */
    private static final Pattern PERIOD = Pattern.compile("\\{(from|to)}");

    /**
     * The unit of each lift at the period's end, with its activity in the period; parameters from
     * {@link #liftParameters}. Raised faults and online time are those of lift_faults_raised and
     * lift_online_seconds (V33, V40) for every lift at once: the same split of the period into whole days, whole
     * hours, raw edges and pending hours, each part one grouped read. Empty parts are left out, and the raw parts'
     * ended spans are read by presence_seconds (V57), from the last one that starts by the part's start.
     * <p>
     * Each read of a rollup or raw hypertable for a part of the period also carries bounds written with the
     * period's own parameters ({@code {from}}, {@code {to}}): a part's exact bounds come through the CTEs, which
     * TimescaleDB cannot exclude chunks by, so without them every read of a lift's partial day decompressed each
     * chunk of the year.
     */
    private static final String LIFTS_WITH_PERIOD = """
            WITH p AS (SELECT ?::text AS district, {from} AS from_ts, {to} AS to_ts),
            members AS (
                SELECT l.id AS lift_id, m.district_code, m.street, m.community, m.grid_cell, s.address,
                       l.emergency_id, l.maintainer_id, l.use_unit_id, l.service_start
                FROM p CROSS JOIN lift l
                JOIN stairwell s ON s.id = l.stairwell_id
                JOIN grid_membership m ON m.stairwell_id = l.stairwell_id
                 AND m.valid_from <= p.to_ts AND (m.valid_to IS NULL OR m.valid_to > p.to_ts)
                WHERE (p.district IS NULL OR m.district_code = p.district)
            ),
            ids AS (SELECT DISTINCT lift_id FROM members),
            s AS (SELECT p.from_ts, p.to_ts, r.whole_from, r.whole_to FROM p, rollup_span(p.from_ts, p.to_ts) r),
            -- The partial first and last hours, read raw.
            edges AS (SELECT * FROM (SELECT from_ts AS a, whole_from AS b FROM s UNION ALL SELECT whole_to, to_ts FROM s) x
                      WHERE a < b),
            -- The whole days inside the whole hours, [first_day, end_day), as instants [day_from, day_to).
            day_bounds AS (
                SELECT (s.whole_to AT TIME ZONE 'Asia/Shanghai')::date AS last_day,
                       ((s.whole_from AT TIME ZONE 'Asia/Shanghai') + interval '1 day' - interval '1 microsecond')::date
                           AS first_day
                FROM s
            ),
            d AS (
                SELECT b.first_day, greatest(b.first_day, b.last_day) AS end_day, rollup_day_start(b.first_day) AS day_from,
                       rollup_day_start(greatest(b.first_day, b.last_day)) AS day_to
                FROM day_bounds b
            ),
            -- Whole hours not yet recomputed: read raw.
            pending AS (
                SELECT pe.lift_id, pe.hour FROM ids JOIN rollup_pending pe ON pe.lift_id = ids.lift_id, s
                WHERE pe.hour >= s.whole_from AND pe.hour < s.whole_to
            ),
            faults AS (
                SELECT lift_id, sum(n)::bigint AS n FROM (
                    SELECT h.lift_id, h.raised AS n FROM ids JOIN lift_hour_fault h ON h.lift_id = ids.lift_id, s
                    WHERE h.hour >= s.whole_from AND h.hour < s.whole_to
                      AND NOT EXISTS (SELECT 1 FROM rollup_pending pe WHERE pe.lift_id = h.lift_id AND pe.hour = h.hour)
                    UNION ALL
                    SELECT f.lift_id, 1 FROM ids JOIN fault f ON f.lift_id = ids.lift_id JOIN edges e ON f.ts >= e.a AND f.ts < e.b
                    WHERE f.raised AND f.ts >= {from} AND f.ts < {to}
                    UNION ALL
                    SELECT pe.lift_id, 1 FROM pending pe
                    JOIN fault f ON f.lift_id = pe.lift_id AND f.ts >= pe.hour AND f.ts < pe.hour + interval '1 hour' AND f.raised
                     AND f.ts >= {from} AND f.ts < {to}
                ) x GROUP BY lift_id
            ),
            -- Days with a pending hour: read by the hour.
            dirty AS (
                SELECT DISTINCT pe.lift_id, (pe.hour AT TIME ZONE 'Asia/Shanghai')::date AS day
                FROM pending pe, d WHERE pe.hour >= d.day_from AND pe.hour < d.day_to
            ),
            online_days AS (
                SELECT x.lift_id, sum(x.online_seconds) AS n FROM ids JOIN lift_day x ON x.lift_id = ids.lift_id, d
                WHERE x.day >= d.first_day AND x.day < d.end_day
                  AND x.day >= ({from} AT TIME ZONE 'Asia/Shanghai')::date AND x.day <= ({to} AT TIME ZONE 'Asia/Shanghai')::date
                  AND NOT EXISTS (SELECT 1 FROM dirty WHERE dirty.lift_id = x.lift_id AND dirty.day = x.day)
                GROUP BY x.lift_id
            ),
            -- Whole hours read from lift_hour: outside the whole days (1: the hours before the first, at most 25 hours
            -- from the period's start; 2: those after the last, at most 25 hours before its end), and inside the dirty days (3).
            hour_ranges AS (
                SELECT * FROM (
                    SELECT 1 AS part, ids.lift_id, s.whole_from AS a, least(d.day_from, s.whole_to) AS b FROM ids, s, d
                    UNION ALL SELECT 2, ids.lift_id, greatest(d.day_to, s.whole_from), s.whole_to FROM ids, s, d
                    UNION ALL SELECT 3, lift_id, rollup_day_start(day), rollup_day_start(day + 1) FROM dirty
                ) x WHERE a < b
            ),
            online_hours AS (
                SELECT h.lift_id, sum(h.online_seconds) AS n FROM (
                    SELECT h.lift_id, h.hour, h.online_seconds
                    FROM hour_ranges r JOIN lift_hour h ON h.lift_id = r.lift_id AND h.hour >= r.a AND h.hour < r.b
                    WHERE r.part = 1 AND h.hour >= {from} AND h.hour < {from} + interval '25 hours'
                    UNION ALL
                    SELECT h.lift_id, h.hour, h.online_seconds
                    FROM hour_ranges r JOIN lift_hour h ON h.lift_id = r.lift_id AND h.hour >= r.a AND h.hour < r.b
                    WHERE r.part = 2 AND h.hour >= {to} - interval '25 hours' AND h.hour < {to}
                    UNION ALL
                    SELECT h.lift_id, h.hour, h.online_seconds
                    FROM hour_ranges r JOIN lift_hour h ON h.lift_id = r.lift_id AND h.hour >= r.a AND h.hour < r.b
                    WHERE r.part = 3 AND h.hour >= {from} AND h.hour < {to}
                ) h
                WHERE NOT EXISTS (SELECT 1 FROM rollup_pending pe WHERE pe.lift_id = h.lift_id AND pe.hour = h.hour)
                GROUP BY h.lift_id
            ),
            -- Ended spans over the raw parts and the pending hours, each part as presence_seconds (V57) reads it.
            online_edges AS (
                SELECT ids.lift_id, sum(presence_seconds(ids.lift_id, e.a, e.b)) AS n FROM ids CROSS JOIN edges e
                GROUP BY ids.lift_id
            ),
            online_pending AS (
                SELECT pe.lift_id, sum(presence_seconds(pe.lift_id, pe.hour, pe.hour + interval '1 hour')) AS n
                FROM pending pe GROUP BY pe.lift_id
            ),
            entrapments AS (
                SELECT a.lift_id, count(*) AS n FROM ids JOIN alarm a ON a.lift_id = ids.lift_id, p
                WHERE a.type = 'entrapment' AND a.first_seen >= p.from_ts AND a.first_seen < p.to_ts
                GROUP BY a.lift_id
            ),
            rescues AS (
                SELECT r.lift_id, json_agg(json_build_object('alarmId', r.alarm_id, 'raisedAt', r.raised_at,
                            'arrivedAt', r.arrived_at, 'releasedAt', r.released_at,
                            'arrivalSeconds', extract(epoch FROM r.arrived_at - r.raised_at)) ORDER BY r.raised_at) AS list
                FROM ids JOIN rescue r ON r.lift_id = ids.lift_id, p
                WHERE r.raised_at >= p.from_ts AND r.raised_at < p.to_ts
                GROUP BY r.lift_id
            )
            SELECT mb.*, coalesce(ls.online, false) AS online,
                   -- Period figures count a lift from when it was first heard (or entered service, if never).
                   lift_first_seen(mb.lift_id) AS first_seen,
                   coalesce(f.n, 0) AS faults,
                   -- Time online in the period: ended spans from the rollups and raw parts, and the span in progress.
                   coalesce(od.n, 0) + coalesce(oh.n, 0) + coalesce(oe.n, 0.000) + coalesce(op.n, 0)
                       + coalesce(CASE WHEN ls.presence_open AND ls.presence_since < p.to_ts AND ls.presence_until > p.from_ts
                                       THEN extract(epoch FROM least(ls.presence_until, p.to_ts)
                                                               - greatest(ls.presence_since, p.from_ts)) END, 0)
                       AS online_seconds,
                   coalesce(e.n, 0) AS entrapments, r.list AS rescues
            FROM p CROSS JOIN members mb LEFT JOIN lift_state ls ON ls.lift_id = mb.lift_id
            LEFT JOIN faults f ON f.lift_id = mb.lift_id
            LEFT JOIN online_days od ON od.lift_id = mb.lift_id
            LEFT JOIN online_hours oh ON oh.lift_id = mb.lift_id
            LEFT JOIN online_edges oe ON oe.lift_id = mb.lift_id
            LEFT JOIN online_pending op ON op.lift_id = mb.lift_id
            LEFT JOIN entrapments e ON e.lift_id = mb.lift_id
            LEFT JOIN rescues r ON r.lift_id = mb.lift_id
            ORDER BY mb.district_code, mb.street, mb.community, mb.grid_cell, mb.lift_id""";

    /** See {@link #LIFTS_WITH_PERIOD}; parameters from {@link #liftParameters}. */
    public static final String LIFTS = PERIOD.matcher(LIFTS_WITH_PERIOD).replaceAll("?::timestamptz");

    /** Whether each period parameter of {@link #LIFTS}, in order, is the period's end (else its start). */
    private static final List<Boolean> LIFTS_PERIOD_ENDS = PERIOD.matcher(LIFTS_WITH_PERIOD).results()
            .map(m -> m.group(1).equals("to")).toList();

    /** {@link #LIFTS}'s parameters: the district (null for all), then the period's start or end at each place. */
    public static List<Object> liftParameters(String district, Object from, Object to) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(district);
        LIFTS_PERIOD_ENDS.forEach(end -> parameters.add(end ? to : from));
        return parameters;
    }

    /** The raised faults of the period with their GB/T 24476 codes, for the export. */
    public static final String FAULTS = """
            WITH p AS (SELECT ?::text AS district)
            SELECT f.lift_id, f.ts AS at, f.code, f.gbt_code, f.floor FROM p CROSS JOIN fault f
            JOIN lift l ON l.id = f.lift_id JOIN stairwell s ON s.id = l.stairwell_id
            WHERE f.raised AND f.ts >= ?::timestamptz AND f.ts < ?::timestamptz
              AND (p.district IS NULL OR s.district_code = p.district)
            ORDER BY f.lift_id, f.ts""";

    /** Maintenance visits per lift in the period (corrections count as the visit they correct). */
    public static final String VISITS = """
            SELECT lift_id, count(*) AS visits FROM maintenance_visit v
            WHERE v.corrects IS NULL AND v.started_at >= ?::timestamptz AND v.started_at < ?::timestamptz
            GROUP BY lift_id""";
}
