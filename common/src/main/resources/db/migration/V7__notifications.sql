-- Outbound notifications of alarm events (webhooks, MQTT republish): an outbox written in the same
-- transaction as the event, delivered with retries, and kept as the delivery log. Alerts only.
CREATE TABLE notification (
    id              bigserial PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES alarm_event (id),
    channel         text        NOT NULL CHECK (channel IN ('webhook', 'mqtt')),
    target          text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX notification_event_idx ON notification (event_id);
