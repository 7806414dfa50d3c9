-- Who recorded each money record: the signed-in account (the API's stand-in where access control is off).
-- Rows recorded before this was kept have none.
ALTER TABLE fund_entry ADD COLUMN recorded_by text;
ALTER TABLE cost_item ADD COLUMN recorded_by text;
ALTER TABLE statement ADD COLUMN recorded_by text;
ALTER TABLE billing_scheme ADD COLUMN recorded_by text;

-- A scheme recorded again for the same day replaces the one before; the replaced version is kept here, with
-- who had recorded it and who replaced it, so a meeting's decision is never lost by a later edit.
CREATE TABLE billing_scheme_replaced (
    stairwell_id      text   NOT NULL REFERENCES stairwell (id) ON DELETE CASCADE,
    effective_from    date   NOT NULL,
    scheme            jsonb  NOT NULL,
    exempt_households text[] NOT NULL,
    note              text,
    recorded_at       timestamptz NOT NULL,
    recorded_by       text,
    replaced_at       timestamptz NOT NULL DEFAULT now(),
    replaced_by       text
);
CREATE INDEX billing_scheme_replaced_idx ON billing_scheme_replaced (stairwell_id, effective_from);
CREATE FUNCTION keep_replaced_scheme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO billing_scheme_replaced (stairwell_id, effective_from, scheme, exempt_households, note, recorded_at,
                                         recorded_by, replaced_by)
    VALUES (OLD.stairwell_id, OLD.effective_from, OLD.scheme, OLD.exempt_households, OLD.note, OLD.recorded_at,
            OLD.recorded_by, NEW.recorded_by);
    RETURN NEW;
END $$;
CREATE TRIGGER billing_scheme_keep_replaced BEFORE UPDATE ON billing_scheme
    FOR EACH ROW EXECUTE FUNCTION keep_replaced_scheme();
CREATE TRIGGER billing_scheme_replaced_immutable BEFORE UPDATE OR DELETE ON billing_scheme_replaced
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER billing_scheme_replaced_no_truncate BEFORE TRUNCATE ON billing_scheme_replaced
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A money write sent with an Idempotency-Key: the first request's body and reply, so a repeat (a retried
-- payment form, a lost reply) answers the entry already booked instead of booking it again. Keys are the
-- client's, unique per stairwell; kept as long as the entries they answer.
CREATE TABLE idempotency_key (
    stairwell_id text NOT NULL REFERENCES stairwell (id),
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    route        text NOT NULL,
    request      jsonb NOT NULL,
    reply        jsonb NOT NULL,
    recorded_by  text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stairwell_id, key)
);
CREATE TRIGGER idempotency_key_immutable BEFORE UPDATE OR DELETE ON idempotency_key
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER idempotency_key_no_truncate BEFORE TRUNCATE ON idempotency_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
