package io.liftwatch.ingest;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import io.liftwatch.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rollups where TimescaleDB runs (V55): lift_hour, lift_day and lift_day_cards are compressed hypertables, and a
 * late run and fault of a day whose chunks are all compressed still reach the day's rows. On TimescaleDB 2.28 a
 * statement's own triggers do not see rows it inserted into a compressed chunk, which left such a day unchanged
 * while the days were written by lift_hour's triggers (V54 writes them in the job's next statement).
 * Runs only where the test server has TimescaleDB preloaded ({@code LIFTWATCH_TEST_DB_URL}); skipped on plain
 * PostgreSQL, where every other rollup test runs.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedRollupsTest {
    private static final String LIFT = "31103201162023059001";
    /** A day in China Standard Time, long before the compression policy's 30 days. */
    private static final String DAY = "(current_date - 60)";
    private static final String DAY_START = "rollup_day_start" + DAY;

    private TestDatabase database;
    private HikariDataSource ingest;
    private RollupJob job;

    @BeforeAll
    void migrate() throws Exception {
        database = TestDatabase.migrated("compressed-rollups-test");
        assumeTrue(database.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 1,
                "the test server has no TimescaleDB");
        // As ingest's own login, which writes into the compressed chunks in production.
        ingest = Database.pool(TestPostgres.asService(database.db, DbConfig.Service.INGEST),
                "compressed-rollups-ingest");
        job = new RollupJob(ingest, 7, new SimpleMeterRegistry(), System::currentTimeMillis);
    }

    @AfterAll
    void drop() {
        if (ingest != null) {
            ingest.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void rollupTablesAreCompressedHypertablesAndTheStepRepeatsSafely() throws Exception {
        assertThat(database.text("SELECT string_agg(hypertable_name, ',' ORDER BY hypertable_name)"
                + " FROM timescaledb_information.hypertables WHERE compression_enabled"
                + " AND hypertable_name IN ('lift_hour', 'lift_day', 'lift_day_cards')"))
                .isEqualTo("lift_day,lift_day_cards,lift_hour");
        assertThat(database.count("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                + " AND hypertable_name IN ('lift_hour', 'lift_day', 'lift_day_cards')")).as("rollups are kept").isZero();
        assertThat(Schema.timescale(database.pool))
                .contains("lift_hour is already a hypertable", "lift_day is already a hypertable",
                        "lift_day_cards is already a hypertable")
                .noneMatch(line -> line.contains("cannot") || line.contains("stay plain"));
    }

    @Test
    void aLateRunAndFaultOfACompressedDayReachTheDaysRows() throws Exception {
        // A day of runs (two card sets) and one raised fault, rolled up, then every chunk compressed.
        database.execute("INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)"
                + " SELECT '" + LIFT + "', " + DAY_START + " + i * interval '20 minutes', 1, i, now(), "
                + DAY_START + " + i * interval '20 minutes' - interval '1 minute', '1', '6',"
                + " CASE WHEN i % 3 = 0 THEN '{C1-601-1}'::text[] WHEN i % 3 = 1 THEN '{C1-501-1}' ELSE '{}' END"
                + " FROM generate_series(0, 71) i",
                "INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, raised) VALUES ('" + LIFT + "', "
                        + DAY_START + " + interval '3 hours 5 minutes', 1, 1000, now(), 'door_fault', true)");
        while (job.run() > 0) {
            // until every marked hour is rolled up
        }
        database.execute("SELECT count(compress_chunk(c, if_not_compressed => true))"
                + " FROM timescaledb_information.hypertables h"
                + " CROSS JOIN LATERAL show_chunks(format('%I', h.hypertable_name)::regclass) c");
        assertThat(database.count("SELECT count(*) FROM timescaledb_information.chunks WHERE NOT is_compressed"
                + " AND hypertable_name IN ('lift_hour', 'lift_day', 'lift_day_cards', 'run', 'fault')")).isZero();
        assertThat(dayAsRolledUp()).isEqualTo(dayFromRawRows()).startsWith("72 runs, 1 faults");

        // Late: a run with a card set new to the day, one with a known set, a raised fault; all into compressed chunks.
        database.execute("INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)"
                + " VALUES ('" + LIFT + "', " + DAY_START + " + interval '5 hours 10 minutes', 1, 2000, now(), "
                + DAY_START + " + interval '5 hours 9 minutes', '1', '4', '{C1-401-1}'),"
                + " ('" + LIFT + "', " + DAY_START + " + interval '9 hours 10 minutes', 1, 2001, now(), "
                + DAY_START + " + interval '9 hours 9 minutes', '1', '6', '{C1-601-1}')",
                "INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, raised) VALUES ('" + LIFT + "', "
                        + DAY_START + " + interval '11 hours', 1, 2002, now(), 'overspeed', true)");
        while (job.run() > 0) {
            // until every marked hour is rolled up
        }

        assertThat(dayAsRolledUp()).isEqualTo(dayFromRawRows()).startsWith("74 runs, 2 faults");
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isZero();
    }

    /** The day's runs and faults from lift_day, its card sets from lift_day_cards and fault codes from lift_day_fault. */
    private String dayAsRolledUp() throws Exception {
        return database.text("SELECT (SELECT runs || ' runs, ' || faults_raised || ' faults' FROM lift_day"
                + " WHERE lift_id = '" + LIFT + "' AND day = " + DAY + ") || '; ' ||"
                + " (SELECT string_agg(array_to_string(cards, '+') || '=' || runs, ',' ORDER BY cards) FROM lift_day_cards"
                + " WHERE lift_id = '" + LIFT + "' AND day = " + DAY + ") || '; ' ||"
                + " (SELECT string_agg(code || '=' || raised, ',' ORDER BY code) FROM lift_day_fault"
                + " WHERE lift_id = '" + LIFT + "' AND day = " + DAY + ")");
    }

    /** The same computed from the raw rows of the day. */
    private String dayFromRawRows() throws Exception {
        String inDay = " WHERE lift_id = '" + LIFT + "' AND ts >= " + DAY_START + " AND ts < rollup_day_start(" + DAY
                + " + 1)";
        return database.text("SELECT (SELECT count(*) FROM run" + inDay + ") || ' runs, '"
                + " || (SELECT count(*) FROM fault" + inDay + " AND raised) || ' faults; ' ||"
                + " (SELECT string_agg(k || '=' || n, ',' ORDER BY c) FROM (SELECT cards AS c, array_to_string(cards, '+')"
                + " AS k, count(*) AS n FROM run" + inDay + " AND cardinality(cards) > 0 GROUP BY cards) x) || '; ' ||"
                + " (SELECT string_agg(code || '=' || n, ',' ORDER BY code) FROM (SELECT code, count(*) AS n FROM fault"
                + inDay + " AND raised GROUP BY code) y)");
    }
}
