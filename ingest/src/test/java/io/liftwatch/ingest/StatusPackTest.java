package io.liftwatch.ingest;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Closed lift-days of status rows packed into status_day (V53) by the job ingest runs: status_history and status_rows
 * read the same rows before and after, passes repeat harmlessly, a late row of a packed day is merged by the next
 * pass and a redelivered one is not stored again (or dropped by the next pass when it came while its day was being
 * packed), the current day stays raw, and packers running at once neither lose nor duplicate a row. Each test has
 * lifts of its own; a pass packs every lift's due days.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class StatusPackTest {
    private static final String PACK = "SELECT liftwatch_pack_status(interval '0', ?)";
    /** The current day in China Standard Time, the days of packing (as lift_day's). */
    private static final String TODAY = "(now() AT TIME ZONE 'Asia/Shanghai')::date";
    /** Every column of status_history, one line per row, in key order. */
    private static final String ROWS = "SELECT coalesce(string_agg(concat_ws('|', lift_id, ts, boot, seq, received_at, mode,"
            + " moving, direction, floor, door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms),"
            + " E'\\n' ORDER BY lift_id, ts, boot, seq), '') FROM %s WHERE lift_id LIKE '%s%%'";

    private TestDatabase database;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private StatusPackJob job;
    private TelemetryWriter writer;

    @BeforeAll
    void migrate() throws SQLException {
        database = TestDatabase.migrated("status-pack-test");
        assumeTrue(database.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 0,
                "status_sample is a TimescaleDB hypertable here, packed by its compression, not by this job");
        IngestConfig.StatusPacking defaults = IngestConfig.StatusPacking.from(new Env(Map.of()));
        job = new StatusPackJob(database.pool, new IngestConfig.StatusPacking(defaults.period(), Duration.ZERO, 3),
                meters, System::currentTimeMillis);
        writer = new TelemetryWriter(database.pool);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void statusHistoryShowsTheSameRowsBeforeAndAfterPacking() throws SQLException {
        history("3110320116202401", 4, 5);
        String before = rows("status_history", "3110320116202401");

        assertThat(job.run()).as("five lifts' closed days, three per transaction").isGreaterThanOrEqualTo(20);
        assertThat(database.count("SELECT count(*) FROM status_day WHERE lift_id LIKE '3110320116202401%'")).isEqualTo(20);
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id LIKE '3110320116202401%'"))
                .as("the current day's rows only").isEqualTo(5 * 6);
        assertThat(rows("status_history", "3110320116202401")).isEqualTo(before);
        assertThat(database.text("SELECT bool_and(ts = (SELECT array_agg(t ORDER BY t) FROM unnest(ts) t))"
                + " FROM status_day")).as("each day's rows in time order").isEqualTo("t");
        // A period over parts of three days, raw and packed: status_rows reads what status_history holds for it.
        String lift = "31103201162024010002";
        String period = "'" + lift + "', rollup_day_start(" + TODAY + " - 3) + interval '5 hours', now() + interval '1 hour'";
        assertThat(database.text("SELECT string_agg(concat_ws('|', ts, boot, seq, mode, floor, speed_ms), ',' ORDER BY ts)"
                + " FROM status_rows(" + period + ")")).isEqualTo(database.text("SELECT string_agg(concat_ws('|', ts, boot,"
                + " seq, mode, floor, speed_ms), ',' ORDER BY ts) FROM status_history WHERE lift_id = '" + lift + "'"
                + " AND ts >= rollup_day_start(" + TODAY + " - 3) + interval '5 hours' AND ts < now() + interval '1 hour'"));
    }

    @Test
    void aLiftDaysReadTouchesOnlyItsPackedRow() throws SQLException {
        history("3110320116202402", 6, 1);
        job.run();
        try (Connection c = database.pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM status_rows('31103201162024020001',"
                        + " rollup_day_start(" + TODAY + " - 3), rollup_day_start(" + TODAY + " - 2))")) {
            r.next();
            String json = r.getString(1);
            assertThat(json).contains("\"Relation Name\": \"status_day\"");
            assertThat(json.replaceAll("(?s).*\"Relation Name\": \"status_day\".*?\"Actual Rows\": (\\d+).*", "$1"))
                    .as("packed rows read").isEqualTo("1");
        }
    }

    @Test
    void aSecondPassChangesNothing() throws SQLException {
        history("3110320116202403", 2, 2);
        job.run();
        String packed = database.text("SELECT string_agg(lift_id || day || ts::text || floor::text, ',' ORDER BY lift_id, day)"
                + " FROM status_day WHERE lift_id LIKE '3110320116202403%'");
        assertThat(job.run()).isZero();
        assertThat(database.text("SELECT string_agg(lift_id || day || ts::text || floor::text, ',' ORDER BY lift_id, day)"
                + " FROM status_day WHERE lift_id LIKE '3110320116202403%'")).isEqualTo(packed);
    }

    @Test
    void aLateRowOfAPackedDayIsMergedAndARedeliveredOneDropped() throws SQLException {
        String lift = "31103201162024040001";
        history("3110320116202404", 3, 1);
        job.run();
        String packed = rows("status_history", lift);
        long dayBefore = database.count("SELECT extract(epoch FROM rollup_day_start(" + TODAY + " - 2))::bigint * 1000");

        // Through ingest's writer: a late change from two days ago, and a redelivery of a packed row.
        long late = dayBefore + 7_200_000L + 1234;
        writer.write(List.of(status(lift, 7, 1, late, "L")));
        String redelivered = database.text("SELECT extract(epoch FROM ts)::bigint * 1000 || ' ' || boot || ' ' || seq"
                + " FROM status_history WHERE lift_id = '" + lift + "' AND ts < rollup_day_start(" + TODAY + ") ORDER BY ts LIMIT 1");
        String[] key = redelivered.split(" ");
        WriteResult redelivery = writer.write(List.of(status(lift, Long.parseLong(key[1]), Long.parseLong(key[2]),
                Long.parseLong(key[0]), "X")));
        assertThat(redelivery.duplicates()).as("the redelivered row, its twin packed").isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'"
                + " AND ts < rollup_day_start(" + TODAY + ")")).as("the late row raw until the next pass").isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM (SELECT ts, boot, seq FROM status_history WHERE lift_id = '" + lift
                + "' GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).as("no row shown twice meanwhile").isZero();

        assertThat(job.run()).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'"
                + " AND ts < rollup_day_start(" + TODAY + ")")).isZero();
        assertThat(database.count("SELECT count(*) FROM status_history WHERE lift_id = '" + lift + "' AND floor = 'L'"))
                .isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM status_history WHERE lift_id = '" + lift + "' AND floor = 'X'"))
                .as("the redelivered row is never stored").isZero();
        assertThat(rows("status_history", lift).split("\n")).hasSize(packed.split("\n").length + 1);
        assertThat(database.count("SELECT count(*) FROM (SELECT ts, boot, seq FROM status_history WHERE lift_id = '" + lift
                + "' GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).isZero();
    }

    @Test
    void theCurrentDayIsNeverPacked() throws SQLException {
        String lift = "31103201162024050001";
        database.execute(insert(lift, "now() - g * interval '1 second'", 20));
        try (Connection c = database.pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT liftwatch_pack_status(interval '0', 100)")) {
            s.executeQuery().close();
        }
        job.run();
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + lift + "'"
                + " AND ts >= rollup_day_start(" + TODAY + ")")).isEqualTo(database.count(
                "SELECT count(*) FROM status_history WHERE lift_id = '" + lift + "' AND ts >= rollup_day_start(" + TODAY + ")"));
        assertThat(database.count("SELECT count(*) FROM status_day WHERE lift_id = '" + lift + "'"
                + " AND day >= " + TODAY)).isZero();
    }

    /**
     * One packer holds a lift in an open transaction; a second packs the other lifts meanwhile and leaves that one;
     * ingest's redelivery of a row the first is moving waits for it and lands raw, and the next pass drops it.
     */
    @Test
    void packersAtOnceSkipEachOthersLiftsAndLoseNothing() throws Exception {
        history("3110320116202406", 2, 4);
        String before = rows("status_history", "3110320116202406");
        String held = "31103201162024060001";
        try (Connection a = open()) {
            assertThat(pack(a, 1)).isEqualTo(1);
            assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + held + "'"
                    + " AND ts < rollup_day_start(" + TODAY + " - 1)")).as("A's day, uncommitted").isPositive();
            try (Connection b = open()) {
                assertThat(pack(b, 100)).as("every due lift-day of the others, one per lift").isGreaterThanOrEqualTo(3);
                b.commit();
            }
            // ingest redelivers a row of the day A is moving: its key check waits for A.
            String key = database.text("SELECT extract(epoch FROM ts)::bigint * 1000 || ' ' || boot || ' ' || seq FROM"
                    + " status_sample WHERE lift_id = '" + held + "' ORDER BY ts LIMIT 1");
            String[] k = key.split(" ");
            int pid = pid(a);
            CompletableFuture<WriteResult> redelivery = CompletableFuture.supplyAsync(() -> {
                try {
                    return writer.write(List.of(status(held, Long.parseLong(k[1]), Long.parseLong(k[2]),
                            Long.parseLong(k[0]), "R")));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (database.count("SELECT count(*) FROM pg_stat_activity WHERE " + pid + " = ANY (pg_blocking_pids(pid))")
                    == 0) {
                assertThat(redelivery).as("a redelivery that should wait for the packer").isNotDone();
                assertThat(Thread.currentThread().isInterrupted()).as("timed out").isFalse();
            }
            a.commit();
            redelivery.join();
        }
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id = '" + held + "' AND floor = 'R'"))
                .as("the redelivered row, raw after A deleted its twin").isEqualTo(1);
        while (job.run() > 0) {
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
        assertThat(rows("status_history", "3110320116202406")).isEqualTo(before);
        assertThat(database.count("SELECT count(*) FROM status_sample WHERE lift_id LIKE '3110320116202406%'"
                + " AND ts < rollup_day_start(" + TODAY + ")")).isZero();
    }

    @Test
    void twoJobsRunningTogetherPackEveryRowOnce() throws Exception {
        history("3110320116202407", 5, 12);
        String before = rows("status_history", "3110320116202407");
        StatusPackJob other = new StatusPackJob(database.pool, new IngestConfig.StatusPacking(Duration.ofHours(1),
                Duration.ZERO, 2), new SimpleMeterRegistry(), System::currentTimeMillis);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = threads.submit(job::run);
            Future<Integer> second = threads.submit(other::run);
            first.get();
            second.get();
        } finally {
            threads.shutdownNow();
        }
        job.run();
        assertThat(database.count("SELECT count(*) FROM status_day WHERE lift_id LIKE '3110320116202407%'")).isEqualTo(60);
        assertThat(rows("status_history", "3110320116202407")).isEqualTo(before);
    }

    @Test
    void aFailingPassIsCountedAndShownUntilOneSucceeds() throws SQLException {
        database.execute("ALTER FUNCTION liftwatch_pack_status(interval, integer) RENAME TO pack_away");
        try {
            assertThatThrownBy(job::run).isInstanceOf(SQLException.class);
            assertThat(meters.get(JobHealth.FAILURES).tag("job", "status_pack").counter().count()).isEqualTo(1);
            assertThat(job.state().getString("status")).isEqualTo("FAILING");
            assertThat(job.state().getString("error")).contains("liftwatch_pack_status");
        } finally {
            database.execute("ALTER FUNCTION pack_away(interval, integer) RENAME TO liftwatch_pack_status");
        }
        job.run();
        assertThat(job.state().getString("status")).isEqualTo("UP");
        assertThat(meters.get(JobHealth.LAST_SUCCESS).tag("job", "status_pack").gauge().value()).isPositive();
    }

    @Test
    void aPackerRefusesASnapshotOlderThanItsLocks() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            assertThatThrownBy(() -> pack(c, 10)).hasMessageContaining("READ COMMITTED");
            c.rollback();
        }
    }

    /**
     * {@code lifts} lifts ({@code prefix} and a four-digit number) with a status change every 17 minutes over the
     * {@code days} days before the current one (China Standard Time), and six in the current day.
     */
    private void history(String prefix, int days, int lifts) throws SQLException {
        for (int i = 1; i <= lifts; i++) {
            String lift = prefix + String.format("%04d", i);
            database.execute(insert(lift, "rollup_day_start(" + TODAY + " - " + days + ") + g * interval '17 minutes'"
                    + " + interval '" + i + " seconds'", days * 84));
            database.execute(insert(lift, "rollup_day_start(" + TODAY + ") + (now() - rollup_day_start(" + TODAY + "))"
                    + " * g / 7", 6));
        }
    }

    /** {@code n} status rows of a lift at {@code time} (of g = 1..n), in V43's codes, some values null. */
    private static String insert(String lift, String time, int n) {
        return "INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction, floor, door_zone,"
                + " door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms) SELECT '" + lift + "', " + time
                + ", 1 + g / 100, g, " + time + " + interval '3 seconds', CASE WHEN g % 11 = 0 THEN 'i' ELSE 'n' END,"
                + " g % 2 = 0, CASE g % 3 WHEN 0 THEN 'u' WHEN 1 THEN 'd' ELSE 'n' END, (g % 9 - 1)::text, g % 2 = 1,"
                + " g % 5 <> 0, g % 4 = 0, CASE WHEN g % 13 = 0 THEN 'b' ELSE 'm' END, g % 17 = 0, false,"
                + " CASE WHEN g % 6 = 0 THEN NULL ELSE g % 100 END, CASE WHEN g % 7 = 0 THEN NULL ELSE g / 8.0 END"
                + " FROM generate_series(1, " + n + ") g ON CONFLICT DO NOTHING";
    }

    private static Inbound status(String lift, long boot, long seq, long time, String floor) {
        return Inbound.accepted("t", new byte[0], time, new StatusReport(new Envelope(lift, boot, seq, time),
                ServiceMode.NORMAL, false, "none", floor, true, true, false, "mains", false, false, 0, 0.0), () -> { });
    }

    private String rows(String relation, String prefix) throws SQLException {
        return database.text(String.format(ROWS, relation, prefix));
    }

    private Connection open() throws SQLException {
        Connection c = database.pool.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '20s'");
        }
        return c;
    }

    private static int pack(Connection c, int maxDays) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(PACK)) {
            s.setInt(1, maxDays);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }
}
