-- Status changes, not heartbeats; online time from presence spans.
--
-- A status heartbeat that repeats the lift's previous status adds no status_sample row: ingest compares it
-- with the lift's latest status (lift_state, which now holds every status field) and only moves the latest
-- status key, last_seen_at and the count of repeats (status_repeats). So status_sample holds the changes,
-- and a lift's status at any instant is the latest row before it.
--
-- Online time: a presence span runs from a message the lift sent to the last one it sent before falling
-- silent for longer than the silence limit (ingest's PRESENCE_GAP, three missed heartbeats as the alerts'
-- offline rule) or before its Last Will (conn, online false). The span in progress is kept in lift_state
-- (presence_since .. presence_until, presence_open); ingest writes a lift_presence row when a span ends.
-- Times are arrival times (received_at): when LiftWatch heard the lift.
ALTER TABLE lift_state
    ADD COLUMN up_limit       boolean,
    ADD COLUMN down_limit     boolean,
    ADD COLUMN speed_ms       real,
    ADD COLUMN status_repeats bigint NOT NULL DEFAULT 0,
    ADD COLUMN first_seen_at  timestamptz,
    ADD COLUMN presence_since timestamptz,
    ADD COLUMN presence_until timestamptz,
    ADD COLUMN presence_open  boolean NOT NULL DEFAULT false;

CREATE TABLE lift_presence (
    lift_id text COLLATE "C" NOT NULL,
    since   timestamptz NOT NULL,
    until   timestamptz NOT NULL,
    PRIMARY KEY (lift_id, since)
);

-- Spans of the history already stored: gaps-and-islands over every arrival, a Last Will ending its span.
CREATE TEMPORARY TABLE presence_backfill ON COMMIT DROP AS
WITH heard AS (
    SELECT lift_id, received_at AS t, false AS will FROM status_sample
    UNION ALL SELECT lift_id, received_at, NOT online FROM connection_event
    UNION ALL SELECT lift_id, received_at, false FROM run
    UNION ALL SELECT lift_id, received_at, false FROM counter_sample
    UNION ALL SELECT lift_id, received_at, false FROM fault
    UNION ALL SELECT lift_id, received_at, false FROM lift_event
), ordered AS (
    SELECT lift_id, t, will, lag(t) OVER w AS previous_t, lag(will) OVER w AS previous_will,
           lead(will) OVER w AS next_will
    FROM heard WINDOW w AS (PARTITION BY lift_id ORDER BY t, will)
), starts AS (
    SELECT lift_id, t, next_will,
           CASE WHEN previous_t IS NULL OR previous_will OR t - previous_t > interval '180 seconds' THEN 1 ELSE 0 END
               AS starts
    FROM ordered WHERE NOT will
), islands AS (
    SELECT lift_id, t, next_will, sum(starts) OVER (PARTITION BY lift_id ORDER BY t ROWS UNBOUNDED PRECEDING) AS island
    FROM starts
)
SELECT lift_id, island, min(t) AS since, max(t) AS until,
       bool_or(coalesce(next_will, false)) AS closed_by_will,
       island = max(island) OVER (PARTITION BY lift_id) AS last
FROM islands GROUP BY lift_id, island;

INSERT INTO lift_presence (lift_id, since, until)
SELECT lift_id, since, until FROM presence_backfill WHERE NOT last OR closed_by_will;

UPDATE lift_state s SET presence_since = b.since, presence_until = b.until, presence_open = NOT b.closed_by_will
FROM presence_backfill b WHERE b.lift_id = s.lift_id AND b.last;

UPDATE lift_state s SET first_seen_at = f.first
FROM (SELECT lift_id, min(since) AS first FROM presence_backfill GROUP BY lift_id) f WHERE f.lift_id = s.lift_id;
