-- Online time in the rollups, and daily rollups kept as a table.
--
-- lift_hour.online_seconds: the part of the hour covered by the lift's ended presence spans (lift_presence,
-- V39). The span in progress (lift_state) is never rolled up: readers add it live, so online time is exact
-- up to the lift's last message whatever the job's progress.
--
-- lift_day replaces the view of the same name and columns (plus online_seconds): the sums of lift_hour per
-- day in China Standard Time, recomputed whenever the rollup job writes one of its hours, in the same
-- transaction. A day is stale exactly when one of its hours is pending (rollup_pending), so readers use a
-- day's row only when none of its hours is.
ALTER TABLE lift_hour ADD COLUMN online_seconds numeric(12, 3) NOT NULL DEFAULT 0;

DROP VIEW lift_day;
CREATE TABLE lift_day (
    lift_id         text COLLATE "C" NOT NULL,
    day             date           NOT NULL,
    -- the sums of lift_hour's columns of the same names over the day's hours
    runs bigint NOT NULL, counter_runs bigint NOT NULL, run_seconds bigint NOT NULL, door_cycles bigint NOT NULL,
    rope_bends bigint NOT NULL, energy_kwh numeric(14, 3) NOT NULL, counter_samples bigint NOT NULL,
    counter_resets bigint NOT NULL, faults_raised bigint NOT NULL, online_seconds numeric(12, 3) NOT NULL,
    PRIMARY KEY (lift_id, day)
);

-- The instant a day in China Standard Time starts.
CREATE FUNCTION rollup_day_start(d date) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT d::timestamp AT TIME ZONE 'Asia/Shanghai'
$$;

-- A presence span marks every hour it covers (a redelivered span that grows marks them again).
CREATE FUNCTION rollup_mark_presence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A restore (liftwatch.restoring) brings the marks with the dump.
    IF current_setting('liftwatch.restoring', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO rollup_pending (lift_id, hour)
        SELECT DISTINCT c.lift_id, h
        FROM changed c
        CROSS JOIN LATERAL generate_series(date_bin('1 hour', c.since, timestamptz '2000-01-01 00:00:00+00'),
                                           date_bin('1 hour', c.until, timestamptz '2000-01-01 00:00:00+00'),
                                           interval '1 hour') AS h
        ORDER BY 1, 2
        ON CONFLICT (lift_id, hour) DO UPDATE SET marked_at = excluded.marked_at;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER lift_presence_rollup AFTER INSERT ON lift_presence REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_presence();
CREATE TRIGGER lift_presence_rollup_update AFTER UPDATE ON lift_presence REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_presence();

-- Seconds of [from_ts, to_ts) covered by a lift's ended spans (lift_presence), read raw.
CREATE FUNCTION presence_seconds(lift text, from_ts timestamptz, to_ts timestamptz) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(extract(epoch FROM least(p.until, to_ts) - greatest(p.since, from_ts))), 0)::numeric(12, 3)
    FROM lift_presence p WHERE p.lift_id = lift AND p.since < to_ts AND p.until > from_ts
$$;

-- The rollup job (liftwatch_refresh_rollups, V32) upserts each recomputed lift-hour: a row trigger gives the
-- hour its online seconds from the ended spans, and a statement trigger recomputes the days of the hours
-- written from their hours, in the same transaction. A restore brings lift_hour and lift_day as dumped.
CREATE FUNCTION lift_hour_online() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('liftwatch.restoring', true) IS DISTINCT FROM 'on' THEN
        NEW.online_seconds := presence_seconds(NEW.lift_id, NEW.hour, NEW.hour + interval '1 hour');
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER lift_hour_online BEFORE INSERT OR UPDATE ON lift_hour FOR EACH ROW EXECUTE FUNCTION lift_hour_online();

-- lift_hour rows are upserted, never deleted, so a day recomputed from all its hours replaces its row.
CREATE FUNCTION lift_day_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('liftwatch.restoring', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO lift_day AS x (lift_id, day, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                                   counter_samples, counter_resets, faults_raised, online_seconds)
        SELECT d.lift_id, d.day, sum(h.runs), sum(h.counter_runs), sum(h.run_seconds), sum(h.door_cycles),
               sum(h.rope_bends), sum(h.energy_kwh), sum(h.counter_samples), sum(h.counter_resets),
               sum(h.faults_raised), sum(h.online_seconds)
        FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day FROM changed) d
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
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER lift_hour_days AFTER INSERT ON lift_hour REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION lift_day_refresh();
CREATE TRIGGER lift_hour_days_update AFTER UPDATE ON lift_hour REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION lift_day_refresh();

-- Online seconds of a lift in [from_ts, to_ts): whole days without a pending hour from lift_day, other whole
-- hours that are not pending from lift_hour, the partial first and last hours and the pending hours from
-- lift_presence, and the span in progress from lift_state. Equal to presence_seconds over the period plus
-- the span in progress, whether or not the job has caught up. Each part is one range of a primary key.
CREATE FUNCTION lift_online_seconds(lift text, from_ts timestamptz, to_ts timestamptz) RETURNS numeric
LANGUAGE sql STABLE AS $$
    WITH s AS (SELECT * FROM rollup_span(from_ts, to_ts)),
    -- The whole days inside the whole hours: [first_day, end_day), as instants [day_from, day_to).
    d AS (
        SELECT first_day, greatest(first_day, end_day) AS end_day, rollup_day_start(first_day) AS day_from,
               rollup_day_start(greatest(first_day, end_day)) AS day_to
        FROM (SELECT ((s.whole_from AT TIME ZONE 'Asia/Shanghai') + interval '1 day' - interval '1 microsecond')::date
                         AS first_day,
                     (s.whole_to AT TIME ZONE 'Asia/Shanghai')::date AS end_day FROM s) x
    ),
    -- Days with a pending hour: read by the hour.
    dirty AS (
        SELECT DISTINCT (p.hour AT TIME ZONE 'Asia/Shanghai')::date AS day
        FROM rollup_pending p, d WHERE p.lift_id = lift AND p.hour >= d.day_from AND p.hour < d.day_to
    ),
    -- Whole hours read from lift_hour: outside the whole days, and inside the dirty days.
    hour_ranges AS (
        SELECT s.whole_from AS a, least(d.day_from, s.whole_to) AS b FROM s, d
        UNION ALL SELECT greatest(d.day_to, s.whole_from), s.whole_to FROM s, d
        UNION ALL SELECT rollup_day_start(day), rollup_day_start(day + 1) FROM dirty
    )
    SELECT coalesce((SELECT sum(x.online_seconds) FROM lift_day x, d
                     WHERE x.lift_id = lift AND x.day >= d.first_day AND x.day < d.end_day
                       AND x.day NOT IN (SELECT day FROM dirty)), 0)
         + coalesce((SELECT sum(h.online_seconds) FROM hour_ranges r
                     JOIN lift_hour h ON h.lift_id = lift AND h.hour >= r.a AND h.hour < r.b
                     WHERE NOT EXISTS (SELECT 1 FROM rollup_pending p WHERE p.lift_id = lift AND p.hour = h.hour)), 0)
         + (SELECT presence_seconds(lift, from_ts, s.whole_from) + presence_seconds(lift, s.whole_to, to_ts) FROM s)
         + coalesce((SELECT sum(presence_seconds(lift, p.hour, p.hour + interval '1 hour')) FROM rollup_pending p, s
                     WHERE p.lift_id = lift AND p.hour >= s.whole_from AND p.hour < s.whole_to), 0)
         + coalesce((SELECT extract(epoch FROM least(st.presence_until, to_ts) - greatest(st.presence_since, from_ts))
                     FROM lift_state st
                     WHERE st.lift_id = lift AND st.presence_open AND st.presence_since < to_ts
                       AND st.presence_until > from_ts), 0)
$$;

-- When LiftWatch first heard the lift: period figures count from there.
CREATE FUNCTION lift_first_seen(lift text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT first_seen_at FROM lift_state WHERE lift_id = lift
$$;

-- Hours of the history already stored that the spans of V39 cover.
INSERT INTO rollup_pending (lift_id, hour)
SELECT DISTINCT p.lift_id, h FROM lift_presence p
CROSS JOIN LATERAL generate_series(date_bin('1 hour', p.since, timestamptz '2000-01-01 00:00:00+00'),
                                   date_bin('1 hour', p.until, timestamptz '2000-01-01 00:00:00+00'),
                                   interval '1 hour') AS h
ON CONFLICT (lift_id, hour) DO NOTHING;
-- Days of the hours already rolled up.
INSERT INTO lift_day (lift_id, day, runs, counter_runs, run_seconds, door_cycles, rope_bends, energy_kwh,
                      counter_samples, counter_resets, faults_raised, online_seconds)
SELECT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date, sum(runs), sum(counter_runs), sum(run_seconds),
       sum(door_cycles), sum(rope_bends), sum(energy_kwh), sum(counter_samples), sum(counter_resets),
       sum(faults_raised), sum(online_seconds)
FROM lift_hour GROUP BY 1, 2;
