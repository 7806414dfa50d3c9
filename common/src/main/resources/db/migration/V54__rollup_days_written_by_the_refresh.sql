-- The days of the hours the rollup job recomputes (lift_day, lift_day_cards, lift_day_fault) are now written by the
-- job's function, in statements after its lift_hour upsert, instead of by statement triggers on lift_hour (V40, V42).
-- Same rows, same transaction. Why: on TimescaleDB (2.28) a statement's own AFTER triggers do not see the rows it
-- inserted into a compressed chunk, so once lift_hour is compressed (V55) a late hour's day was left as it was.
-- The next statement sees them. The bulk refresh (V44) already wrote its days this way.

DROP TRIGGER lift_hour_days ON lift_hour;
DROP TRIGGER lift_hour_days_update ON lift_hour;
DROP TRIGGER lift_hour_day_details ON lift_hour;
DROP TRIGGER lift_hour_day_details_update ON lift_hour;
DROP FUNCTION lift_day_refresh();
DROP FUNCTION lift_day_details_refresh();

-- Recomputes the days (China Standard Time) of the given lift-hours: lift_day from all the day's hours, rides per
-- household and faults by code from the day's raw rows, upserted; a card or fault row is rewritten only when its
-- count changed (lift_hour rows are never deleted, and runs and faults neither, so a day's rows only grow).
CREATE FUNCTION rollup_refresh_days(lifts text[], hours timestamptz[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO lift_day AS x (lift_id, day, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                               counter_samples, counter_resets, faults_raised, online_seconds)
    SELECT d.lift_id, d.day, sum(h.runs), sum(h.counter_runs), sum(h.run_seconds), sum(h.door_cycles),
           sum(h.rope_bends), sum(h.energy_kwh), sum(h.counter_samples), sum(h.counter_resets),
           sum(h.faults_raised), sum(h.online_seconds)
    FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day
          FROM unnest(lifts, hours) AS u(lift_id, hour)) d
    JOIN lift_hour h ON h.lift_id = d.lift_id AND h.hour >= rollup_day_start(d.day)
                    AND h.hour < rollup_day_start(d.day + 1)
    GROUP BY d.lift_id, d.day
    ORDER BY 1, 2
    ON CONFLICT (lift_id, day) DO UPDATE SET
        (runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh, counter_samples, counter_resets,
         faults_raised, online_seconds) =
        (excluded.runs, excluded.counter_runs, excluded.run_seconds, excluded.door_cycles, excluded.rope_bends,
         excluded.energy_kwh, excluded.counter_samples, excluded.counter_resets, excluded.faults_raised,
         excluded.online_seconds);

    INSERT INTO lift_day_cards (lift_id, day, cards, runs)
    SELECT d.lift_id, d.day, r.cards, count(*)
    FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day
          FROM unnest(lifts, hours) AS u(lift_id, hour)) d
    JOIN run r ON r.lift_id = d.lift_id AND r.ts >= rollup_day_start(d.day) AND r.ts < rollup_day_start(d.day + 1)
    WHERE cardinality(r.cards) > 0
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (lift_id, day, cards) DO UPDATE SET runs = excluded.runs
        WHERE lift_day_cards.runs <> excluded.runs;

    INSERT INTO lift_day_fault (lift_id, day, code, raised)
    SELECT d.lift_id, d.day, f.code, count(*)
    FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day
          FROM unnest(lifts, hours) AS u(lift_id, hour)) d
    JOIN fault f ON f.lift_id = d.lift_id AND f.ts >= rollup_day_start(d.day) AND f.ts < rollup_day_start(d.day + 1)
                AND f.raised
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (lift_id, day, code) DO UPDATE SET raised = excluded.raised
        WHERE lift_day_fault.raised <> excluded.raised;
$$;
REVOKE ALL ON FUNCTION rollup_refresh_days(text[], timestamptz[]) FROM PUBLIC;

-- The job of V47, which now writes the days of its hours itself.
CREATE OR REPLACE FUNCTION liftwatch_refresh_rollups(max_hours integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    held text[] := '{}';
    skipped text[] := '{}';
    fresh text[];
    taken text[];
    lifts text[];
    hours timestamptz[];
BEGIN
    LOOP
        SELECT array_agg(lift_id) INTO fresh
        FROM (SELECT DISTINCT lift_id
              FROM (SELECT lift_id FROM rollup_pending WHERE lift_id NOT IN (SELECT unnest(skipped))
                    ORDER BY hour, lift_id LIMIT max_hours) w
              EXCEPT SELECT unnest(held)) x;
        EXIT WHEN fresh IS NULL;
        taken := rollup_lock_lifts(fresh, false);
        held := held || taken;
        EXIT WHEN cardinality(taken) = cardinality(fresh);
        skipped := skipped || ARRAY(SELECT unnest(fresh) EXCEPT SELECT unnest(taken));
    END LOOP;

    SELECT array_agg(lift_id), array_agg(hour) INTO lifts, hours
    FROM (SELECT lift_id, hour FROM rollup_pending WHERE lift_id IN (SELECT unnest(held))
          ORDER BY hour, lift_id LIMIT max_hours FOR UPDATE SKIP LOCKED) due;
    IF lifts IS NULL THEN
        RETURN 0;
    END IF;

    INSERT INTO lift_hour AS h (lift_id, hour, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                                counter_samples, counter_resets, faults_raised)
    SELECT d.lift_id, d.hour, r.runs, c.counter_runs, c.run_seconds, c.door_cycles, c.rope_bends, c.energy_kwh,
           c.samples, c.resets, f.raised
    FROM unnest(lifts, hours) AS d(lift_id, hour)
    CROSS JOIN LATERAL (SELECT count(*) AS runs FROM run
                        WHERE run.lift_id = d.lift_id AND run.ts >= d.hour AND run.ts < d.hour + interval '1 hour') r
    CROSS JOIN LATERAL (SELECT coalesce(sum(d_runs), 0) AS counter_runs, coalesce(sum(d_run_seconds), 0) AS run_seconds,
                               coalesce(sum(d_door_cycles), 0) AS door_cycles, coalesce(sum(d_rope_bends), 0) AS rope_bends,
                               coalesce(sum(d_energy_kwh), 0) AS energy_kwh, count(*) AS samples,
                               count(*) FILTER (WHERE reset) AS resets
                        FROM counter_sample s
                        WHERE s.lift_id = d.lift_id AND s.ts >= d.hour AND s.ts < d.hour + interval '1 hour') c
    CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE raised) AS raised FROM fault
                        WHERE fault.lift_id = d.lift_id AND fault.ts >= d.hour AND fault.ts < d.hour + interval '1 hour') f
    ON CONFLICT (lift_id, hour) DO UPDATE SET
        (runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh, counter_samples, counter_resets,
         faults_raised) =
        (excluded.runs, excluded.counter_runs, excluded.run_seconds, excluded.door_cycles, excluded.rope_bends,
         excluded.energy_kwh, excluded.counter_samples, excluded.counter_resets, excluded.faults_raised);
    PERFORM rollup_refresh_days(lifts, hours);

    DELETE FROM lift_hour_fault x USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE x.lift_id = d.lift_id AND x.hour = d.hour;
    INSERT INTO lift_hour_fault (lift_id, hour, code, raised)
    SELECT d.lift_id, d.hour, f.code, count(*)
    FROM unnest(lifts, hours) AS d(lift_id, hour)
    JOIN fault f ON f.lift_id = d.lift_id AND f.ts >= d.hour AND f.ts < d.hour + interval '1 hour' AND f.raised
    GROUP BY d.lift_id, d.hour, f.code;

    DELETE FROM rollup_pending p USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE p.lift_id = d.lift_id AND p.hour = d.hour;
    RETURN cardinality(lifts);
END
$$;
