-- A flat's party timeline rewritten over days already stated (`restate: true`): the timeline it replaced, why,
-- and who did it. The statements of those days named the old parties; this is where an auditor finds why the
-- corrected statements name others. Kept as written, like the statements themselves.
CREATE TABLE household_party_restatement (
    id           bigserial PRIMARY KEY,
    household_id text        NOT NULL, -- no reference: the record outlives the household
    replaced     jsonb       NOT NULL, -- [{party, contact, validFrom, validTo}] as it was
    reason       text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    restated_by  text,
    restated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX household_party_restatement_idx ON household_party_restatement (household_id, restated_at);
CREATE TRIGGER household_party_restatement_immutable BEFORE UPDATE OR DELETE ON household_party_restatement
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER household_party_restatement_no_truncate BEFORE TRUNCATE ON household_party_restatement
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
