-- Refreshes of the rollups exclude each other per lift.
--
-- A refresh's lift_hour writes recompute the lift's whole day (lift_day, lift_day_cards, lift_day_fault; V40, V42)
-- under the refresh's snapshot. Two refreshes holding different hours of one lift-day (two ingest instances, or
-- the job beside liftwatch_refresh_rollups_bulk) each computed the day without the other's uncommitted hour, and
-- whichever committed last could leave the day wrong with none of its hours pending, so readers took it as clean.
-- Now a refresh holds a transaction-level advisory lock for each lift it recomputes, taken before it reads a mark:
-- the second refresh of a lift starts once the first has committed, and its statements (each with a new snapshot,
-- in READ COMMITTED) read the first one's hours. The job skips lifts another refresh holds (their marks wait for a
-- later run) and never waits; the bulk refresh waits for them.
--
-- The locks are slots, hashtext(lift) & 1023, in key space 32 of the two-int form: apart from ingest's per-lift
-- locks and the audit chain's (one bigint key). A slot stands for about one lift in a thousand more than its own,
-- which costs those a later run, and keeps the locks all refreshes hold at once to at most 1,024 entries of the
-- shared lock table: one per lift, a transaction of 5,000 hours could take 5,000 (the default settings,
-- max_locks_per_transaction 64 with 100 connections, ran out at 14,000).
--
-- Marks are still held FOR UPDATE from the moment they are read until commit, so a trigger that marks one of them
-- again waits for the refresh (V32: DO UPDATE, not DO NOTHING).

CREATE FUNCTION rollup_lift_slot(lift text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT hashtext(lift) & 1023
$$;

-- Takes the slots of the given lifts for the transaction, in slot order (two callers that wait cannot deadlock);
-- without wait, only the free ones. Returns the lifts whose slots the transaction now holds. Refuses isolation
-- levels other than READ COMMITTED, whose snapshot may be older than the lock.
CREATE FUNCTION rollup_lock_lifts(lifts text[], wait boolean) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    slot integer;
    held integer[] := '{}';
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'rollups are refreshed in READ COMMITTED transactions, not %',
            current_setting('transaction_isolation');
    END IF;
    FOR slot IN SELECT DISTINCT rollup_lift_slot(l) FROM unnest(lifts) AS x(l) ORDER BY 1 LOOP
        IF wait THEN
            PERFORM pg_advisory_xact_lock(32, slot);
            held := held || slot;
        ELSIF pg_try_advisory_xact_lock(32, slot) THEN
            held := held || slot;
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT l FROM unnest(lifts) AS x(l) WHERE rollup_lift_slot(l) = ANY (held));
END
$$;

-- The job as in V42, on the lifts it holds. The window of the oldest max_hours marks leaves out the lifts another
-- refresh holds and is filled again from later marks until every lift in it is held, so a call returns fewer than
-- max_hours only when the marks it may take are done: the job's loop (RollupJob) stops when the rest belongs to
-- other refreshes, and does not stop early because of them.
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

-- The bulk refresh of V44, unchanged, behind the lifts' locks: it waits for a refresh that holds one of them.
-- rollup_refresh_bulk_held keeps V44's grants; it is to be called only with the lifts' slots held.
ALTER FUNCTION liftwatch_refresh_rollups_bulk(text[]) RENAME TO rollup_refresh_bulk_held;
CREATE FUNCTION liftwatch_refresh_rollups_bulk(lift_ids text[]) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_lock_lifts(lift_ids, true);
    RETURN rollup_refresh_bulk_held(lift_ids);
END
$$;
