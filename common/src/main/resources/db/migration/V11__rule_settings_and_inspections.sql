-- Alarm rule thresholds per lift model and per lift, over the service's defaults: only the keys given
-- are overridden (see RuleSettings). Written by the API; alerts rereads them periodically.
CREATE TABLE rule_setting (
    scope      text  NOT NULL CHECK (scope IN ('model', 'lift')),
    target     text  NOT NULL,
    settings   jsonb NOT NULL,
    updated_by text  NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, target)
);

-- Periodic inspections (定期检验) by the inspection body: the certificate and when the next is due.
-- Append-only: a mistaken record is corrected by a new one that names it.
CREATE TABLE inspection (
    id           bigserial PRIMARY KEY,
    lift_id      text COLLATE "C" NOT NULL REFERENCES lift (id),
    inspected_on date NOT NULL,
    body         text NOT NULL,
    result       text NOT NULL CHECK (result IN ('pass', 'pass_after_rectification', 'fail')),
    certificate  text,
    next_due     date NOT NULL,
    corrects     bigint REFERENCES inspection (id),
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (next_due > inspected_on)
);
CREATE INDEX inspection_lift_idx ON inspection (lift_id, inspected_on DESC, id DESC);

CREATE TRIGGER inspection_immutable BEFORE UPDATE OR DELETE ON inspection
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
