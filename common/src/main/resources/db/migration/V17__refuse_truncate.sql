-- TRUNCATE fires no row triggers, so the immutability of V10 and V13 had a hole: one statement emptied
-- statements, fund entries or the audit chain. A statement-level trigger closes it for every table whose
-- rows already refuse change (the service roles are not granted TRUNCATE either; see R__grants.sql).
CREATE TRIGGER statement_no_truncate BEFORE TRUNCATE ON statement
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER statement_line_no_truncate BEFORE TRUNCATE ON statement_line
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER fund_entry_no_truncate BEFORE TRUNCATE ON fund_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER inspection_no_truncate BEFORE TRUNCATE ON inspection
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER maintenance_contract_no_truncate BEFORE TRUNCATE ON maintenance_contract
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER maintenance_visit_no_truncate BEFORE TRUNCATE ON maintenance_visit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER emergency_drill_no_truncate BEFORE TRUNCATE ON emergency_drill
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
