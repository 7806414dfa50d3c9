-- Records regulators rely on (TSG T5002): maintenance contracts and visits, emergency drills, and, with
-- the inspections and rescues kept elsewhere, a hash chain per lift that proves none was altered.

-- Who maintains a lift, from when to when (and until when maintenance is free after installation).
CREATE TABLE maintenance_contract (
    id          bigserial PRIMARY KEY,
    lift_id     text COLLATE "C" NOT NULL REFERENCES lift (id),
    company_id  text NOT NULL REFERENCES organisation (id),
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    free_until  date,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on > starts_on)
);
CREATE INDEX maintenance_contract_lift_idx ON maintenance_contract (lift_id, ends_on DESC);

-- A maintenance visit as the company reports it, confirmed by the use unit's safety manager; the
-- inspection-mode period the lift itself reported during the visit is linked when the visit is recorded
-- (none found is a finding of its own: a visit claimed that the lift never saw).
CREATE TABLE maintenance_visit (
    id                   bigserial PRIMARY KEY,
    lift_id              text COLLATE "C" NOT NULL REFERENCES lift (id),
    tier                 text NOT NULL CHECK (tier IN ('half_monthly', 'quarterly', 'half_yearly', 'yearly')),
    started_at           timestamptz NOT NULL,
    ended_at             timestamptz NOT NULL,
    items                text[] NOT NULL,
    findings             text,
    technicians          text[] NOT NULL CHECK (cardinality(technicians) >= 1),
    confirmed_by         text,
    inspection_mode_from timestamptz,
    inspection_mode_to   timestamptz,
    corrects             bigint REFERENCES maintenance_visit (id),
    recorded_by          text NOT NULL,
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_at > started_at)
);
CREATE INDEX maintenance_visit_lift_idx ON maintenance_visit (lift_id, started_at DESC);

CREATE TABLE emergency_drill (
    id           bigserial PRIMARY KEY,
    lift_id      text COLLATE "C" NOT NULL REFERENCES lift (id),
    held_on      date NOT NULL,
    scenario     text NOT NULL,
    participants text[] NOT NULL,
    findings     text,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

-- Each lift's audit records in order, each carrying the hash of the one before: the record as it was
-- written (canonical JSON) and SHA-256(previous hash, record). Appended in the transaction that writes
-- the record, under a per-lift advisory lock, by the service that writes it (the API for visits and
-- inspections, alerts for rescues once released).
CREATE TABLE audit_chain (
    lift_id     text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('maintenance_visit', 'inspection', 'rescue')),
    record_id   bigint NOT NULL,
    record      text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    appended_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lift_id, seq),
    UNIQUE (kind, record_id)
);

ALTER TABLE rescue ADD COLUMN cause text;

CREATE TRIGGER maintenance_contract_immutable BEFORE UPDATE OR DELETE ON maintenance_contract
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER maintenance_visit_immutable BEFORE UPDATE OR DELETE ON maintenance_visit
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER emergency_drill_immutable BEFORE UPDATE OR DELETE ON emergency_drill
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_chain_immutable BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
