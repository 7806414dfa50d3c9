-- Where TimescaleDB runs, the rollup tables become compressed hypertables too. Kept plain, they were half of
-- a compressed lift-day (lift_hour 4.8 KB and lift_day_cards 3.7 KB beside 9.0 KB of compressed telemetry);
-- compressed by lift they take a few hundred bytes. They have no retention: they are the long record that
-- reports and grid supervision read after raw telemetry is dropped. A late row more than compress_after old is
-- written into a compressed chunk, which TimescaleDB supports; the days of its hour are then written by a later
-- statement of the job (V54), since the statement's own triggers would not see it.
--
-- liftwatch_timescale() keeps its signature and its lines for the telemetry tables; it now also converts
-- the rollup tables, in a block of their own, so a server that refuses them still has its telemetry
-- converted and says why the rollups stay plain.

-- Makes one rollup table a hypertable of chunk-sized chunks, compressed by lift in the given order after
-- compress_after.
CREATE FUNCTION liftwatch_timescale_rollup(t text, time_column text, chunk interval, order_by text,
                                           compress_after interval)
RETURNS SETOF text LANGUAGE plpgsql AS $fn$
DECLARE
    n bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM timescaledb_information.hypertables
               WHERE hypertable_schema = current_schema() AND hypertable_name = t) THEN
        RETURN NEXT format('%s is already a hypertable', t);
    ELSE
        EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
        PERFORM create_hypertable(t::regclass, time_column, chunk_time_interval => chunk, migrate_data => true);
        RETURN NEXT format('%s converted to a hypertable of %s chunks (%s rows moved)', t, chunk, n);
    END IF;
    IF NOT (SELECT compression_enabled FROM timescaledb_information.hypertables
            WHERE hypertable_schema = current_schema() AND hypertable_name = t) THEN
        EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = ''lift_id'','
                       ' timescaledb.compress_orderby = %L)', t, order_by);
        RETURN NEXT format('%s compression enabled (segments by lift)', t);
    END IF;
    IF add_compression_policy(t::regclass, compress_after, if_not_exists => true) <> -1 THEN
        RETURN NEXT format('%s compressed after %s', t, compress_after);
    END IF;
END
$fn$;
REVOKE ALL ON FUNCTION liftwatch_timescale_rollup(text, text, interval, text, interval) FROM PUBLIC;

CREATE OR REPLACE FUNCTION liftwatch_timescale(compress_after interval, status_retention interval,
                                               telemetry_retention interval)
RETURNS SETOF text LANGUAGE plpgsql AS $fn$
DECLARE
    t text;
    n bigint;
    rollup_lines text[];
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
        RETURN;
    END;
    -- Four weeks of a lift's hours are one compressed batch (672 rows) of one segment. The fault tables hold
    -- only the hours and days with a fault, a few bytes a lift-day: compressed, each chunk would take more.
    BEGIN
        rollup_lines := ARRAY(
            SELECT liftwatch_timescale_rollup('lift_hour', 'hour', interval '28 days', 'hour DESC', compress_after)
            UNION ALL
            SELECT liftwatch_timescale_rollup('lift_day', 'day', interval '28 days', 'day DESC', compress_after)
            UNION ALL
            SELECT liftwatch_timescale_rollup('lift_day_cards', 'day', interval '28 days', 'day DESC, cards',
                                              compress_after));
        RETURN QUERY SELECT unnest(rollup_lines);
    EXCEPTION WHEN OTHERS THEN
        RETURN NEXT format('the rollup tables stay plain tables (%s); the telemetry tables are hypertables', SQLERRM);
    END;
END
$fn$;
REVOKE ALL ON FUNCTION liftwatch_timescale(interval, interval, interval) FROM PUBLIC;

SELECT liftwatch_timescale('${compressAfter}', '${statusRetention}', '${telemetryRetention}');
