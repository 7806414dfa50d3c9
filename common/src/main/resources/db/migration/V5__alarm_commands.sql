-- What people ask of an alarm through the API: acknowledge it, or clear it with a reason. Written by
-- the API only; the alerts service applies each in order with the lifts' messages and records the
-- outcome as an alarm event that names the command (so the API can tell when, and whether, it applied).
CREATE TABLE alarm_command (
    id           bigserial PRIMARY KEY,
    alarm_id     bigint      NOT NULL REFERENCES alarm (id),
    action       text        NOT NULL CHECK (action IN ('acknowledge', 'clear')),
    actor        text        NOT NULL,
    reason       text,
    requested_at timestamptz NOT NULL DEFAULT now(),
    CHECK (action <> 'clear' OR reason IS NOT NULL)
);

ALTER TABLE alarm_event ADD COLUMN command_id bigint REFERENCES alarm_command (id);
ALTER TABLE alarm_event DROP CONSTRAINT alarm_event_kind_check;
ALTER TABLE alarm_event ADD CONSTRAINT alarm_event_kind_check
    CHECK (kind IN ('raised', 'repeated', 'acknowledged', 'cleared', 'suppressed', 'refused'));
CREATE UNIQUE INDEX alarm_event_command_idx ON alarm_event (command_id) WHERE command_id IS NOT NULL;
