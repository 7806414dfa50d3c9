-- TimescaleDB where the server can load it: hypertables, compression and retention. On plain
-- PostgreSQL this migration does nothing, and the schema and every query stay the same.
DO $$
DECLARE
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
       OR current_setting('shared_preload_libraries', true) NOT LIKE '%timescaledb%' THEN
        RAISE NOTICE 'TimescaleDB not available: plain PostgreSQL tables are used';
        RETURN;
    END IF;
    CREATE EXTENSION IF NOT EXISTS timescaledb;
    FOREACH t IN ARRAY ARRAY['status_sample', 'run', 'counter_sample', 'fault', 'lift_event', 'connection_event'] LOOP
        PERFORM create_hypertable(t::regclass, 'ts', chunk_time_interval => interval '7 days',
                                  migrate_data => true, if_not_exists => true);
        EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = ''lift_id'','
                       ' timescaledb.compress_orderby = ''ts DESC, boot, seq'')', t);
        PERFORM add_compression_policy(t::regclass, interval '${compressAfter}', if_not_exists => true);
        PERFORM add_retention_policy(t::regclass,
            CASE WHEN t = 'status_sample' THEN interval '${statusRetention}' ELSE interval '${telemetryRetention}' END,
            if_not_exists => true);
    END LOOP;
END
$$;
