-- What the API reads for a lift and a period, from the hourly rollups where they hold the answer and from
-- raw rows where they do not: the period's partial first and last hours, and hours marked but not yet
-- recomputed (rollup_pending). So an answer always equals the raw computation, reads raw rows only for a
-- bounded span, and is as fast as the rollups once the job has caught up.

-- The period's whole hours [whole_from, whole_to); [from, whole_from) and [whole_to, to) are read raw.
CREATE FUNCTION rollup_span(from_ts timestamptz, to_ts timestamptz,
                            OUT whole_from timestamptz, OUT whole_to timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT f, greatest(f, date_bin('1 hour', to_ts, timestamptz '2000-01-01 00:00:00+00'))
    FROM (SELECT least(to_ts, date_bin('1 hour', from_ts - interval '1 microsecond',
                                       timestamptz '2000-01-01 00:00:00+00') + interval '1 hour') AS f) s
$$;

-- Raised faults of a lift in [from_ts, to_ts). From lift_hour_fault, which holds only the hours with a
-- raised fault: faults are rare, and summing every hour of lift_hour would read far more rows.
CREATE FUNCTION lift_faults_raised(lift text, from_ts timestamptz, to_ts timestamptz) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT sum(h.raised) FROM lift_hour_fault h
                     WHERE h.lift_id = lift AND h.hour >= s.whole_from AND h.hour < s.whole_to
                       AND NOT EXISTS (SELECT 1 FROM rollup_pending p WHERE p.lift_id = lift AND p.hour = h.hour)), 0)::bigint
         + (SELECT count(*) FROM fault f
            WHERE f.lift_id = lift AND f.raised AND ((f.ts >= from_ts AND f.ts < s.whole_from)
                                                     OR (f.ts >= s.whole_to AND f.ts < to_ts)))
         + (SELECT count(*) FROM rollup_pending p
            JOIN fault f ON f.lift_id = p.lift_id AND f.ts >= p.hour AND f.ts < p.hour + interval '1 hour' AND f.raised
            WHERE p.lift_id = lift AND p.hour >= s.whole_from AND p.hour < s.whole_to)
    FROM rollup_span(from_ts, to_ts) s
$$;

-- Sums of a lift's counter deltas in [from_ts, to_ts), as TelemetrySql.COUNTER_TOTALS returns them.
CREATE FUNCTION lift_counter_totals(lift text, from_ts timestamptz, to_ts timestamptz,
                                    OUT runs numeric, OUT run_seconds numeric, OUT door_cycles numeric,
                                    OUT rope_bends numeric, OUT energy_kwh numeric, OUT resets bigint,
                                    OUT samples bigint)
LANGUAGE sql STABLE AS $$
    WITH s AS (SELECT * FROM rollup_span(from_ts, to_ts)), parts AS (
        SELECT h.counter_runs::numeric AS r, h.run_seconds::numeric AS rs, h.door_cycles::numeric AS dc,
               h.rope_bends::numeric AS rb, h.energy_kwh AS e, h.counter_resets AS z, h.counter_samples AS n
        FROM lift_hour h, s
        WHERE h.lift_id = lift AND h.hour >= s.whole_from AND h.hour < s.whole_to
          AND NOT EXISTS (SELECT 1 FROM rollup_pending p WHERE p.lift_id = lift AND p.hour = h.hour)
        UNION ALL
        SELECT c.d_runs, c.d_run_seconds, c.d_door_cycles, c.d_rope_bends, c.d_energy_kwh,
               CASE WHEN c.reset THEN 1 ELSE 0 END, 1
        FROM counter_sample c, s
        WHERE c.lift_id = lift AND ((c.ts >= from_ts AND c.ts < s.whole_from) OR (c.ts >= s.whole_to AND c.ts < to_ts))
        UNION ALL
        SELECT c.d_runs, c.d_run_seconds, c.d_door_cycles, c.d_rope_bends, c.d_energy_kwh,
               CASE WHEN c.reset THEN 1 ELSE 0 END, 1
        FROM s, rollup_pending p
        JOIN counter_sample c ON c.lift_id = p.lift_id AND c.ts >= p.hour AND c.ts < p.hour + interval '1 hour'
        WHERE p.lift_id = lift AND p.hour >= s.whole_from AND p.hour < s.whole_to
    )
    SELECT coalesce(sum(r), 0), coalesce(sum(rs), 0), coalesce(sum(dc), 0), coalesce(sum(rb), 0),
           coalesce(sum(e), 0), coalesce(sum(z), 0)::bigint, coalesce(sum(n), 0)::bigint
    FROM parts
$$;

-- A lift's runs in [from_ts, to_ts) per hour and set of cards presented: what ride summaries count.
CREATE FUNCTION lift_run_cards(lift text, from_ts timestamptz, to_ts timestamptz)
RETURNS TABLE (hour timestamptz, cards text[], runs bigint)
LANGUAGE sql STABLE AS $$
    WITH s AS (SELECT * FROM rollup_span(from_ts, to_ts))
    SELECT h.hour, h.cards, h.runs
    FROM lift_hour_cards h, s
    WHERE h.lift_id = lift AND h.hour >= s.whole_from AND h.hour < s.whole_to
      AND NOT EXISTS (SELECT 1 FROM rollup_pending p WHERE p.lift_id = lift AND p.hour = h.hour)
    UNION ALL
    SELECT date_bin('1 hour', r.ts, timestamptz '2000-01-01 00:00:00+00'), r.cards, count(*)
    FROM run r, s
    WHERE r.lift_id = lift AND ((r.ts >= from_ts AND r.ts < s.whole_from) OR (r.ts >= s.whole_to AND r.ts < to_ts))
    GROUP BY 1, 2
    UNION ALL
    SELECT p.hour, r.cards, count(*)
    FROM s, rollup_pending p
    JOIN run r ON r.lift_id = p.lift_id AND r.ts >= p.hour AND r.ts < p.hour + interval '1 hour'
    WHERE p.lift_id = lift AND p.hour >= s.whole_from AND p.hour < s.whole_to
    GROUP BY 1, 2
$$;
