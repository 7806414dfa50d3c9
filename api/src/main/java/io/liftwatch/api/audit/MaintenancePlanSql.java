package io.liftwatch.api.audit;

/**
 * A maintenance company's plan: for each lift and tier, the last visit that covers the tier, the day the
 * next one is due, and whether it is overdue or due soon; plus the lifts whose on-demand policy's usage
 * limit is reached. The tiers and their calendars are those of {@link ComplianceSql}.
 */
final class MaintenancePlanSql {
    private MaintenancePlanSql() {
    }

    /**
     * Parameters: today, the last day counted as "due soon", the service's zone; maintainer and street, each
     * twice (null for any); tier and state, each twice (null for any).
     */
    private static final String PLAN = """
            WITH as_of AS (SELECT ?::date AS today, ?::date AS soon, ?::text AS zone),
            visits AS (
                SELECT v.lift_id, v.tier, v.started_at FROM maintenance_visit v
                WHERE NOT EXISTS (SELECT 1 FROM maintenance_visit c WHERE c.corrects = v.id)
            ),
            lifts AS (
                SELECT l.id, l.service_start, s.address, s.district_code, s.street, s.community,
                       coalesce((o.lift_settings ->> 'maintenanceIntervalDays')::int,
                                (o.model_settings ->> 'maintenanceIntervalDays')::int,
                                (o.district_settings ->> 'maintenanceIntervalDays')::int, 15) AS interval_days
                FROM lift l JOIN stairwell s ON s.id = l.stairwell_id JOIN lift_rule_overrides o ON o.lift_id = l.id
                WHERE (?::text IS NULL OR l.maintainer_id = ?) AND (?::text IS NULL OR s.street = ?)
            ),
            -- A higher tier covers a lower one; the half-monthly interval is the lift's own when it has one.
            tiers AS (
                SELECT l.*, tier.name AS tier,
                       CASE WHEN tier.name = 'half_monthly' THEN l.interval_days ELSE tier.days END AS days,
                       (SELECT max(v.started_at) FROM visits v
                        WHERE v.lift_id = l.id AND v.tier = ANY (tier.covered_by)) AS last_visit
                FROM lifts l
                CROSS JOIN (VALUES ('half_monthly', 15, ARRAY['half_monthly', 'quarterly', 'half_yearly', 'yearly']),
                                   ('quarterly', 92, ARRAY['quarterly', 'half_yearly', 'yearly']),
                                   ('half_yearly', 183, ARRAY['half_yearly', 'yearly']),
                                   ('yearly', 366, ARRAY['yearly'])) AS tier(name, days, covered_by)
            ),
            calendar AS (
                SELECT t.id, t.address, t.district_code, t.street, t.community, t.tier, t.days, t.last_visit,
                       coalesce((t.last_visit AT TIME ZONE (SELECT zone FROM as_of))::date, t.service_start) + t.days AS due_on,
                       NULL::text AS detail
                FROM tiers t
            ),
            -- The alerts service holds a maintenance_due alarm open while an on-demand policy's limit is reached.
            usage AS (
                SELECT l.id, l.address, l.district_code, l.street, l.community, 'on_demand' AS tier, NULL::int AS days,
                       (SELECT max(v.started_at) FROM visits v WHERE v.lift_id = l.id) AS last_visit,
                       (a.first_seen AT TIME ZONE (SELECT zone FROM as_of))::date AS due_on, e.detail
                FROM lifts l JOIN alarm a ON a.lift_id = l.id AND a.type = 'maintenance_due' AND a.cleared_at IS NULL
                JOIN alarm_event e ON e.alarm_id = a.id AND e.kind = 'raised' AND e.detail LIKE '%on-demand policy%'
            ),
            plan AS (
                SELECT p.*, CASE WHEN p.tier = 'on_demand' OR p.due_on IS NULL OR p.due_on < (SELECT today FROM as_of)
                                 THEN 'overdue' WHEN p.due_on <= (SELECT soon FROM as_of) THEN 'due' ELSE 'planned' END AS state
                FROM (SELECT * FROM calendar UNION ALL SELECT * FROM usage) p
            )
            """;

    private static final String FILTER = """
            WHERE (?::text IS NULL OR tier = ?) AND (CASE WHEN ?::text IS NULL THEN state <> 'planned' ELSE state = ? END)
            """;

    /** The plan's rows, overdue first and the longest overdue first; then limit and offset. */
    static final String ROWS = PLAN + """
            SELECT id AS lift_id, address, district_code, street, community, tier, days, last_visit, due_on, state, detail
            FROM plan
            """ + FILTER + """
            ORDER BY CASE state WHEN 'overdue' THEN 0 WHEN 'due' THEN 1 ELSE 2 END, due_on NULLS FIRST, id, tier
            LIMIT ? OFFSET ?""";

    /** How many lifts each tier has in each state, over the whole plan (not one page). */
    static final String COUNTS = PLAN + """
            SELECT tier, state, count(*) AS lifts FROM plan GROUP BY tier, state ORDER BY tier, state""";
}
