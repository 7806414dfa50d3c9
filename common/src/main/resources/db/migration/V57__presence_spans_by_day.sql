-- Presence spans are stored a day at a time in China Standard Time: ingest ends a span's part at midnight
-- and goes on from there, so an ended part marks at most a day's hours for the rollups. Spans in progress
-- that began on an earlier day are cut here once, a part per day, so that ingest's first message after
-- the upgrade does not write (and mark) months of a lift's hours inside its transaction.
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
