-- Hourly per-lift rollups, kept by LiftWatch: reports, grid supervision, charts and ride summaries read
-- these instead of raw rows. Hours are UTC hours (date_bin), which are also local hours in every zone
-- with a whole-hour offset (Asia/Shanghai), so local days and months are sums of whole hours.
--
-- Keeping them: a statement that writes run, counter_sample or fault marks the (lift, hour) pairs it
-- touched in rollup_pending (statement triggers below, so every writer is covered: ingest, a late
-- delta recompute, a COPY backfill). Ingest's rollup job calls liftwatch_refresh_rollups(), which
-- recomputes exactly the marked hours from raw rows (one hour's rows of one lift each: bounded, whatever
-- the history) and clears their marks. A rollup is therefore behind raw rows by at most the job's period.
CREATE TABLE lift_hour (
    lift_id         text COLLATE "C" NOT NULL,
    hour            timestamptz    NOT NULL,
    runs            bigint         NOT NULL, -- run reports that ended in the hour
    counter_runs    bigint         NOT NULL, -- the counters' own increase: d_runs, d_run_seconds, …
    run_seconds     bigint         NOT NULL,
    door_cycles     bigint         NOT NULL,
    rope_bends      bigint         NOT NULL,
    energy_kwh      numeric(14, 3) NOT NULL,
    counter_samples bigint         NOT NULL,
    counter_resets  bigint         NOT NULL,
    faults_raised   bigint         NOT NULL,
    PRIMARY KEY (lift_id, hour)
);

-- Raised faults per type and hour.
CREATE TABLE lift_hour_fault (
    lift_id text COLLATE "C" NOT NULL,
    hour    timestamptz NOT NULL,
    code    text        NOT NULL,
    raised  bigint      NOT NULL,
    PRIMARY KEY (lift_id, hour, code)
);

-- Runs per set of cards presented, per hour: rides per household are counted from these as from raw
-- runs (a household rides once per run whatever number of its cards were presented).
CREATE TABLE lift_hour_cards (
    lift_id text COLLATE "C" NOT NULL,
    hour    timestamptz NOT NULL,
    cards   text[]      NOT NULL,
    runs    bigint      NOT NULL,
    PRIMARY KEY (lift_id, hour, cards)
);

CREATE TABLE rollup_pending (
    lift_id   text COLLATE "C" NOT NULL,
    hour      timestamptz NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lift_id, hour)
);

-- Daily figures in China Standard Time, for Grafana and ad-hoc reading.
CREATE VIEW lift_day AS
SELECT lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(runs) AS runs,
       sum(counter_runs) AS counter_runs, sum(run_seconds) AS run_seconds, sum(door_cycles) AS door_cycles,
       sum(rope_bends) AS rope_bends, sum(energy_kwh) AS energy_kwh, sum(faults_raised) AS faults_raised
FROM lift_hour GROUP BY lift_id, (hour AT TIME ZONE 'Asia/Shanghai')::date;

-- Marks what a statement wrote. DO UPDATE, not DO NOTHING: a mark the refresh holds is waited for and
-- then made again, so rows committed after the refresh read its hour are never left out.
-- A restore (deploy/restore.sh sets liftwatch.restoring) brings the marks and rollups with the dump.
CREATE FUNCTION rollup_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('liftwatch.restoring', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO rollup_pending (lift_id, hour)
    SELECT DISTINCT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM changed
    ORDER BY 1, 2
    ON CONFLICT (lift_id, hour) DO UPDATE SET marked_at = excluded.marked_at;
    RETURN NULL;
END
$$;
-- TimescaleDB hypertables take no transition tables: there a row trigger marks the same pairs.
CREATE FUNCTION rollup_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('liftwatch.restoring', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO rollup_pending (lift_id, hour)
    VALUES (NEW.lift_id, date_bin('1 hour', NEW.ts, timestamptz '2000-01-01 00:00:00+00'))
    ON CONFLICT (lift_id, hour) DO UPDATE SET marked_at = excluded.marked_at;
    RETURN NULL;
END
$$;

-- Installs the marking triggers on the tables rollups read, by statement on plain tables, by row on
-- hypertables; liftwatch_timescale() calls it again after converting a table.
CREATE FUNCTION rollup_install_triggers() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
    hyper boolean;
BEGIN
    FOREACH t IN ARRAY ARRAY['run', 'fault', 'counter_sample'] LOOP
        hyper := false;
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
            EXECUTE 'SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables'
                    ' WHERE hypertable_schema = current_schema() AND hypertable_name = $1)' INTO hyper USING t;
        END IF;
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_rollup', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_rollup_update', t);
        IF hyper THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %I FOR EACH ROW'
                           ' EXECUTE FUNCTION rollup_mark_row()', t || '_rollup', t);
        ELSE
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark()', t || '_rollup', t);
            EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark()', t || '_rollup_update', t);
        END IF;
    END LOOP;
END
$$;
SELECT rollup_install_triggers();

-- Recomputes up to max_hours marked lift-hours (oldest first; marks another refresh holds are skipped)
-- and returns how many it did. Runs in the caller's transaction.
CREATE FUNCTION liftwatch_refresh_rollups(max_hours integer) RETURNS integer LANGUAGE plpgsql AS $$
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

    DELETE FROM lift_hour_cards x USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE x.lift_id = d.lift_id AND x.hour = d.hour;
    INSERT INTO lift_hour_cards (lift_id, hour, cards, runs)
    SELECT d.lift_id, d.hour, r.cards, count(*)
    FROM unnest(lifts, hours) AS d(lift_id, hour)
    JOIN run r ON r.lift_id = d.lift_id AND r.ts >= d.hour AND r.ts < d.hour + interval '1 hour'
    GROUP BY d.lift_id, d.hour, r.cards;

    DELETE FROM rollup_pending p USING unnest(lifts, hours) AS d(lift_id, hour)
    WHERE p.lift_id = d.lift_id AND p.hour = d.hour;
    RETURN cardinality(lifts);
END
$$;
REVOKE ALL ON FUNCTION liftwatch_refresh_rollups(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION liftwatch_refresh_rollups(integer) TO liftwatch_ingest;

-- History written before this migration.
INSERT INTO rollup_pending (lift_id, hour)
SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM run
UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM counter_sample
UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM fault;
