-- Alarms: written by the alerts service only.
-- At most one open (not cleared) alarm per lift and type; a repeat raises its count and last_seen.
CREATE TABLE alarm (
    id              bigserial PRIMARY KEY,
    lift_id         text COLLATE "C" NOT NULL,
    type            text        NOT NULL,
    severity        text        NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
    status          text        NOT NULL CHECK (status IN ('raised', 'acknowledged', 'cleared')),
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    count           integer     NOT NULL CHECK (count > 0),
    acknowledged_at timestamptz,
    acknowledged_by text,
    cleared_at      timestamptz,
    cleared_by      text,
    clear_reason    text
);
CREATE UNIQUE INDEX alarm_open_idx ON alarm (lift_id, type) WHERE status <> 'cleared';
CREATE INDEX alarm_lift_idx ON alarm (lift_id, first_seen DESC);
CREATE INDEX alarm_open_severity_idx ON alarm (severity, first_seen) WHERE status <> 'cleared';

-- Every transition of every alarm, never updated. The message that caused it is recorded, so a
-- redelivered message is recognised and changes nothing. A suppressed alarm has no alarm row.
CREATE TABLE alarm_event (
    id          bigserial PRIMARY KEY,
    alarm_id    bigint REFERENCES alarm (id),
    lift_id     text COLLATE "C" NOT NULL,
    type        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('raised', 'repeated', 'acknowledged', 'cleared', 'suppressed')),
    at          timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    detail      text,
    source_boot bigint,
    source_seq  bigint
);
CREATE INDEX alarm_event_alarm_idx ON alarm_event (alarm_id, id);
CREATE INDEX alarm_event_source_idx ON alarm_event (lift_id, source_boot, source_seq);
