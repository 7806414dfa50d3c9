-- TimescaleDB as a step that can be repeated: liftwatch_timescale() turns the telemetry tables into
-- compressed hypertables with retention where the extension is installed and usable, and returns a line
-- for what it did or why it did nothing. It runs here, so a fresh install on TimescaleDB converts at once,
-- and again with `liftwatch db timescale` when the extension arrives after the database was migrated on
-- plain PostgreSQL. It reads only pg_available_extensions and pg_extension: an ordinary owner role may not
-- read shared_preload_libraries (that needs pg_read_all_settings).
CREATE OR REPLACE FUNCTION liftwatch_timescale(compress_after interval, status_retention interval,
                                               telemetry_retention interval)
RETURNS SETOF text LANGUAGE plpgsql AS $fn$
DECLARE
    t text;
    n bigint;
    hint constant text := 'a superuser must add timescaledb to shared_preload_libraries, restart the server and run'
        ' CREATE EXTENSION timescaledb in this database; then run `liftwatch db timescale`.'
        ' Until then plain PostgreSQL tables are used';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RETURN NEXT 'TimescaleDB is not installed on this server: plain PostgreSQL tables are used';
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION timescaledb;
            RETURN NEXT 'created the timescaledb extension';
        EXCEPTION WHEN OTHERS THEN
            RETURN NEXT format('TimescaleDB is on this server but %s cannot use it (%s): %s', current_user, SQLERRM, hint);
            RETURN;
        END;
    END IF;
    BEGIN
        FOREACH t IN ARRAY ARRAY['status_sample', 'run', 'counter_sample', 'fault', 'lift_event', 'connection_event'] LOOP
            IF EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                       WHERE hypertable_schema = current_schema() AND hypertable_name = t) THEN
                RETURN NEXT format('%s is already a hypertable', t);
            ELSE
                -- Statement triggers with transition tables (rollups, V32) are refused on hypertables.
                EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_rollup', t);
                EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_rollup_update', t);
                EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
                PERFORM create_hypertable(t::regclass, 'ts', chunk_time_interval => interval '7 days',
                                          migrate_data => true);
                RETURN NEXT format('%s converted to a hypertable of 7-day chunks (%s rows moved)', t, n);
            END IF;
            IF NOT (SELECT compression_enabled FROM timescaledb_information.hypertables
                    WHERE hypertable_schema = current_schema() AND hypertable_name = t) THEN
                -- Segments per lift, newest first: every per-lift query reads one segment of a chunk.
                EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = ''lift_id'','
                               ' timescaledb.compress_orderby = ''ts DESC, boot, seq'')', t);
                RETURN NEXT format('%s compression enabled (segments by lift)', t);
            END IF;
            IF add_compression_policy(t::regclass, compress_after, if_not_exists => true) <> -1 THEN
                RETURN NEXT format('%s compressed after %s', t, compress_after);
            END IF;
            IF add_retention_policy(t::regclass,
                   CASE WHEN t = 'status_sample' THEN status_retention ELSE telemetry_retention END,
                   if_not_exists => true) <> -1 THEN
                RETURN NEXT format('%s kept for %s', t,
                                   CASE WHEN t = 'status_sample' THEN status_retention ELSE telemetry_retention END);
            END IF;
        END LOOP;
        IF to_regprocedure('rollup_install_triggers()') IS NOT NULL THEN
            PERFORM rollup_install_triggers();
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RETURN NEXT format('the timescaledb extension is in this database but cannot be used (%s): %s', SQLERRM, hint);
    END;
END
$fn$;
REVOKE ALL ON FUNCTION liftwatch_timescale(interval, interval, interval) FROM PUBLIC;

SELECT liftwatch_timescale('${compressAfter}', '${statusRetention}', '${telemetryRetention}');
