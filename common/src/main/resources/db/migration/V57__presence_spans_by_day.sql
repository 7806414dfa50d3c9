-- Presence spans are stored a day at a time in China Standard Time: ingest ends a span's part at midnight
-- and goes on from there, so an ended part marks at most a day's hours for the rollups. Spans in progress
-- that began on an earlier day are cut here once, a part per day, so that ingest's first message after
-- the upgrade does not write (and mark) months of a lift's hours inside its transaction.
-- Ingest instances still running the previous version may be writing during a rolling upgrade: holding
-- lift_state, which ingest locks first in every batch, makes the cut see spans that no batch is changing.
LOCK TABLE lift_state IN EXCLUSIVE MODE;

CREATE TEMPORARY TABLE presence_cut ON COMMIT DROP AS
SELECT lift_id, presence_since AS since,
       rollup_day_start((presence_until AT TIME ZONE 'Asia/Shanghai')::date) AS midnight
FROM lift_state
WHERE presence_open AND presence_since < rollup_day_start((presence_until AT TIME ZONE 'Asia/Shanghai')::date);

INSERT INTO lift_presence (lift_id, since, until)
SELECT c.lift_id, greatest(c.since, rollup_day_start(d::date)), least(c.midnight, rollup_day_start(d::date + 1))
FROM presence_cut c
CROSS JOIN LATERAL generate_series((c.since AT TIME ZONE 'Asia/Shanghai')::date,
                                   (c.midnight AT TIME ZONE 'Asia/Shanghai')::date - 1, interval '1 day') AS d
ORDER BY 1, 2
ON CONFLICT (lift_id, since) DO UPDATE SET until = GREATEST(lift_presence.until, excluded.until);

UPDATE lift_state s SET presence_since = c.midnight FROM presence_cut c WHERE c.lift_id = s.lift_id;

-- Seconds of [from_ts, to_ts) covered by a lift's ended spans, read raw (V40), now reading only the spans that
-- can overlap: a lift's spans never overlap one another, so those overlapping the period start at or after the
-- last one that starts by from_ts. Without that bound every span of the lift before to_ts was read, and a day
-- at a time makes that a row per day of the lift's history for every lift-hour the rollup job writes.
CREATE OR REPLACE FUNCTION presence_seconds(lift text, from_ts timestamptz, to_ts timestamptz) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(extract(epoch FROM least(p.until, to_ts) - greatest(p.since, from_ts))), 0)::numeric(12, 3)
    FROM lift_presence p
    WHERE p.lift_id = lift AND p.since < to_ts AND p.until > from_ts
      AND p.since >= coalesce((SELECT max(q.since) FROM lift_presence q WHERE q.lift_id = lift AND q.since <= from_ts),
                              '-infinity')
$$;
