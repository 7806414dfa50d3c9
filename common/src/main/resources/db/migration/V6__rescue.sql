-- The rescue clock of each entrapment: raised → acknowledged → technician arrived → passengers
-- released. Written by the alerts service only. Deadlines run from raised_at: acknowledgement within
-- the escalation time, arrival within the legal limit (30 minutes in a city with districts).
CREATE TABLE rescue (
    alarm_id            bigint PRIMARY KEY REFERENCES alarm (id),
    lift_id             text COLLATE "C" NOT NULL,
    raised_at           timestamptz NOT NULL,
    acknowledged_at     timestamptz,
    escalated_at        timestamptz,
    arrived_at          timestamptz,
    arrived_by          text,
    released_at         timestamptz,
    arrival_breached_at timestamptz
);
CREATE INDEX rescue_open_idx ON rescue (lift_id) WHERE released_at IS NULL;
CREATE INDEX rescue_raised_idx ON rescue (raised_at);

ALTER TABLE alarm_event DROP CONSTRAINT alarm_event_kind_check;
ALTER TABLE alarm_event ADD CONSTRAINT alarm_event_kind_check
    CHECK (kind IN ('raised', 'repeated', 'acknowledged', 'cleared', 'suppressed', 'refused', 'escalated', 'arrived'));
ALTER TABLE alarm_command DROP CONSTRAINT alarm_command_action_check;
ALTER TABLE alarm_command ADD CONSTRAINT alarm_command_action_check CHECK (action IN ('acknowledge', 'clear', 'arrived'));
