-- Declared maintenance windows: while one is open, a lift going offline or out of normal service is
-- expected, so those alarms are suppressed (and the suppression recorded). Written by the API only.
CREATE TABLE maintenance_window (
    id         bigserial PRIMARY KEY,
    lift_id    text COLLATE "C" NOT NULL REFERENCES lift (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    declared_by text       NOT NULL,
    reason     text        NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_window_lift_idx ON maintenance_window (lift_id, starts_at, ends_at);
