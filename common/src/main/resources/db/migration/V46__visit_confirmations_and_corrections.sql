-- The use unit's safety manager confirms a maintenance visit (TSG T5002) with a record of its own, once per
-- visit, written by the property manager's account and chained like the visit; the company that reports
-- the visit no longer writes the confirmation itself.
CREATE TABLE maintenance_visit_confirmation (
    id           bigserial PRIMARY KEY,
    visit_id     bigint NOT NULL UNIQUE REFERENCES maintenance_visit (id),
    lift_id      text COLLATE "C" NOT NULL REFERENCES lift (id),
    confirmed_by text NOT NULL,
    note         text,
    confirmed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER maintenance_visit_confirmation_immutable BEFORE UPDATE OR DELETE ON maintenance_visit_confirmation
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER maintenance_visit_confirmation_no_truncate BEFORE TRUNCATE ON maintenance_visit_confirmation
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

ALTER TABLE audit_chain DROP CONSTRAINT audit_chain_kind_check;
ALTER TABLE audit_chain ADD CONSTRAINT audit_chain_kind_check
    CHECK (kind IN ('maintenance_visit', 'inspection', 'rescue', 'visit_confirmation'));

-- A maintenance window ended early: when and by whom (the window's own end moves to that instant).
ALTER TABLE maintenance_window ADD COLUMN ended_early_by text;
ALTER TABLE maintenance_window ADD COLUMN ended_early_at timestamptz;

-- A mistaken payment, expense or income is undone by a reversal naming it, with the reason; a reversal of a
-- stairwell's expense or income names no household.
ALTER TABLE fund_entry DROP CONSTRAINT fund_entry_household_check;
ALTER TABLE fund_entry ADD CONSTRAINT fund_entry_household_check
    CHECK (kind = 'reversal' OR (kind IN ('charge', 'payment')) = (household_id IS NOT NULL));
