-- Run by Schema.migrate before Flyway, so the group roles exist before any versioned migration grants to
-- them (V32, V44): on a new server the first migration would otherwise stop at its first GRANT.
-- The groups are cluster-wide and created once. An owner without CREATEROLE (production) finds them made
-- by `liftwatch db roles`; several databases migrating at once may race to create them.
DO $$
DECLARE
    g text;
BEGIN
    FOREACH g IN ARRAY ARRAY['liftwatch_ingest', 'liftwatch_alerts', 'liftwatch_api', 'liftwatch_reader'] LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g);
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', g);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL; -- made concurrently by another migration
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'role % does not exist and % may not create it', g, current_user
                    USING HINT = 'run "liftwatch db roles" as a role administrator first';
        END;
    END LOOP;
END
$$;
