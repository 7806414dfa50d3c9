-- The rollup job leaves the hour in progress until it has ended, instead of recomputing it at every run.
--
-- Ingest marks a lift's hour again whenever it writes one of the lift's runs, faults or counter readings, so the
-- job (every 30 s) recomputed the current hour of every lift in use at each of its runs, up to 120 times an hour,
-- each time but the last overtaken by the next batch. Readers do not need those refreshes: they read a pending
-- hour from its raw rows (V40, V42, GridSql), so their answers are the same either way. Now the job skips the
-- marks of the hour in progress by the database's clock: a lift's hour is recomputed after it ends, and again
-- when rows for it come later (late or redelivered messages, a presence span that ends later). Hours after the
-- one in progress (a lift whose clock runs ahead) are taken as before, so no mark waits longer than the hour in
-- progress lasts. The bulk refresh (V56) still takes every pending hour of its lifts. A direct reader of lift_hour
-- or lift_day (not through the readers) now sees an hour once it has ended and the job has run.

-- Whether the job takes a marked lift-hour now: any but the hour in progress. A simple SQL function, inlined where
-- it is used; whoever waits for the job to catch up (the ingest benchmark) asks the same.
CREATE FUNCTION rollup_hour_due(hour timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT hour <= now() - interval '1 hour' OR hour > now()
$$;

CREATE OR REPLACE FUNCTION liftwatch_refresh_rollups(max_hours integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    held text[] := '{}';
    skipped text[] := '{}';
    fresh text[];
    taken text[];
    lifts text[];
    hours timestamptz[];
    versions xid[];
BEGIN
    LOOP
        SELECT array_agg(lift_id) INTO fresh
        FROM (SELECT DISTINCT lift_id
              FROM (SELECT lift_id FROM rollup_pending WHERE rollup_hour_due(hour)
                      AND lift_id NOT IN (SELECT unnest(skipped))
                    ORDER BY hour, lift_id LIMIT max_hours) w
              EXCEPT SELECT unnest(held)) x;
        EXIT WHEN fresh IS NULL;
        taken := rollup_lock_lifts(fresh, false);
        held := held || taken;
        EXIT WHEN cardinality(taken) = cardinality(fresh);
        skipped := skipped || ARRAY(SELECT unnest(fresh) EXCEPT SELECT unnest(taken));
    END LOOP;

    SELECT array_agg(lift_id), array_agg(hour), array_agg(version) INTO lifts, hours, versions
    FROM (SELECT lift_id, hour, xmin AS version FROM rollup_pending
          WHERE rollup_hour_due(hour) AND lift_id IN (SELECT unnest(held))
          ORDER BY hour, lift_id LIMIT max_hours) due;
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

    -- Only the marks still at the version read that no batch holds: the job never waits for a batch, so a batch
    -- that waits for the job's commit (marking an hour whose mark this deleted) cannot deadlock with it.
    DELETE FROM rollup_pending WHERE ctid = ANY (ARRAY(
        SELECT p.ctid FROM rollup_pending p
        JOIN unnest(lifts, hours, versions) AS d(lift_id, hour, version)
          ON p.lift_id = d.lift_id AND p.hour = d.hour AND p.xmin = d.version
        FOR UPDATE OF p SKIP LOCKED));
    RETURN cardinality(lifts);
END
$$;
