-- A lift's closed day of status rows as one row of per-column arrays, on plain PostgreSQL.
--
-- Most of a status_sample row is its overhead and its key (the lift's code, ts, boot and seq, in the heap and
-- again in the primary key). Packed, a lift-day's rows are one status_day row whose arrays PostgreSQL compresses
-- (TOAST), with one key for the day. ingest's packing job (liftwatch_pack_status, StatusPackJob) moves the rows of
-- each closed day there; status_sample keeps the open days and late rows until the next pass merges them. This is
-- what TimescaleDB's compression does to status_sample's chunks, so where status_sample is a hypertable the job
-- does nothing. Days are days in China Standard Time, as lift_day's (rollup_day_start, V40).
--
-- status_history shows raw and packed rows alike; status_rows(lift, from, to) reads a lift's period touching only
-- the packed days the period covers.
CREATE TABLE status_day (
    -- The arrays hold the day's rows in (ts, boot, seq) order, one element per row, no two with the same key.
    -- Columns aligned to 8 bytes first, then 4, so no byte of a row is alignment padding.
    ts          timestamptz[] NOT NULL,
    boot        bigint[]      NOT NULL,
    seq         bigint[]      NOT NULL,
    received_at timestamptz[] NOT NULL,
    speed_ms    real[]        NOT NULL, -- elements may be null, as status_sample's column
    load_pct    smallint[]    NOT NULL,
    moving      boolean[]     NOT NULL,
    door_zone   boolean[]     NOT NULL,
    door_locked boolean[]     NOT NULL,
    passenger   boolean[]     NOT NULL,
    up_limit    boolean[]     NOT NULL,
    down_limit  boolean[]     NOT NULL,
    mode        "char"[]      NOT NULL, -- status_word codes
    direction   "char"[]      NOT NULL,
    power       "char"[]      NOT NULL,
    floor       text[]        NOT NULL,
    day         date          NOT NULL,
    lift_id     text COLLATE "C" NOT NULL,
    PRIMARY KEY (lift_id, day)
);

-- Every status row with its words and the day it belongs to; status_history without the day, status_rows bounded.
CREATE VIEW status_history_by_day AS
SELECT s.lift_id, s.day, s.ts, s.boot, s.seq, s.received_at, m.word AS mode, s.moving, d.word AS direction, s.floor,
       s.door_zone, s.door_locked, s.passenger, p.word AS power, s.up_limit, s.down_limit, s.load_pct, s.speed_ms
FROM (SELECT lift_id, (ts AT TIME ZONE 'Asia/Shanghai')::date AS day, ts, boot, seq, received_at, speed_ms, load_pct,
             moving, door_zone, door_locked, passenger, up_limit, down_limit, mode, direction, power, floor
      FROM status_sample
      UNION ALL
      SELECT x.lift_id, x.day, u.*
      FROM status_day x
      CROSS JOIN LATERAL unnest(x.ts, x.boot, x.seq, x.received_at, x.speed_ms, x.load_pct, x.moving, x.door_zone,
                                x.door_locked, x.passenger, x.up_limit, x.down_limit, x.mode, x.direction, x.power,
                                x.floor)
          AS u(ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked, passenger, up_limit,
               down_limit, mode, direction, power, floor)) s
JOIN status_word m ON m.kind = 'mode' AND m.code = s.mode
JOIN status_word d ON d.kind = 'direction' AND d.code = s.direction
JOIN status_word p ON p.kind = 'power' AND p.code = s.power;

CREATE OR REPLACE VIEW status_history AS
SELECT lift_id, ts, boot, seq, received_at, mode, moving, direction, floor, door_zone, door_locked, passenger, power,
       up_limit, down_limit, load_pct, speed_ms
FROM status_history_by_day;

-- A lift's status rows in [from_ts, to_ts), raw and packed. Inlined into the caller's query (one SELECT, STABLE),
-- so the lift and the days become index conditions: a day's read touches one packed row, whatever the days kept.
CREATE FUNCTION status_rows(lift text, from_ts timestamptz, to_ts timestamptz)
RETURNS TABLE (lift_id text, ts timestamptz, boot bigint, seq bigint, received_at timestamptz, mode text,
               moving boolean, direction text, floor text, door_zone boolean, door_locked boolean, passenger boolean,
               power text, up_limit boolean, down_limit boolean, load_pct smallint, speed_ms real)
LANGUAGE sql STABLE AS $$
    SELECT h.lift_id, h.ts, h.boot, h.seq, h.received_at, h.mode, h.moving, h.direction, h.floor, h.door_zone,
           h.door_locked, h.passenger, h.power, h.up_limit, h.down_limit, h.load_pct, h.speed_ms
    FROM status_history_by_day h
    WHERE h.lift_id = lift AND h.ts >= from_ts AND h.ts < to_ts
      AND h.day >= (from_ts AT TIME ZONE 'Asia/Shanghai')::date
      AND h.day <= ((to_ts - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Packs up to max_days closed lift-days, days with status_sample rows that ended at least `margin` ago, each merged
-- into that lift-day's status_day row (a late row, or a day packed before), duplicates of a key dropped (the row
-- stored first is kept, as status_sample's key keeps it), in key order; the moved rows are deleted. Returns the
-- lift-days packed: 0 once none is due that another call does not hold.
--
-- Any number of callers may run at once: each holds a transaction-level advisory lock for the lifts it packs
-- (slot hashtext(lift) & 1023 in key space 33, beside the rollups' 32) and skips lifts another holds. The rows
-- moved are those the DELETE removes, so a row ingest commits meanwhile stays in status_sample for the next pass;
-- a redelivered row of a packed day lands there too and is dropped as a duplicate then.
CREATE FUNCTION liftwatch_pack_status(margin interval, max_days integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    hypertable boolean := false;
    closed_before timestamptz := rollup_day_start(((now() - margin) AT TIME ZONE 'Asia/Shanghai')::date);
    due record;
    lifts text[] := '{}';
    days date[] := '{}';
    packed integer;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'status is packed in READ COMMITTED transactions, not %',
            current_setting('transaction_isolation');
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables'
                ' WHERE hypertable_schema = current_schema() AND hypertable_name = ''status_sample'')' INTO hypertable;
        IF hypertable THEN
            RETURN 0;
        END IF;
    END IF;

    -- The due lift-days, oldest of each lift first, by loose scans of the primary key: one probe per lift, and one
    -- per lift-day, whatever the rows.
    FOR due IN
        WITH RECURSIVE seen AS (
            SELECT min(s.lift_id) AS id FROM status_sample s
            UNION ALL
            SELECT (SELECT min(s.lift_id) FROM status_sample s WHERE s.lift_id > seen.id) FROM seen WHERE seen.id IS NOT NULL
        ), due_day AS (
            SELECT seen.id, (o.ts AT TIME ZONE 'Asia/Shanghai')::date AS day
            FROM seen CROSS JOIN LATERAL (SELECT min(s.ts) AS ts FROM status_sample s WHERE s.lift_id = seen.id) o
            WHERE seen.id IS NOT NULL AND o.ts < closed_before
            UNION ALL
            SELECT due_day.id, (n.ts AT TIME ZONE 'Asia/Shanghai')::date
            FROM due_day CROSS JOIN LATERAL (SELECT min(s.ts) AS ts FROM status_sample s
                                            WHERE s.lift_id = due_day.id AND s.ts >= rollup_day_start(due_day.day + 1)) n
            WHERE n.ts < closed_before
        )
        SELECT id, day FROM due_day
    LOOP
        EXIT WHEN cardinality(lifts) >= max_days;
        IF pg_try_advisory_xact_lock(33, hashtext(due.id) & 1023) THEN
            lifts := lifts || due.id;
            days := days || due.day;
        END IF;
    END LOOP;
    IF cardinality(lifts) = 0 THEN
        RETURN 0;
    END IF;

    -- A new statement, so a new snapshot: it sees what a packer that held one of these lifts before committed.
    WITH moved AS (
        DELETE FROM status_sample s USING unnest(lifts, days) AS d(lift_id, day)
        WHERE s.lift_id = d.lift_id AND s.ts >= rollup_day_start(d.day) AND s.ts < rollup_day_start(d.day + 1)
        RETURNING s.lift_id, d.day, s.ts, s.boot, s.seq, s.received_at, s.speed_ms, s.load_pct, s.moving, s.door_zone,
                  s.door_locked, s.passenger, s.up_limit, s.down_limit, s.mode, s.direction, s.power, s.floor
    ), merged AS (
        SELECT false AS late, x.lift_id, x.day, u.*
        FROM status_day x JOIN (SELECT DISTINCT lift_id, day FROM moved) d ON x.lift_id = d.lift_id AND x.day = d.day
        CROSS JOIN LATERAL unnest(x.ts, x.boot, x.seq, x.received_at, x.speed_ms, x.load_pct, x.moving, x.door_zone,
                                  x.door_locked, x.passenger, x.up_limit, x.down_limit, x.mode, x.direction, x.power,
                                  x.floor)
            AS u(ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked, passenger, up_limit,
                 down_limit, mode, direction, power, floor)
        UNION ALL
        SELECT true, moved.* FROM moved
    ), kept AS (
        SELECT DISTINCT ON (lift_id, day, ts, boot, seq) * FROM merged ORDER BY lift_id, day, ts, boot, seq, late
    )
    INSERT INTO status_day AS x (lift_id, day, ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone,
                                 door_locked, passenger, up_limit, down_limit, mode, direction, power, floor)
    SELECT lift_id, day, array_agg(ts ORDER BY ts, boot, seq), array_agg(boot ORDER BY ts, boot, seq),
           array_agg(seq ORDER BY ts, boot, seq), array_agg(received_at ORDER BY ts, boot, seq),
           array_agg(speed_ms ORDER BY ts, boot, seq), array_agg(load_pct ORDER BY ts, boot, seq),
           array_agg(moving ORDER BY ts, boot, seq), array_agg(door_zone ORDER BY ts, boot, seq),
           array_agg(door_locked ORDER BY ts, boot, seq), array_agg(passenger ORDER BY ts, boot, seq),
           array_agg(up_limit ORDER BY ts, boot, seq), array_agg(down_limit ORDER BY ts, boot, seq),
           array_agg(mode ORDER BY ts, boot, seq), array_agg(direction ORDER BY ts, boot, seq),
           array_agg(power ORDER BY ts, boot, seq), array_agg(floor ORDER BY ts, boot, seq)
    FROM kept GROUP BY lift_id, day
    ON CONFLICT (lift_id, day) DO UPDATE SET
        (ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked, passenger, up_limit,
         down_limit, mode, direction, power, floor) =
        (excluded.ts, excluded.boot, excluded.seq, excluded.received_at, excluded.speed_ms, excluded.load_pct,
         excluded.moving, excluded.door_zone, excluded.door_locked, excluded.passenger, excluded.up_limit,
         excluded.down_limit, excluded.mode, excluded.direction, excluded.power, excluded.floor);
    GET DIAGNOSTICS packed = ROW_COUNT;
    RETURN packed;
END
$$;
