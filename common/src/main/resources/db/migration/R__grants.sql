-- Grants follow the one-writer map: each service's group role may do exactly what that service's SQL
-- does, and nothing else. No group may TRUNCATE, ALTER, own a table or disable a trigger (those need
-- ownership or a superuser), so the database's immutability cannot be switched off from a service.
-- Logins are per deployment and are members of these groups (`liftwatch db roles`, docs/audit-and-access.md).
--
-- Re-applied whenever this file changes: everything is revoked, then granted again, so the file is the
-- whole truth. A new table needs its lines here (DatabaseRolesTest fails for a table nobody may write).

-- The groups themselves are made before every migration (db/group_roles.sql, run by Schema.migrate): versioned
-- migrations grant to them too.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM liftwatch_ingest, liftwatch_alerts, liftwatch_api, liftwatch_reader;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM liftwatch_ingest, liftwatch_alerts, liftwatch_api, liftwatch_reader;
GRANT USAGE ON SCHEMA public TO liftwatch_ingest, liftwatch_alerts, liftwatch_api, liftwatch_reader;
-- Every service checks at start that the schema is current (Schema.requireCurrent).
GRANT SELECT ON flyway_schema_history TO liftwatch_ingest, liftwatch_alerts, liftwatch_api, liftwatch_reader;

-- ingest: the telemetry tables, and the registry's lifts to screen messages.
GRANT SELECT, INSERT ON status_sample, run, fault, lift_event, connection_event, dead_letter TO liftwatch_ingest;
-- Closed lift-days of status rows move into status_day (V53): merged into their day's row, deleted from status_sample.
GRANT DELETE ON status_sample TO liftwatch_ingest;
GRANT SELECT, INSERT, UPDATE ON status_day TO liftwatch_ingest;
REVOKE ALL ON FUNCTION liftwatch_pack_status(interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION liftwatch_pack_status(interval, integer) TO liftwatch_ingest;
-- The codes of status words (V43), which ingest writes in their place.
GRANT SELECT ON status_word TO liftwatch_ingest;
-- Presence spans that ended (V39); a redelivered span only lengthens its row.
GRANT SELECT, INSERT, UPDATE ON lift_presence TO liftwatch_ingest;
GRANT SELECT, INSERT, UPDATE ON counter_sample, counter_latest, lift_state TO liftwatch_ingest;
GRANT USAGE ON SEQUENCE dead_letter_id_seq TO liftwatch_ingest;
GRANT SELECT ON lift TO liftwatch_ingest;
-- The hourly rollups: marked by the telemetry tables' triggers, recomputed by ingest's rollup job.
GRANT SELECT, INSERT, UPDATE, DELETE ON lift_hour, lift_hour_fault, lift_day, rollup_pending TO liftwatch_ingest;
-- Daily card sets and fault codes (V42) only grow: upserted, never deleted.
GRANT SELECT, INSERT, UPDATE ON lift_day_cards, lift_day_fault TO liftwatch_ingest;
-- The bulk refresh as V47 makes it, and the per-lift locks the refreshes take (functions run by all by default).
-- The days of the job's hours (V54) are written under the job's locks only.
REVOKE ALL ON FUNCTION liftwatch_refresh_rollups_bulk(text[]), rollup_lock_lifts(text[], boolean),
    rollup_refresh_days(text[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION liftwatch_refresh_rollups_bulk(text[]), rollup_lock_lifts(text[], boolean),
    rollup_refresh_days(text[], timestamptz[]) TO liftwatch_ingest;

-- alerts: alarms, their events, rescues, the notification outbox and delivery log; the rescue links of
-- the audit chain. Reads what its rules need.
GRANT SELECT, INSERT, UPDATE ON alarm, rescue, notification, alarm_rule_state TO liftwatch_alerts;
GRANT SELECT, INSERT ON alarm_event, audit_chain TO liftwatch_alerts;
GRANT USAGE ON SEQUENCE alarm_id_seq, alarm_event_id_seq, notification_id_seq TO liftwatch_alerts;
GRANT SELECT ON stairwell, lift, counter_sample, lift_event, lift_state, alarm_command, maintenance_window,
    inspection, lift_rule_overrides TO liftwatch_alerts;

-- api: registry (grid_membership through the stairwell trigger), households and their parties, billing,
-- records and their audit links, accounts and tokens, commands to alerts, rule settings, device
-- credentials. Reads telemetry and alarms to answer queries.
GRANT SELECT, INSERT, UPDATE ON organisation, stairwell, household, card, grid_membership, billing_scheme,
    api_token, device_credential, account TO liftwatch_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON lift, rule_setting TO liftwatch_api;
GRANT SELECT, INSERT, DELETE ON household_party, cost_item TO liftwatch_api;
-- Live-stream tickets: issued, spent (used_at) and forgotten an hour after they expire.
GRANT SELECT, INSERT, UPDATE, DELETE ON stream_ticket TO liftwatch_api;
-- Console sign-in links: issued, spent (used_at) and forgotten once long expired.
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_link TO liftwatch_api;
GRANT DELETE ON device_credential TO liftwatch_api;
GRANT SELECT, INSERT ON statement, statement_line, statement_cost_part, fund_entry, inspection, maintenance_contract,
    maintenance_visit,
    emergency_drill, audit_chain, api_write, alarm_command, maintenance_window, maintenance_visit_confirmation,
    billing_scheme_replaced, idempotency_key, household_party_restatement
    TO liftwatch_api;
-- A maintenance window ended early: its end, and who ended it when; nothing else of it changes.
GRANT UPDATE (ends_at, ended_early_by, ended_early_at) ON maintenance_window TO liftwatch_api;
GRANT USAGE ON SEQUENCE cost_item_id_seq, statement_id_seq, fund_entry_id_seq, inspection_id_seq,
    maintenance_contract_id_seq, maintenance_visit_id_seq, emergency_drill_id_seq, api_token_id_seq,
    api_write_id_seq, alarm_command_id_seq, maintenance_window_id_seq, household_party_id_seq,
    maintenance_visit_confirmation_id_seq, household_party_restatement_id_seq TO liftwatch_api;
-- The rollups, and their pending marks: the readers (V33) read raw rows for hours not yet rolled up.
GRANT SELECT ON lift_hour, lift_hour_fault, lift_day, lift_day_cards, lift_day_fault, rollup_pending, lift_presence
    TO liftwatch_api;
GRANT SELECT ON run, counter_sample, fault, lift_event, lift_state, dead_letter, alarm, alarm_event, rescue,
    notification, lift_rule_overrides TO liftwatch_api;
-- When each lift was first heard: grid and report figures count a lift from then.
GRANT SELECT ON connection_event TO liftwatch_api;

-- reader (Grafana, reports): every table and view, except the secrets: password and token hashes.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
               AND c.relname NOT IN ('account', 'api_token', 'device_credential', 'stream_ticket', 'sign_in_link') LOOP
        EXECUTE format('GRANT SELECT ON %I TO liftwatch_reader', t);
    END LOOP;
END
$$;
GRANT SELECT (id, name, role, organisation_id, region, language, created_at, disabled_at) ON account TO liftwatch_reader;
GRANT SELECT (lift_id, issued_by, issued_at) ON device_credential TO liftwatch_reader;
GRANT SELECT (id, account_id, label, created_at, revoked_at, expires_at, refreshable_until) ON api_token
    TO liftwatch_reader;
GRANT SELECT (token_id, expires_at, used_at) ON stream_ticket TO liftwatch_reader;
GRANT SELECT (account_id, expires_at, used_at) ON sign_in_link TO liftwatch_reader;
