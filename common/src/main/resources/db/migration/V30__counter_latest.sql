-- The newest counter sample of each lift in device order, kept by ingest beside counter_sample. A new
-- sample's predecessor is almost always this row, so the delta of an in-order sample never searches the
-- history; only a late sample searches, and then within a time bound (IngestSql.INSERT_COUNTERS).
-- With years of partitions or hypertable chunks, a counter batch then costs the same as on day one.
CREATE TABLE counter_latest (
    lift_id     text COLLATE "C" PRIMARY KEY,
    ts          timestamptz    NOT NULL,
    boot        bigint         NOT NULL,
    seq         bigint         NOT NULL,
    runs        bigint         NOT NULL,
    run_seconds bigint         NOT NULL,
    door_cycles bigint         NOT NULL,
    rope_bends  bigint         NOT NULL,
    energy_kwh  numeric(14, 3) NOT NULL
) WITH (fillfactor = 50); -- rewritten by every counter batch: room on the page keeps updates HOT

INSERT INTO counter_latest (lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh)
SELECT DISTINCT ON (lift_id) lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh
FROM counter_sample
ORDER BY lift_id, boot DESC, seq DESC;
