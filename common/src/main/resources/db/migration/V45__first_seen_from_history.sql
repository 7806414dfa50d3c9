-- When LiftWatch first heard the lift: the earlier of lift_state.first_seen_at and its first connection event.
--
-- first_seen_at (V39) is kept by ingest from what it receives; history loaded beside ingest (a COPY of older
-- telemetry, as the demo seeds it) is earlier than anything ingest saw, and its connection events say so. Period
-- figures counted from the later of the two watched a lift with 60 days of history for minutes.
CREATE OR REPLACE FUNCTION lift_first_seen(lift text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT least((SELECT first_seen_at FROM lift_state WHERE lift_id = lift),
                 (SELECT min(received_at) FROM connection_event WHERE lift_id = lift))
$$;
