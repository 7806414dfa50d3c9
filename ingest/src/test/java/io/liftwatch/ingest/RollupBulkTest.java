package io.liftwatch.ingest;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-wise refresh (V44) against the rollup job's hour-by-hour one: the same history and marks, refreshed
 * each way from the same state, leave every rollup table (hourly and daily) and the marks with the same rows.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupBulkTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_760_000_000_000L;
    private static final List<String> CARDS = List.of("C1-101-1", "C1-101-2", "C1-201-1");
    /** Marks for every hour with rows or an ended presence span, as the triggers make them. */
    private static final String MARK_ALL = """
            INSERT INTO rollup_pending (lift_id, hour)
            SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM run
            UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM counter_sample
            UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') FROM fault
            UNION SELECT lift_id, generate_series(date_bin('1 hour', since, timestamptz '2000-01-01 00:00:00+00'),
                                                  date_bin('1 hour', until, timestamptz '2000-01-01 00:00:00+00'),
                                                  interval '1 hour') FROM lift_presence
            ON CONFLICT DO NOTHING""";

    private TestDatabase database;
    private HikariDataSource pool;
    private RollupJob job;
    private final Random random = new Random(44);

    @BeforeAll
    void migrate() {
        database = TestDatabase.migrated("rollup-bulk-test");
        pool = database.pool;
        job = new RollupJob(pool, 50, new SimpleMeterRegistry(), System::currentTimeMillis);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void aBulkLoadRolledUpSetWiseEqualsTheJobHourByHour() throws SQLException {
        telemetry(T0, 0);
        presence(T0 - 5 * HOUR, T0 + 60 * HOUR);
        database.execute("DELETE FROM rollup_pending", MARK_ALL);
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isGreaterThan(100);

        Map<String, String> rows = bothWays();
        assertThat(rows.get("bulk")).isEqualTo(rows.get("job"));
        assertThat(database.count("SELECT count(*) FROM lift_day")).isGreaterThan(5);
        assertThat(database.count("SELECT count(*) FROM lift_hour WHERE online_seconds > 0")).isGreaterThan(20);
        assertThat(database.count("SELECT count(*) FROM lift_hour WHERE counter_resets > 0")).isPositive();
        assertThat(database.count("SELECT count(*) FROM lift_hour_fault")).isPositive();
        assertThat(database.count("SELECT count(*) FROM lift_day_cards")).isPositive();
        assertThat(database.count("SELECT count(*) FROM lift_day_fault")).isPositive();
    }

    @Test
    void everyRollupTableOfTheSchemaIsCompared() throws SQLException {
        assertThat(rollupTables()).containsExactly("lift_day", "lift_day_cards", "lift_day_fault", "lift_hour",
                "lift_hour_fault", "rollup_pending");
    }

    @Test
    void lateRowsOverHoursAlreadyRolledUpGiveTheSameRowsEitherWay() throws SQLException {
        telemetry(T0 + 100 * HOUR, 10_000);
        presence(T0 + 98 * HOUR, T0 + 150 * HOUR);
        while (job.run() > 0) {
            assertThat(job.state().getString("status")).isEqualTo("UP");
        }
        // Late runs, counters and faults between the stored ones, and a span that grew, mark some of the hours.
        telemetry(T0 + 100 * HOUR + 20 * 60_000L, 50_000);
        database.execute("UPDATE lift_presence SET until = until + interval '3 hours'"
                + " WHERE (lift_id, since) IN (SELECT lift_id, max(since) FROM lift_presence GROUP BY lift_id)");
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isPositive();

        Map<String, String> rows = bothWays();
        assertThat(rows.get("bulk")).isEqualTo(rows.get("job"));
    }

    /**
     * From the current state, the rollup tables after the set-wise refresh (its lifts in two calls) and after
     * the job, the state put back between them as a restore would.
     */
    private Map<String, String> bothWays() throws SQLException {
        List<String> tables = rollupTables();
        for (String t : tables) {
            database.execute("DROP TABLE IF EXISTS saved_" + t, "CREATE TABLE saved_" + t + " AS TABLE " + t);
        }
        List<String> lifts = new ArrayList<>();
        try (Connection c = pool.getConnection(); ResultSet r = c.createStatement()
                .executeQuery("SELECT DISTINCT lift_id FROM rollup_pending ORDER BY 1")) {
            while (r.next()) {
                lifts.add(r.getString(1));
            }
        }
        try (Connection c = pool.getConnection();
             PreparedStatement bulk = c.prepareStatement("SELECT liftwatch_refresh_rollups_bulk(?)")) {
            for (List<String> part : List.of(lifts.subList(0, lifts.size() / 2), lifts.subList(lifts.size() / 2, lifts.size()))) {
                bulk.setArray(1, c.createArrayOf("text", part.toArray()));
                try (ResultSet r = bulk.executeQuery()) {
                    r.next();
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("bulk", contents(tables));

        StringBuilder restore = new StringBuilder("BEGIN; SET LOCAL liftwatch.restoring = 'on';");
        for (String t : tables) {
            restore.append(" DELETE FROM ").append(t).append("; INSERT INTO ").append(t).append(" SELECT * FROM saved_")
                    .append(t).append(';');
        }
        database.execute(restore.append(" COMMIT").toString());
        while (job.run() > 0) {
            assertThat(job.state().getString("status")).isEqualTo("UP");
        }
        result.put("job", contents(tables));
        assertThat(result.get("job")).contains("lift_hour:").doesNotContain("rollup_pending: (");
        return result;
    }

    /** The rollup tables, whatever their number (hourly and daily ones), and the marks. */
    private List<String> rollupTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = pool.getConnection(); ResultSet r = c.createStatement().executeQuery("""
                SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                  AND (tablename LIKE 'lift\\_hour%' OR tablename LIKE 'lift\\_day%' OR tablename = 'rollup_pending')
                ORDER BY 1""")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    /** Every row of each table as text, sorted (the marks without their time). */
    private String contents(List<String> tables) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String t : tables) {
            String rows = t.equals("rollup_pending") ? "(lift_id, hour)" : "t";
            all.append(t).append(":\n").append(database.text("SELECT coalesce(string_agg(" + rows
                    + "::text, E'\\n' ORDER BY " + rows + "::text), '') FROM " + t + " t")).append('\n');
        }
        return all.toString();
    }

    private static String lift(int i) {
        return String.format("3110320116202344%04d", i);
    }

    /**
     * Two days of runs (with and without cards), counter samples (some resets) and faults of four lifts from
     * {@code from}, at random times; what the refresh reads is the stored rows, however they were written.
     */
    private void telemetry(long from, int seqFrom) throws SQLException {
        String rows = "FROM generate_series(1, 4) l, generate_series(0, 159) i, LATERAL (SELECT format('311032011620234"
                + "4%s', lpad(l::text, 4, '0')) AS lift, to_timestamp(" + from + " / 1000.0) + i * interval '17 minutes'"
                + " + random() * interval '1 minute' AS t, " + seqFrom + " + i * 3 AS seq) x";
        database.execute("SELECT setseed(" + random.nextDouble() + ")",
                "INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)"
                        + " SELECT lift, t, 1, seq, t, t - interval '20 seconds', '1', '3', CASE WHEN random() < 0.3"
                        + " THEN '{}' ELSE ARRAY[(ARRAY" + CARDS.stream().map(c -> "'" + c + "'").toList()
                        + ")[1 + floor(random() * 3)::int]] END " + rows,
                "INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles,"
                        + " rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles, d_rope_bends, d_energy_kwh, reset)"
                        + " SELECT lift, t, 1, seq + 1, t, 1000 + i, 20000 + i, 2000 + i, 3000 + i, 50 + i / 7.0,"
                        + " floor(random() * 4), floor(random() * 90), floor(random() * 8), floor(random() * 12),"
                        + " round((random() * 2)::numeric, 3), random() < 0.03 " + rows,
                "INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor)"
                        + " SELECT lift, t, 1, seq + 2, t, (ARRAY['door', 'overspeed', 'trapped'])[1 + floor(random() * 3)::int],"
                        + " NULL, random() < 0.5, '2' " + rows + " WHERE random() < 0.12",
                // A late sample recomputes its successor's delta: an update, which marks its hour too.
                "UPDATE counter_sample SET d_runs = d_runs + 1 WHERE seq % 97 = 1 AND seq >= " + seqFrom);
    }

    /**
     * Ended presence spans of lifts 1, 2 and 5 (a lift heard only through its spans) between {@code from} and
     * {@code to}: short and long ones, one ending exactly on an hour.
     */
    private void presence(long from, long to) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (int l : new int[]{1, 2, 5}) {
            long t = from + random.nextInt(3_600_000);
            while (t < to) {
                long until = t + (random.nextBoolean() ? random.nextInt(3_600_000) : random.nextInt(20) * HOUR);
                if (values.isEmpty()) {
                    until = until - until % HOUR + HOUR;
                }
                values.append(values.isEmpty() ? "" : ",").append("('").append(lift(l)).append("', to_timestamp(")
                        .append(t).append("::float8 / 1000), to_timestamp(").append(until).append("::float8 / 1000))");
                t = until + 200_000 + random.nextInt(3 * 3_600_000);
            }
        }
        database.execute("INSERT INTO lift_presence (lift_id, since, until) VALUES " + values);
    }
}
