-- status_sample in fewer bytes: its three word columns (mode, direction, power) become one-byte codes, and its
-- columns are ordered widest first, so no byte of a row is alignment padding. Measured on the history benchmark's
-- rows (deploy/CAPACITY.md) the heap row fell from 117 to 101 bytes; the key and its index are unchanged.
--
-- The words and their codes are in status_word; ingest writes codes through status_code(), and status_history
-- shows the rows with their words, as status_sample did (for Grafana and ad-hoc reading).
CREATE TABLE status_word (
    kind text   NOT NULL, -- mode, direction or power
    code "char" NOT NULL,
    word text   NOT NULL,
    PRIMARY KEY (kind, code),
    UNIQUE (kind, word)
);
INSERT INTO status_word (kind, code, word) VALUES
    ('mode', 'o', 'out_of_service'), ('mode', 'n', 'normal'), ('mode', 'i', 'inspection'),
    ('mode', 'r', 'fire_return'), ('mode', 'f', 'firefighter'), ('mode', 'e', 'emergency_power'),
    ('mode', 'q', 'earthquake'), ('mode', 'u', 'unknown'),
    ('direction', 'n', 'none'), ('direction', 'u', 'up'), ('direction', 'd', 'down'),
    ('power', 'm', 'mains'), ('power', 'f', 'failure'), ('power', 'b', 'battery');

-- The code of a word; null for a word it does not know, which status_sample's NOT NULL then refuses.
CREATE FUNCTION status_code(kind text, word text) RETURNS "char" LANGUAGE sql STABLE AS $$
    SELECT w.code FROM status_word w WHERE w.kind = status_code.kind AND w.word = status_code.word
$$;

-- Where TimescaleDB made status_sample a hypertable, the new table is made one again below.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        EXECUTE 'SELECT set_config(''liftwatch.status_hypertable'', EXISTS (SELECT 1 FROM timescaledb_information.hypertables'
                ' WHERE hypertable_schema = current_schema() AND hypertable_name = ''status_sample'')::text, true)';
    END IF;
END
$$;

CREATE TABLE status_sample_compact (
    ts          timestamptz NOT NULL,
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    speed_ms    real,
    load_pct    smallint,
    moving      boolean     NOT NULL,
    door_zone   boolean     NOT NULL,
    door_locked boolean     NOT NULL,
    passenger   boolean     NOT NULL,
    up_limit    boolean     NOT NULL,
    down_limit  boolean     NOT NULL,
    mode        "char"      NOT NULL, -- status_word codes
    direction   "char"      NOT NULL,
    power       "char"      NOT NULL,
    lift_id     text COLLATE "C" NOT NULL,
    floor       text        NOT NULL
);
INSERT INTO status_sample_compact (ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked,
                                   passenger, up_limit, down_limit, mode, direction, power, lift_id, floor)
SELECT ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked, passenger, up_limit, down_limit,
       status_code('mode', mode), status_code('direction', direction), status_code('power', power), lift_id, floor
FROM status_sample ORDER BY lift_id, ts, boot, seq;
DROP TABLE status_sample;
ALTER TABLE status_sample_compact RENAME TO status_sample;
ALTER TABLE status_sample ADD CONSTRAINT status_sample_pkey PRIMARY KEY (lift_id, ts, boot, seq);

CREATE VIEW status_history AS
SELECT s.lift_id, s.ts, s.boot, s.seq, s.received_at, m.word AS mode, s.moving, d.word AS direction, s.floor,
       s.door_zone, s.door_locked, s.passenger, p.word AS power, s.up_limit, s.down_limit, s.load_pct, s.speed_ms
FROM status_sample s
JOIN status_word m ON m.kind = 'mode' AND m.code = s.mode
JOIN status_word d ON d.kind = 'direction' AND d.code = s.direction
JOIN status_word p ON p.kind = 'power' AND p.code = s.power;

SELECT liftwatch_timescale('${compressAfter}', '${statusRetention}', '${telemetryRetention}')
WHERE current_setting('liftwatch.status_hypertable', true) = 'true';
