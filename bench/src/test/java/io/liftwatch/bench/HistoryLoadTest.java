package io.liftwatch.bench;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history benchmark writes each lift's closed days of status packed, as the packing job leaves them, and marks
 * the hours its rows cover with the rollup triggers off; its figures only hold if those are the job's rows, byte
 * for byte, and the triggers' marks.
 */
@IntegrationTest
class HistoryLoadTest {
    private static final long END = Instant.parse("2025-12-31T16:00:00Z").toEpochMilli(); // midnight in China
    private static final int LIFTS = 4;
    private static final int DAYS = 3;
    private static final String STATUS_DAYS = "SELECT string_agg(d::text, E'\\n' ORDER BY lift_id, day) FROM status_day d";

    @Test
    void closedDaysLoadedPackedAreTheRowsThePackingJobMakesOfRawRows() throws Exception {
        Registry fleet = FleetPlan.generate(LIFTS, 7);
        String packedByJob;
        long rowsLoaded;
        try (TestDatabase database = TestDatabase.migrated("history-load-raw")) {
            new RegistryStore(database.pool).upsert(fleet);
            HistoryLoad raw = new HistoryLoad(database.pool, fleet, END, DAYS, 2, false);
            long[] rows = raw.load();
            assertThat(rows[5]).isZero();
            assertThat(database.count("SELECT count(*) FROM status_sample")).isEqualTo(rows[4]).isPositive();
            assertThat(raw.packStatus(rows[4])).isEqualTo(LIFTS * DAYS);
            packedByJob = database.text(STATUS_DAYS);
            rowsLoaded = rows[4];
        }
        try (TestDatabase database = TestDatabase.migrated("history-load-packed")) {
            new RegistryStore(database.pool).upsert(fleet);
            HistoryLoad packed = new HistoryLoad(database.pool, fleet, END, DAYS, 2, true);
            long[] rows = packed.load();
            assertThat(rows[4]).isEqualTo(rowsLoaded);
            assertThat(rows[5]).isEqualTo(LIFTS * DAYS);
            assertThat(database.count("SELECT count(*) FROM status_sample")).isZero();
            assertThat(packed.packStatus(rows[4])).isZero();
            assertThat(database.text(STATUS_DAYS)).isEqualTo(packedByJob);
        }
    }

    @Test
    void theLoadMarksTheHoursTheRollupTriggersWouldHaveMarkedAndWritesPresenceADayAtATime() throws Exception {
        Registry fleet = FleetPlan.generate(LIFTS, 7);
        try (TestDatabase database = TestDatabase.migrated("history-load-marks")) {
            new RegistryStore(database.pool).upsert(fleet);
            new HistoryLoad(database.pool, fleet, END, DAYS, 2, true).load();
            String triggers = """
                    SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM run
                    UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM counter_sample
                    UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM fault
                    UNION SELECT lift_id, generate_series(date_bin('1 hour', since, timestamptz '2000-01-01 00:00:00+00'),
                                                          date_bin('1 hour', until, timestamptz '2000-01-01 00:00:00+00'),
                                                          interval '1 hour') FROM lift_presence""";
            String marked = "SELECT lift_id, hour FROM rollup_pending";
            assertThat(database.count("SELECT count(*) FROM (" + marked + ") m")).isPositive();
            assertThat(database.count("SELECT count(*) FROM ((" + triggers + " EXCEPT " + marked + ") UNION ALL ("
                    + marked + " EXCEPT (" + triggers + "))) d")).isZero();
            assertThat(database.count("SELECT count(*) FROM lift_presence")).isGreaterThanOrEqualTo(LIFTS * (DAYS - 1));
            assertThat(database.count("SELECT count(*) FROM lift_presence"
                    + " WHERE until > rollup_day_start((since AT TIME ZONE 'Asia/Shanghai')::date + 1)")).isZero();
            assertThat(database.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'lift_presence'::regclass"
                    + " AND NOT tgisinternal AND tgenabled = 'O'")).isEqualTo(2);
        }
    }
}
