package io.liftwatch.api.audit;

/**
 * What the bureau checks, one finding per row: {@code (lift_id, finding, detail, args)} as of a day
 * ({@code ?::date}, the day after the last one counted). Each part names its own rule. {@code detail} is the
 * English sentence; {@code args} its facts (times as instants), from which printed pages say it in the
 * reader's language (messages bundles, {@code finding.<code>.text}).
 */
final class ComplianceSql {
    private ComplianceSql() {
    }

    /**
     * Visits that count (corrections replace what they correct) and each lift's maintenance interval. The
     * intervals are read for the district of {@code p} only: findings are of that district's lifts anyway.
     */
    private static final String RULE_INPUTS = """
            visits AS (
                SELECT v.* FROM maintenance_visit v
                WHERE NOT EXISTS (SELECT 1 FROM maintenance_visit c WHERE c.corrects = v.id)
                  AND v.started_at < (SELECT at FROM as_of)
            ),
            interval_days AS (
                SELECT l.id AS lift_id, l.service_start,
                       coalesce((o.lift_settings ->> 'maintenanceIntervalDays')::int,
                                (o.model_settings ->> 'maintenanceIntervalDays')::int,
                                (o.district_settings ->> 'maintenanceIntervalDays')::int, 15) AS days
                FROM p CROSS JOIN lift l JOIN lift_rule_overrides o ON o.lift_id = l.id
                JOIN stairwell s ON s.id = l.stairwell_id
                WHERE p.district IS NULL OR s.district_code = p.district
            ),""";

    /** Maintenance at least every 15 days (TSG T5002), or the lift's own on-demand interval. */
    private static final String MAINTENANCE_OVERDUE = """
                SELECT i.lift_id, 'maintenance_overdue' AS finding,
                       'last maintenance visit ' || coalesce(to_char(max(v.started_at), 'YYYY-MM-DD'), 'never')
                           || ', interval ' || i.days || ' days' AS detail,
                       json_build_array(max(v.started_at), i.days) AS args
                FROM interval_days i LEFT JOIN visits v ON v.lift_id = i.lift_id
                WHERE coalesce(i.service_start, date '2000-01-01') <= (SELECT day FROM as_of) - i.days
                GROUP BY i.lift_id, i.days
                HAVING coalesce(max(v.started_at), '-infinity') < (SELECT at FROM as_of) - make_interval(days => i.days)""";

    /**
     * Each lift's latest periodic inspection that counts, with its next due day: {@code n}. A failed
     * inspection leaves the lift due from that day (it must not be used until it passes), whatever next date
     * its record gives.
     */
    private static final String LATEST_INSPECTIONS = """
            (SELECT DISTINCT ON (i.lift_id) i.lift_id, i.result,
                    CASE WHEN i.result = 'fail' THEN i.inspected_on ELSE i.next_due END AS next_due
             FROM inspection i
             WHERE NOT EXISTS (SELECT 1 FROM inspection c WHERE c.corrects = i.id)
               AND i.inspected_on < (SELECT day FROM as_of)
             ORDER BY i.lift_id, i.inspected_on DESC, i.id DESC) n""";

    /**
     * Parameters: the day after the last one counted, and the instant that day starts in the service's
     * zone; then district, street, community and grid cell (null for any).
     */
    static final String FINDINGS = """
            WITH as_of AS (SELECT ?::date AS day, ?::timestamptz AS at),
            p AS (SELECT ?::text AS district, ?::text AS street, ?::text AS community, ?::text AS grid_cell),
            """ + RULE_INPUTS + """
            findings AS (
            """ + MAINTENANCE_OVERDUE + """
                UNION ALL
                -- An on-demand policy's usage limit reached (runs or door cycles since the last visit): the
                -- alerts service keeps that count and holds the alarm open until the next visit.
                SELECT a.lift_id, 'maintenance_due_by_usage', e.detail, json_build_array(e.detail)
                FROM alarm a JOIN alarm_event e ON e.alarm_id = a.id AND e.kind = 'raised'
                WHERE a.type = 'maintenance_due' AND e.detail LIKE '%on-demand policy%'
                  AND a.first_seen < (SELECT at FROM as_of)
                  AND (a.cleared_at IS NULL OR a.cleared_at >= (SELECT at FROM as_of))
                UNION ALL
                -- Quarterly, half-yearly and yearly items on their own calendars: a higher tier covers a lower.
                SELECT i.lift_id, tier.name || '_overdue',
                       'last ' || tier.name || ' maintenance ' || coalesce(to_char(max(v.started_at), 'YYYY-MM-DD'), 'never'),
                       json_build_array(max(v.started_at))
                FROM interval_days i
                CROSS JOIN (VALUES ('quarterly', 92, ARRAY['quarterly', 'half_yearly', 'yearly']),
                                   ('half_yearly', 183, ARRAY['half_yearly', 'yearly']),
                                   ('yearly', 366, ARRAY['yearly'])) AS tier(name, days, covered_by)
                LEFT JOIN visits v ON v.lift_id = i.lift_id AND v.tier = ANY (tier.covered_by)
                WHERE coalesce(i.service_start, date '2000-01-01') <= (SELECT day FROM as_of) - tier.days
                GROUP BY i.lift_id, tier.name, tier.days
                HAVING coalesce(max(v.started_at), '-infinity') < (SELECT at FROM as_of) - make_interval(days => tier.days)
                UNION ALL
                -- The periodic inspection: overdue, or due within 30 days.
                SELECT n.lift_id,
                       CASE WHEN n.next_due < (SELECT day FROM as_of) THEN 'inspection_overdue'
                            ELSE 'inspection_due_soon' END,
                       CASE WHEN n.result = 'fail' THEN 'periodic inspection failed on ' || n.next_due
                            ELSE 'periodic inspection due ' || n.next_due END, json_build_array(n.next_due)
                FROM """ + LATEST_INSPECTIONS + """
                WHERE n.next_due < (SELECT day FROM as_of) + 30
                UNION ALL
                -- A maintenance contract must cover the day.
                SELECT l.id, 'contract_missing', 'no maintenance contract covers ' || ((SELECT day FROM as_of) - 1),
                       json_build_array((SELECT day FROM as_of) - 1)
                FROM lift l
                WHERE NOT EXISTS (SELECT 1 FROM maintenance_contract c WHERE c.lift_id = l.id
                                  AND c.starts_on < (SELECT day FROM as_of) AND c.ends_on >= (SELECT day FROM as_of))
                UNION ALL
                -- A visit in the last 30 days that the lift never saw in inspection mode.
                SELECT v.lift_id, 'visit_without_inspection_mode',
                       'visit ' || v.id || ' on ' || to_char(v.started_at, 'YYYY-MM-DD') || ' by '
                           || array_to_string(v.technicians, ', '),
                       json_build_array(v.id, v.started_at, array_to_string(v.technicians, ', '))
                FROM visits v
                WHERE v.inspection_mode_from IS NULL AND v.started_at >= (SELECT at FROM as_of) - interval '30 days'
                UNION ALL
                -- Rescues of the last 30 days whose technician arrived after the rescue's arrival limit, or not
                -- at all in time: the limit the rescue clock ran on (its district's, model's or lift's rule
                -- setting, TSG T5002: 30 min in a city with districts, 1 hour elsewhere), kept with the rescue.
                SELECT r.lift_id, 'rescue_late',
                       'entrapment ' || r.alarm_id || ' on ' || to_char(r.raised_at, 'YYYY-MM-DD HH24:MI') || ': '
                           || coalesce(round(extract(epoch FROM r.arrived_at - r.raised_at) / 60) || ' min to arrive',
                                       'no arrival recorded')
                           || ', limit ' || round(extract(epoch FROM r.arrival_limit) / 60) || ' min',
                       json_build_array(r.alarm_id, r.raised_at, round(extract(epoch FROM r.arrived_at - r.raised_at) / 60),
                                        round(extract(epoch FROM r.arrival_limit) / 60))
                FROM rescue r
                WHERE r.raised_at < (SELECT at FROM as_of) AND r.raised_at >= (SELECT at FROM as_of) - interval '30 days'
                  AND (r.arrival_breached_at IS NOT NULL OR r.arrived_at - r.raised_at > r.arrival_limit)
            )
            SELECT f.lift_id, s.id AS stairwell_id, s.district_code, s.street, s.community, s.grid_cell, s.address,
                   l.maintainer_id, f.finding, f.detail, f.args
            FROM p CROSS JOIN findings f JOIN lift l ON l.id = f.lift_id JOIN stairwell s ON s.id = l.stairwell_id
            WHERE (p.district IS NULL OR s.district_code = p.district) AND (p.street IS NULL OR s.street = p.street)
              AND (p.community IS NULL OR s.community = p.community) AND (p.grid_cell IS NULL OR s.grid_cell = p.grid_cell)
            ORDER BY s.district_code, s.street, s.community, s.grid_cell, f.lift_id, f.finding""";

    /**
     * Only the findings grid supervision counts, {@code (lift_id, finding)} for maintenance_overdue and
     * inspection_overdue, equal to those rows of {@link #FINDINGS}: no details, no order. Parameters: the
     * day after the last one counted, the instant it starts, the district (null for any).
     */
    static final String OVERDUE = """
            WITH as_of AS (SELECT ?::date AS day, ?::timestamptz AS at), p AS (SELECT ?::text AS district),
            """ + RULE_INPUTS + """

            findings AS (
            """ + MAINTENANCE_OVERDUE + """

                UNION ALL
                SELECT n.lift_id, 'inspection_overdue', NULL, NULL
                FROM """ + LATEST_INSPECTIONS + """
                WHERE n.next_due < (SELECT day FROM as_of)
            )
            SELECT f.lift_id, f.finding FROM p CROSS JOIN findings f JOIN lift l ON l.id = f.lift_id
            JOIN stairwell s ON s.id = l.stairwell_id
            WHERE p.district IS NULL OR s.district_code = p.district""";
}
