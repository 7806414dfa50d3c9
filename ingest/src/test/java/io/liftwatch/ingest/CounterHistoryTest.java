package io.liftwatch.ingest;

import io.liftwatch.testing.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A year of counter history in weekly partitions (standing in for TimescaleDB chunks): a counter batch
 * plans and reads none of them, its late samples only the newest, whatever the history, and a sample arriving late, even
 * after a silence longer than the search bound, still gets its exact place in device order.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CounterHistoryTest {
    private static final long HOUR = 3_600_000L;
    private static final long NOW = 1_760_000_000_000L;
    private static final long YEAR_AGO = NOW - 365 * 24 * HOUR;
    private static final int LIFTS = 20;
    /** One sample per lift every six hours for a year; lift 1 is silent for ten days from sample 400. */
    private static final int SAMPLES = 365 * 4;
    private static final Pattern PARTITION = Pattern.compile("counter_sample_w\\d+");

    private DbConfig db;
    private HikariDataSource pool;
    private TelemetryWriter writer;

    private static String lift(int i) {
        return String.format("3110320116202305%04d", i);
    }

    @BeforeAll
    void loadAYearInWeeklyPartitions() throws SQLException {
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "test");
        Schema.migrate(pool);
        writer = new TelemetryWriter(pool);
        execute("ALTER TABLE counter_sample RENAME TO counter_sample_plain",
                "CREATE TABLE counter_sample (LIKE counter_sample_plain INCLUDING ALL) PARTITION BY RANGE (ts)",
                "DROP TABLE counter_sample_plain",
                """
                DO $$ BEGIN
                  FOR w IN 0..54 LOOP
                    EXECUTE format('CREATE TABLE counter_sample_w%%s PARTITION OF counter_sample FOR VALUES FROM (%%L) TO (%%L)',
                                   w, to_timestamp(%d / 1000.0) + w * interval '7 days',
                                   to_timestamp(%d / 1000.0) + (w + 1) * interval '7 days');
                  END LOOP;
                END $$""".formatted(YEAR_AGO - 7 * 24 * HOUR, YEAR_AGO - 7 * 24 * HOUR),
                """
                INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles,
                                            rope_bends, energy_kwh)
                SELECT format('3110320116202305%%s', lpad(l::text, 4, '0')), to_timestamp(%d / 1000.0) + n * interval '6 hours',
                       1, n * 10, now(), n * 3, n * 30, n * 6, n * 9, n * 0.5
                FROM generate_series(1, %d) l, generate_series(0, %d - 1) n
                WHERE NOT (l = 1 AND n >= 400 AND n < 440)""".formatted(YEAR_AGO, LIFTS, SAMPLES),
                """
                UPDATE counter_sample c SET d_runs = x.runs - x.p, d_run_seconds = (x.runs - x.p) * 10,
                       d_door_cycles = (x.runs - x.p) * 2, d_rope_bends = (x.runs - x.p) * 3,
                       d_energy_kwh = (x.runs - x.p) / 6.0
                FROM (SELECT lift_id, ts, boot, seq, runs, lag(runs) OVER (PARTITION BY lift_id ORDER BY boot, seq) AS p
                      FROM counter_sample) x
                WHERE x.p IS NOT NULL AND (c.lift_id, c.ts, c.boot, c.seq) = (x.lift_id, x.ts, x.boot, x.seq)""",
                """
                INSERT INTO counter_latest (lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh)
                SELECT DISTINCT ON (lift_id) lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh
                FROM counter_sample ORDER BY lift_id, boot DESC, seq DESC""",
                "ANALYZE counter_sample");
    }

    @AfterAll
    void drop() {
        pool.close();
        TestPostgres.drop(db);
    }

    private static Inbound sample(String lift, long seq, long time, long runs) {
        CounterReport report = new CounterReport(new Envelope(lift, 1, seq, time), runs, runs * 10, runs * 2,
                runs * 3, BigDecimal.valueOf(runs * 5, 1));
        return Inbound.accepted("t", new byte[0], time, report, () -> { });
    }

    /** The next in-order sample of every lift, an hour after the history ends. */
    private static List<Inbound> nextBatch(int step) {
        List<Inbound> batch = new ArrayList<>();
        for (int l = 1; l <= LIFTS; l++) {
            long seq = SAMPLES * 10L + step;
            batch.add(sample(lift(l), seq, NOW + step * HOUR, (SAMPLES - 1) * 3L + 7L * step));
        }
        return batch;
    }

    @Test
    void aCounterBatchPlansNoPartitionAndItsLateSamplesOnlyTheNewestOfAYear() throws SQLException {
        assertThat(count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'counter_sample'::regclass")).isEqualTo(55);
        assertThat(plannedPartitions(IngestSql.INSERT_COUNTERS, false)).as("partitions in the batch's plan").isEmpty();
        assertThat(plannedPartitions(IngestSql.INSERT_LATE_COUNTERS, true)).as("partitions in the late samples' plan")
                .isNotEmpty().hasSizeLessThanOrEqualTo(2);
    }

    private Set<String> plannedPartitions(String insert, boolean late) throws SQLException {
        Set<String> planned = new TreeSet<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement explain = TelemetryWriter.prepareCounters(connection, "EXPLAIN " + insert, late,
                     nextBatch(100));
             ResultSet plan = explain.executeQuery()) {
            while (plan.next()) {
                Matcher partition = PARTITION.matcher(plan.getString(1));
                while (partition.find()) {
                    planned.add(partition.group());
                }
            }
        }
        return planned;
    }

    @Test
    void inOrderAndLateSamplesOnAYearOfHistoryTakeTheirDeltasInDeviceOrder() throws SQLException {
        writer.write(nextBatch(1));
        writer.write(nextBatch(2));
        // Late by half a year, between two stored samples six hours apart.
        writer.write(List.of(sample(lift(3), 1805, YEAR_AGO + 180 * 6 * HOUR + HOUR, 180 * 3 + 1)));
        // Late, after lift 1's ten silent days: its predecessor lies beyond the search bound.
        writer.write(List.of(sample(lift(1), 4395, YEAR_AGO + 439 * 6 * HOUR + HOUR, 439 * 3 - 2)));

        assertThat(count("SELECT count(*) FROM counter_sample WHERE ts > to_timestamp(" + NOW / 1000 + ")"))
                .isEqualTo(2 * LIFTS);
        assertThat(text("SELECT string_agg(seq || ':' || d_runs, ' ' ORDER BY seq) FROM counter_sample"
                + " WHERE lift_id = '" + lift(3) + "' AND seq BETWEEN 1800 AND 1810")).isEqualTo("1800:3 1805:1 1810:2");
        assertThat(text("SELECT string_agg(seq || ':' || d_runs, ' ' ORDER BY seq) FROM counter_sample"
                + " WHERE lift_id = '" + lift(1) + "' AND seq BETWEEN 3990 AND 4400")).isEqualTo("3990:3 4395:118 4400:5");
        assertThat(count("""
                SELECT count(*) FROM (
                    SELECT d_runs, d_energy_kwh, runs, energy_kwh, lag(runs) OVER w AS p, lag(energy_kwh) OVER w AS pe
                    FROM counter_sample WINDOW w AS (PARTITION BY lift_id ORDER BY boot, seq)) x
                WHERE d_runs <> CASE WHEN p IS NULL OR runs < p THEN 0 ELSE runs - p END
                   OR d_energy_kwh <> CASE WHEN pe IS NULL OR energy_kwh < pe THEN 0 ELSE energy_kwh - pe END"""))
                .as("samples whose delta is not their increase in device order").isZero();
        assertThat(text("SELECT string_agg(lift_id || ':' || seq, ' ' ORDER BY lift_id) FROM counter_latest"
                + " WHERE lift_id IN ('" + lift(1) + "', '" + lift(3) + "')"))
                .isEqualTo(lift(1) + ":" + (SAMPLES * 10 + 2) + " " + lift(3) + ":" + (SAMPLES * 10 + 2));
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }
}
