-- Daily rides per household and daily faults by type, kept as lift_day is (V40), and readers that take whole
-- clean days from them.
--
-- lift_day_cards: runs per lift, day in China Standard Time and set of cards presented (runs with cards only:
-- a run without a card makes no ride). It replaces lift_hour_cards, which kept the same per hour: a stairwell's
-- year read one row per hour and card set, and the hourly rows were a tenth of the stored bytes. The parts of a
-- period that are not whole clean days are read from raw runs: at most two partial days, and days with a
-- pending hour.
-- lift_day_fault: raised faults per lift, day and fault code, beside lift_hour_fault.
--
-- Both are recomputed from the day's raw rows by statement triggers on lift_hour, beside the one that recomputes
-- lift_day, whenever the rollup job writes one of the day's hours, in the same transaction. Runs and faults are never deleted, so a day's
-- card sets and codes only grow, and an upsert cannot lose one a concurrent refresh wrote. A day is stale
-- exactly when one of its hours is pending (rollup_pending), so readers use its rows only when none is.
-- A day is recomputed whenever one of its hours is (every job period for a lift in use): rows that did not
-- change are not rewritten, or every recompute would leave a dead copy of the whole day behind.
CREATE TABLE lift_day_cards (
    lift_id text COLLATE "C" NOT NULL,
    day     date    NOT NULL,
    runs    integer NOT NULL,
    cards   text[]  NOT NULL,
    PRIMARY KEY (lift_id, day, cards)
);

CREATE TABLE lift_day_fault (
    lift_id text COLLATE "C" NOT NULL,
    day     date    NOT NULL,
    raised  integer NOT NULL,
    code    text    NOT NULL,
    PRIMARY KEY (lift_id, day, code)
);

-- Beside lift_day_refresh (V40), on the same statements of the rollup job.
CREATE FUNCTION lift_day_details_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('liftwatch.restoring', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO lift_day_cards (lift_id, day, cards, runs)
        SELECT d.lift_id, d.day, r.cards, count(*)
        FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day FROM changed) d
        JOIN run r ON r.lift_id = d.lift_id AND r.ts >= rollup_day_start(d.day) AND r.ts < rollup_day_start(d.day + 1)
        WHERE cardinality(r.cards) > 0
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (lift_id, day, cards) DO UPDATE SET runs = excluded.runs
            WHERE lift_day_cards.runs <> excluded.runs;

        INSERT INTO lift_day_fault (lift_id, day, code, raised)
        SELECT d.lift_id, d.day, f.code, count(*)
        FROM (SELECT DISTINCT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day FROM changed) d
        JOIN fault f ON f.lift_id = d.lift_id AND f.ts >= rollup_day_start(d.day) AND f.ts < rollup_day_start(d.day + 1)
                    AND f.raised
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (lift_id, day, code) DO UPDATE SET raised = excluded.raised
            WHERE lift_day_fault.raised <> excluded.raised;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER lift_hour_day_details AFTER INSERT ON lift_hour REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION lift_day_details_refresh();
CREATE TRIGGER lift_hour_day_details_update AFTER UPDATE ON lift_hour REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION lift_day_details_refresh();

-- The job as in V32, without the hourly card sets.
CREATE OR REPLACE FUNCTION liftwatch_refresh_rollups(max_hours integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    lifts text[];
    hours timestamptz[];
BEGIN
    SELECT array_agg(lift_id), array_agg(hour) INTO lifts, hours
    FROM (SELECT lift_id, hour FROM rollup_pending ORDER BY hour, lift_id LIMIT max_hours
          FOR UPDATE SKIP LOCKED) due;
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

-- Days of the hours already rolled up (a day with a pending hour is read raw until it is recomputed).
INSERT INTO lift_day_cards (lift_id, day, cards, runs)
SELECT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date, cards, sum(runs)
FROM lift_hour_cards WHERE cardinality(cards) > 0 GROUP BY 1, 2, 3;
INSERT INTO lift_day_fault (lift_id, day, code, raised)
SELECT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date, code, sum(raised) FROM lift_hour_fault GROUP BY 1, 2, 3;

DROP FUNCTION lift_run_cards(text, timestamptz, timestamptz);
DROP TABLE lift_hour_cards;

-- The whole days of China Standard Time in [from_ts, to_ts): [first_day, end_day), as instants
-- [day_from, day_to). Without a whole day, first_day = end_day and both instants are the first midnight after
-- from_ts, which may lie after to_ts: readers take [from_ts, least(day_from, to_ts)) and
-- [greatest(day_to, from_ts), to_ts) as the parts outside the whole days.
CREATE FUNCTION rollup_days(from_ts timestamptz, to_ts timestamptz, OUT first_day date, OUT end_day date,
                            OUT day_from timestamptz, OUT day_to timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT f, greatest(f, e), rollup_day_start(f), rollup_day_start(greatest(f, e))
    FROM (SELECT ((from_ts AT TIME ZONE 'Asia/Shanghai') + interval '1 day' - interval '1 microsecond')::date AS f,
                 (to_ts AT TIME ZONE 'Asia/Shanghai')::date AS e) x
$$;

-- The parts of [from_ts, to_ts) a per-lift reader takes from each source, split as V40's lift_online_seconds
-- splits it: 'days', the whole days [first_day, end_day), of which the 'dirty' ones (a pending hour) are not
-- to be read from a daily table; 'hours', whole hours outside the clean days, [a, b), to be read from an hourly
-- table except the 'pending' hours [a, b) among them; 'raw', the partial first and last hours [a, b). So the
-- clean days, 'hours' and 'raw' cover the period once, and a reader with no hourly table reads 'hours' raw.
CREATE FUNCTION rollup_parts(lift text, from_ts timestamptz, to_ts timestamptz)
RETURNS TABLE (part text, first_day date, end_day date, a timestamptz, b timestamptz)
LANGUAGE sql STABLE AS $$
    WITH s AS (SELECT * FROM rollup_span(from_ts, to_ts)),
    d AS (SELECT x.* FROM s, rollup_days(s.whole_from, s.whole_to) x),
    pending AS (
        SELECT p.hour FROM rollup_pending p, s WHERE p.lift_id = lift AND p.hour >= s.whole_from AND p.hour < s.whole_to
    ),
    dirty AS (
        SELECT DISTINCT (p.hour AT TIME ZONE 'Asia/Shanghai')::date AS day FROM pending p, d
        WHERE p.hour >= d.day_from AND p.hour < d.day_to
    )
    SELECT 'days', d.first_day, d.end_day, NULL::timestamptz, NULL::timestamptz FROM d
    UNION ALL SELECT 'dirty', dirty.day, dirty.day + 1, NULL, NULL FROM dirty
    UNION ALL SELECT 'hours', NULL, NULL, s.whole_from, least(d.day_from, s.whole_to) FROM s, d
    UNION ALL SELECT 'hours', NULL, NULL, greatest(d.day_to, s.whole_from), s.whole_to FROM s, d
    UNION ALL SELECT 'hours', NULL, NULL, rollup_day_start(dirty.day), rollup_day_start(dirty.day + 1) FROM dirty
    UNION ALL SELECT 'pending', NULL, NULL, p.hour, p.hour + interval '1 hour' FROM pending p
    UNION ALL SELECT 'raw', NULL, NULL, from_ts, s.whole_from FROM s
    UNION ALL SELECT 'raw', NULL, NULL, s.whole_to, to_ts FROM s
$$;

-- A lift's runs with cards in [from_ts, to_ts), per day in the given zone and set of cards: what ride
-- summaries count (a card is valid for a range of dates). In China Standard Time (zone 'Asia/Shanghai', the
-- rollups' days) clean whole days come from lift_day_cards and the rest from raw runs; in another zone every
-- run is read raw, since its days are not the rollups'. A day and set may come in more than one row: callers
-- sum them.
CREATE FUNCTION lift_run_cards(lift text, from_ts timestamptz, to_ts timestamptz, zone text)
RETURNS TABLE (day date, cards text[], runs bigint)
LANGUAGE sql STABLE AS $$
    WITH parts AS (
        SELECT * FROM rollup_parts(lift, from_ts, to_ts) WHERE zone = 'Asia/Shanghai'
        UNION ALL
        SELECT 'raw', NULL, NULL, from_ts, to_ts WHERE zone IS DISTINCT FROM 'Asia/Shanghai'
    )
    SELECT x.day, x.cards, x.runs::bigint
    FROM parts p JOIN lift_day_cards x ON x.lift_id = lift AND x.day >= p.first_day AND x.day < p.end_day
    WHERE p.part = 'days' AND NOT EXISTS (SELECT 1 FROM parts q WHERE q.part = 'dirty' AND q.first_day = x.day)
    UNION ALL
    SELECT (r.ts AT TIME ZONE zone)::date, r.cards, count(*)
    FROM parts p JOIN run r ON r.lift_id = lift AND r.ts >= p.a AND r.ts < p.b
    WHERE p.part IN ('hours', 'raw') AND cardinality(r.cards) > 0
    GROUP BY 1, 2
$$;

-- A lift's counter deltas in [from_ts, to_ts) summed per day in China Standard Time: a month chart in one call,
-- reading lift_day for its clean whole days (it called lift_counter_totals once per day, each planning the raw
-- tables again: thirty times the compressed chunks on TimescaleDB). Days without a sample have no row.
CREATE FUNCTION lift_counter_days(lift text, from_ts timestamptz, to_ts timestamptz)
RETURNS TABLE (day date, runs numeric, run_seconds numeric, door_cycles numeric, rope_bends numeric,
               energy_kwh numeric, resets bigint, samples bigint)
LANGUAGE sql STABLE AS $$
    WITH parts AS (SELECT * FROM rollup_parts(lift, from_ts, to_ts)), sums AS (
        SELECT x.day AS k, x.counter_runs::numeric AS r, x.run_seconds::numeric AS rs, x.door_cycles::numeric AS dc,
               x.rope_bends::numeric AS rb, x.energy_kwh AS e, x.counter_resets AS z, x.counter_samples AS n
        FROM parts p JOIN lift_day x ON x.lift_id = lift AND x.day >= p.first_day AND x.day < p.end_day
        WHERE p.part = 'days' AND NOT EXISTS (SELECT 1 FROM parts q WHERE q.part = 'dirty' AND q.first_day = x.day)
        UNION ALL
        SELECT (h.hour AT TIME ZONE 'Asia/Shanghai')::date, h.counter_runs, h.run_seconds, h.door_cycles, h.rope_bends,
               h.energy_kwh, h.counter_resets, h.counter_samples
        FROM parts p JOIN lift_hour h ON h.lift_id = lift AND h.hour >= p.a AND h.hour < p.b
        WHERE p.part = 'hours' AND NOT EXISTS (SELECT 1 FROM parts q WHERE q.part = 'pending' AND q.a = h.hour)
        UNION ALL
        SELECT (c.ts AT TIME ZONE 'Asia/Shanghai')::date, c.d_runs, c.d_run_seconds, c.d_door_cycles, c.d_rope_bends,
               c.d_energy_kwh, CASE WHEN c.reset THEN 1 ELSE 0 END, 1
        FROM parts p JOIN counter_sample c ON c.lift_id = lift AND c.ts >= p.a AND c.ts < p.b
        WHERE p.part IN ('pending', 'raw')
    )
    SELECT k, sum(r), sum(rs), sum(dc), sum(rb), sum(e), sum(z)::bigint, sum(n)::bigint FROM sums
    GROUP BY k HAVING sum(n) > 0 ORDER BY k
$$;

-- Sums of a lift's counter deltas in [from_ts, to_ts), as before (V33), now by way of the days.
CREATE OR REPLACE FUNCTION lift_counter_totals(lift text, from_ts timestamptz, to_ts timestamptz,
                                               OUT runs numeric, OUT run_seconds numeric, OUT door_cycles numeric,
                                               OUT rope_bends numeric, OUT energy_kwh numeric, OUT resets bigint,
                                               OUT samples bigint)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(x.runs), 0), coalesce(sum(x.run_seconds), 0), coalesce(sum(x.door_cycles), 0),
           coalesce(sum(x.rope_bends), 0), coalesce(sum(x.energy_kwh), 0), coalesce(sum(x.resets), 0)::bigint,
           coalesce(sum(x.samples), 0)::bigint
    FROM lift_counter_days(lift, from_ts, to_ts) x
$$;

-- A lift's raised faults in [from_ts, to_ts) by fault code: clean whole days from lift_day_fault, other whole
-- hours from lift_hour_fault, the rest raw.
CREATE FUNCTION lift_fault_counts(lift text, from_ts timestamptz, to_ts timestamptz)
RETURNS TABLE (code text, raised bigint)
LANGUAGE sql STABLE AS $$
    WITH parts AS (SELECT * FROM rollup_parts(lift, from_ts, to_ts)), counts AS (
        SELECT x.code AS k, x.raised AS n
        FROM parts p JOIN lift_day_fault x ON x.lift_id = lift AND x.day >= p.first_day AND x.day < p.end_day
        WHERE p.part = 'days' AND NOT EXISTS (SELECT 1 FROM parts q WHERE q.part = 'dirty' AND q.first_day = x.day)
        UNION ALL
        SELECT h.code, h.raised
        FROM parts p JOIN lift_hour_fault h ON h.lift_id = lift AND h.hour >= p.a AND h.hour < p.b
        WHERE p.part = 'hours' AND NOT EXISTS (SELECT 1 FROM parts q WHERE q.part = 'pending' AND q.a = h.hour)
        UNION ALL
        SELECT f.code, 1
        FROM parts p JOIN fault f ON f.lift_id = lift AND f.ts >= p.a AND f.ts < p.b AND f.raised
        WHERE p.part IN ('pending', 'raw')
    )
    SELECT k, sum(n)::bigint FROM counts GROUP BY k ORDER BY k
$$;

CREATE OR REPLACE FUNCTION lift_faults_raised(lift text, from_ts timestamptz, to_ts timestamptz) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(x.raised), 0)::bigint FROM lift_fault_counts(lift, from_ts, to_ts) x
$$;
