-- Telemetry: one typed table per message kind. Written by ingest only.
-- Every row is keyed by (lift, device time, boot, seq): a redelivered or re-sent message is the same
-- row, so writes are idempotent. The device time is part of the key because a TimescaleDB hypertable's
-- unique keys must contain its time column; received_at is kept beside it as the fact of arrival.

CREATE TABLE status_sample (
    lift_id     text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL,
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    mode        text        NOT NULL,
    moving      boolean     NOT NULL,
    direction   text        NOT NULL,
    floor       text        NOT NULL,
    door_zone   boolean     NOT NULL,
    door_locked boolean     NOT NULL,
    passenger   boolean     NOT NULL,
    power       text        NOT NULL,
    up_limit    boolean     NOT NULL,
    down_limit  boolean     NOT NULL,
    load_pct    smallint,
    speed_ms    real,
    PRIMARY KEY (lift_id, ts, boot, seq)
);

CREATE TABLE run (
    lift_id     text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL, -- when the run ended
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    started_at  timestamptz NOT NULL,
    from_floor  text        NOT NULL,
    to_floor    text        NOT NULL,
    cards       text[]      NOT NULL DEFAULT '{}',
    PRIMARY KEY (lift_id, ts, boot, seq)
);

-- Cumulative counters as reported, and the increase since the previous sample in device order.
-- A drop (controller replaced or reset) starts a new baseline: the delta is 0, never negative.
CREATE TABLE counter_sample (
    lift_id         text COLLATE "C" NOT NULL,
    ts              timestamptz    NOT NULL,
    boot            bigint         NOT NULL,
    seq             bigint         NOT NULL,
    received_at     timestamptz    NOT NULL,
    runs            bigint         NOT NULL,
    run_seconds     bigint         NOT NULL,
    door_cycles     bigint         NOT NULL,
    rope_bends      bigint         NOT NULL,
    energy_kwh      numeric(14, 3) NOT NULL,
    d_runs          bigint         NOT NULL DEFAULT 0,
    d_run_seconds   bigint         NOT NULL DEFAULT 0,
    d_door_cycles   bigint         NOT NULL DEFAULT 0,
    d_rope_bends    bigint         NOT NULL DEFAULT 0,
    d_energy_kwh    numeric(14, 3) NOT NULL DEFAULT 0,
    reset           boolean        NOT NULL DEFAULT false,
    PRIMARY KEY (lift_id, ts, boot, seq)
);
-- Finds a sample's neighbours in device order when deltas are computed.
CREATE INDEX counter_sample_order_idx ON counter_sample (lift_id, boot, seq);

CREATE TABLE fault (
    lift_id     text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL,
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    code        text        NOT NULL,
    gbt_code    integer,
    raised      boolean     NOT NULL,
    floor       text,
    detail      text,
    PRIMARY KEY (lift_id, ts, boot, seq)
);

CREATE TABLE lift_event (
    lift_id     text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL,
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    type        text        NOT NULL,
    gbt_code    integer     NOT NULL,
    floor       text,
    detail      text,
    PRIMARY KEY (lift_id, ts, boot, seq)
);

CREATE TABLE connection_event (
    lift_id     text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL,
    boot        bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    online      boolean     NOT NULL,
    firmware    text,
    PRIMARY KEY (lift_id, ts, boot, seq)
);

-- The newest known state of each lift. Each part moves only forward in (boot, seq) order, so a late
-- message never overwrites a newer one.
CREATE TABLE lift_state (
    lift_id        text COLLATE "C" PRIMARY KEY,
    status_boot    bigint,
    status_seq     bigint,
    status_ts      timestamptz,
    mode           text,
    moving         boolean,
    direction      text,
    floor          text,
    door_zone      boolean,
    door_locked    boolean,
    passenger      boolean,
    power          text,
    load_pct       smallint,
    conn_boot      bigint,
    conn_seq       bigint,
    conn_ts        timestamptz,
    online         boolean,
    firmware       text,
    last_seen_at   timestamptz,
    clock_skew_ms  bigint
) WITH (fillfactor = 50); -- every message rewrites its lift's row: room on the page keeps updates HOT

-- Messages refused by ingest, kept for operators with the reason and the raw bytes.
CREATE TABLE dead_letter (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    topic        text        NOT NULL,
    lift_id      text,
    reason       text        NOT NULL,
    detail       text        NOT NULL,
    payload      bytea       NOT NULL,
    payload_size integer     NOT NULL
);
CREATE INDEX dead_letter_received_idx ON dead_letter (received_at DESC);
CREATE INDEX dead_letter_lift_idx ON dead_letter (lift_id, received_at DESC);
