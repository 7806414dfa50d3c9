-- TimescaleDB is added by liftwatch_timescale() (V31), which a later `liftwatch db timescale` repeats.
-- This step once read shared_preload_libraries, which an ordinary owner role may not; Schema.migrate
-- accepts the checksum of that first version where it was applied.
SELECT 1;
