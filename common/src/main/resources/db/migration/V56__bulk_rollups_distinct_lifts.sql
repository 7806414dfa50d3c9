-- The bulk refresh (V44, behind the locks of V47) filtered the raw tables with lift_id = ANY (lifts), where lifts
-- holds a lift for every due hour: 876,000 entries for 100 lifts' year. With the plan made for each call
-- (force_custom_plan) that array is a constant in the plan, copied into every scan of every partition; on
-- TimescaleDB, with a year's 53 chunks of run, counter_sample and fault, one backend of a 100-lift call grew
-- past 20 GB and was killed. Now the scans take the call's distinct lifts (lift_set). Same rows are read: the
-- due hours and days still decide what is written (RollupBulkTest).
-- The days' statements group the lifts' rows of the range first and then keep the due days, where they filtered
-- the rows by (lift, day) IN the due days: once the chunks had statistics, that was planned as a loop over the
-- due days, each reading the lift's whole range (35 s for two lifts' year of runs on TimescaleDB, 3 s before).
CREATE OR REPLACE FUNCTION rollup_refresh_bulk_held(lift_ids text[]) RETURNS integer LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    restoring constant text := coalesce(current_setting('liftwatch.restoring', true), '');
    origin constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
    lifts text[];
    hours timestamptz[];
    lift_set text[];
    lo timestamptz;
    hi timestamptz;
    day_lifts text[];
    days date[];
    day_lo timestamptz;
    day_hi timestamptz;
BEGIN
    SELECT array_agg(lift_id), array_agg(hour), min(hour), max(hour) + interval '1 hour' INTO lifts, hours, lo, hi
    FROM (SELECT lift_id, hour FROM rollup_pending WHERE lift_id = ANY (lift_ids) ORDER BY lift_id, hour
          FOR UPDATE SKIP LOCKED) due;
    IF lifts IS NULL THEN
        RETURN 0;
    END IF;
    lift_set := ARRAY(SELECT DISTINCT unnest(lifts));
    PERFORM set_config('liftwatch.restoring', 'on', true);

    -- Every due hour gets a row (zeros where it has no rows, as the job's lateral sums give); hours of the
    -- range that are not due are grouped too and left out.
    INSERT INTO lift_hour AS h (lift_id, hour, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                                counter_samples, counter_resets, faults_raised, online_seconds)
    SELECT lift_id, hour, sum(runs), sum(counter_runs), sum(run_seconds), sum(door_cycles), sum(rope_bends),
           sum(energy_kwh), sum(samples), sum(resets), sum(raised), sum(online)
    FROM (SELECT d.lift_id, d.hour, true AS due, 0 AS runs, 0 AS counter_runs, 0 AS run_seconds, 0 AS door_cycles,
                 0 AS rope_bends, 0::numeric AS energy_kwh, 0 AS samples, 0 AS resets, 0 AS raised, 0::numeric AS online
          FROM unnest(lifts, hours) AS d(lift_id, hour)
          UNION ALL
          SELECT lift_id, date_bin('1 hour', ts, origin), false, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM run
          WHERE lift_id = ANY (lift_set) AND ts >= lo AND ts < hi
          UNION ALL
          SELECT lift_id, date_bin('1 hour', ts, origin), false, 0, d_runs, d_run_seconds, d_door_cycles, d_rope_bends,
                 d_energy_kwh, 1, reset::int, 0, 0
          FROM counter_sample WHERE lift_id = ANY (lift_set) AND ts >= lo AND ts < hi
          UNION ALL
          SELECT lift_id, date_bin('1 hour', ts, origin), false, 0, 0, 0, 0, 0, 0, 0, 0, raised::int, 0 FROM fault
          WHERE lift_id = ANY (lift_set) AND ts >= lo AND ts < hi
          UNION ALL
          -- presence_seconds (V40) of each hour: the part of it each ended span covers.
          SELECT p.lift_id, x, false, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 extract(epoch FROM least(p.until, x + interval '1 hour') - greatest(p.since, x))
          FROM lift_presence p
          CROSS JOIN LATERAL generate_series(date_bin('1 hour', greatest(p.since, lo), origin),
                                             date_bin('1 hour', least(p.until, hi), origin), interval '1 hour') x
          WHERE p.lift_id = ANY (lift_set) AND p.since < hi AND p.until > lo
            AND p.since < x + interval '1 hour' AND p.until > x AND x < hi) rows
    GROUP BY lift_id, hour
    HAVING bool_or(due)
    ON CONFLICT (lift_id, hour) DO UPDATE SET
        (runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh, counter_samples, counter_resets,
         faults_raised, online_seconds) =
        (excluded.runs, excluded.counter_runs, excluded.run_seconds, excluded.door_cycles, excluded.rope_bends,
         excluded.energy_kwh, excluded.counter_samples, excluded.counter_resets, excluded.faults_raised,
         excluded.online_seconds);

    DELETE FROM lift_hour_fault x USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE x.lift_id = d.lift_id AND x.hour = d.hour;
    INSERT INTO lift_hour_fault (lift_id, hour, code, raised)
    SELECT f.lift_id, date_bin('1 hour', f.ts, origin), f.code, count(*) FROM fault f
    WHERE f.lift_id = ANY (lift_set) AND f.ts >= lo AND f.ts < hi AND f.raised
      AND (f.lift_id, date_bin('1 hour', f.ts, origin)) IN (SELECT * FROM unnest(lifts, hours))
    GROUP BY 1, 2, 3;

    -- The days of the hours written (in China Standard Time) and the instants they span.
    SELECT array_agg(lift_id), array_agg(day), rollup_day_start(min(day)), rollup_day_start(max(day) + 1)
    INTO day_lifts, days, day_lo, day_hi
    FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day FROM unnest(lifts, hours)
          AS d(lift_id, hour)) x;

    -- The days, from all their hours, as rollup_refresh_days (V54) does for the job.
    INSERT INTO lift_day AS x (lift_id, day, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                               counter_samples, counter_resets, faults_raised, online_seconds)
    SELECT s.* FROM (
        SELECT h.lift_id, (h.hour AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(h.runs), sum(h.counter_runs),
               sum(h.run_seconds), sum(h.door_cycles), sum(h.rope_bends), sum(h.energy_kwh), sum(h.counter_samples),
               sum(h.counter_resets), sum(h.faults_raised), sum(h.online_seconds)
        FROM lift_hour h
        WHERE h.lift_id = ANY (lift_set) AND h.hour >= day_lo AND h.hour < day_hi
        GROUP BY 1, 2) s
    JOIN unnest(day_lifts, days) AS d(lift_id, day) ON d.lift_id = s.lift_id AND d.day = s.day
    ON CONFLICT (lift_id, day) DO UPDATE SET
        (runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh, counter_samples, counter_resets,
         faults_raised, online_seconds) =
        (excluded.runs, excluded.counter_runs, excluded.run_seconds, excluded.door_cycles, excluded.rope_bends,
         excluded.energy_kwh, excluded.counter_samples, excluded.counter_resets, excluded.faults_raised,
         excluded.online_seconds);

    -- The days' rides per household and faults by code, from the days' raw rows, as rollup_refresh_days (V54)
    -- keeps them: upserted, a row rewritten only when its count changed.
    INSERT INTO lift_day_cards (lift_id, day, cards, runs)
    SELECT c.* FROM (
        SELECT r.lift_id, (r.ts AT TIME ZONE 'Asia/Shanghai')::date AS day, r.cards, count(*) FROM run r
        WHERE r.lift_id = ANY (lift_set) AND cardinality(r.cards) > 0 AND r.ts >= day_lo AND r.ts < day_hi
        GROUP BY 1, 2, 3) c
    JOIN unnest(day_lifts, days) AS d(lift_id, day) ON d.lift_id = c.lift_id AND d.day = c.day
    ORDER BY 1, 2, 3
    ON CONFLICT (lift_id, day, cards) DO UPDATE SET runs = excluded.runs WHERE lift_day_cards.runs <> excluded.runs;

    INSERT INTO lift_day_fault (lift_id, day, code, raised)
    SELECT c.* FROM (
        SELECT f.lift_id, (f.ts AT TIME ZONE 'Asia/Shanghai')::date AS day, f.code, count(*) FROM fault f
        WHERE f.lift_id = ANY (lift_set) AND f.raised AND f.ts >= day_lo AND f.ts < day_hi
        GROUP BY 1, 2, 3) c
    JOIN unnest(day_lifts, days) AS d(lift_id, day) ON d.lift_id = c.lift_id AND d.day = c.day
    ORDER BY 1, 2, 3
    ON CONFLICT (lift_id, day, code) DO UPDATE SET raised = excluded.raised WHERE lift_day_fault.raised <> excluded.raised;

    DELETE FROM rollup_pending p USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE p.lift_id = d.lift_id AND p.hour = d.hour;
    PERFORM set_config('liftwatch.restoring', restoring, true);
    RETURN cardinality(lifts);
END
$$;
