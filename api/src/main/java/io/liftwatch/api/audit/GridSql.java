package io.liftwatch.api.audit;

/**
 * Grid supervision's aggregates. Each lift is counted in the grid unit its stairwell belonged to at the
 * end of the period ({@code grid_membership}), so redrawing the grid never rewrites past periods.
 * Parameters: the district filter (null for all) of a query that has one, then the period's instants.
 */
public final class GridSql {
    private GridSql() {
    }

    /**
     * The unit of each lift at the period's end, with its activity in the period; raised faults and online
     * time come from the rollups (V33, V40), equal to counting raw rows and spans.
     */
    public static final String LIFTS = """
            WITH p AS (SELECT ?::text AS district), members AS (
                SELECT l.id AS lift_id, m.district_code, m.street, m.community, m.grid_cell, s.address,
                       l.emergency_id, l.maintainer_id, l.use_unit_id, l.service_start
                FROM p CROSS JOIN lift l
                JOIN stairwell s ON s.id = l.stairwell_id
                JOIN grid_membership m ON m.stairwell_id = l.stairwell_id
                 AND m.valid_from <= ?::timestamptz AND (m.valid_to IS NULL OR m.valid_to > ?::timestamptz)
                WHERE (p.district IS NULL OR m.district_code = p.district)
            )
            SELECT mb.*, coalesce(ls.online, false) AS online,
                   -- Period figures count a lift from when it was first heard (or entered service, if never).
                   coalesce(ls.first_seen_at, (SELECT min(c.received_at) FROM connection_event c
                                               WHERE c.lift_id = mb.lift_id)) AS first_seen,
                   lift_faults_raised(mb.lift_id, ?::timestamptz, ?::timestamptz) AS faults,
                   -- Time online in the period, from presence spans and their daily and hourly rollups (V40).
                   lift_online_seconds(mb.lift_id, ?::timestamptz, ?::timestamptz) AS online_seconds,
                   (SELECT count(*) FROM alarm a WHERE a.lift_id = mb.lift_id AND a.type = 'entrapment'
                      AND a.first_seen >= ?::timestamptz AND a.first_seen < ?::timestamptz) AS entrapments,
                   (SELECT json_agg(json_build_object('alarmId', r.alarm_id, 'raisedAt', r.raised_at,
                            'arrivedAt', r.arrived_at, 'releasedAt', r.released_at,
                            'arrivalSeconds', extract(epoch FROM r.arrived_at - r.raised_at)) ORDER BY r.raised_at)
                      FROM rescue r WHERE r.lift_id = mb.lift_id
                      AND r.raised_at >= ?::timestamptz AND r.raised_at < ?::timestamptz) AS rescues
            FROM members mb LEFT JOIN lift_state ls ON ls.lift_id = mb.lift_id
            ORDER BY mb.district_code, mb.street, mb.community, mb.grid_cell, mb.lift_id""";

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
