package io.liftwatch.ingest;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.RunReport;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes running at once (V47), interleaved step by step on connections whose transactions stay open: a
 * refresh leaves alone a lift another uncommitted refresh holds, so no day is computed without an hour the other
 * is writing; the job still clears every other mark and stops; and rows written meanwhile are in the rollups
 * after the next run.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RollupRaceTest {
    private static final long HOUR = 3_600_000L;
    private static final String REFRESH = "SELECT liftwatch_refresh_rollups(?)";

    private TestDatabase database;
    private HikariDataSource pool;
    private TelemetryWriter writer;
    private final AtomicLong seq = new AtomicLong();

    @BeforeAll
    void migrate() throws SQLException {
        database = TestDatabase.migrated("rollup-race-test");
        pool = database.pool;
        writer = new TelemetryWriter(pool);
        // Where the rollup tables are hypertables (TimescaleDB, V55), the first write into a time range creates its
        // chunk and holds it until commit, so a second refresh writing into the same range waits for the first,
        // whatever their lifts. A running system has its chunks; these tests' weeks get theirs beforehand. The
        // compression policy is paused: these weeks are older than its 30 days, and two refreshes writing into one
        // compressed chunk take turns on its catalog row, which a test holding a refresh open would wait on for good.
        if (database.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 1) {
            database.execute("SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs"
                            + " WHERE hypertable_schema = current_schema()",
                    "INSERT INTO lift_hour (lift_id, hour, runs, counter_runs, run_seconds, door_cycles,"
                            + " rope_bends, energy_kwh, counter_samples, counter_resets, faults_raised) SELECT 'chunk', d,"
                            + " 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM generate_series(timestamptz '2025-10-20', '2025-12-10', '1 day') d",
                    "INSERT INTO lift_day SELECT lift_id, hour::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM lift_hour"
                            + " WHERE lift_id = 'chunk'",
                    "INSERT INTO lift_day_cards (lift_id, day, runs, cards) SELECT lift_id, day, 0, '{}' FROM lift_day"
                            + " WHERE lift_id = 'chunk'",
                    "DELETE FROM lift_hour WHERE lift_id = 'chunk'", "DELETE FROM lift_day WHERE lift_id = 'chunk'",
                    "DELETE FROM lift_day_cards WHERE lift_id = 'chunk'");
        }
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void aRefreshSkipsALiftWhoseDayAnUncommittedRefreshIsRecomputing() throws Exception {
        String lift = lift(1);
        String other = lift(2);
        long day = at("2025-11-03T02:00:00Z"); // 10:00 in Beijing: both hours are of one Beijing day
        runs(lift, day, 3);
        runs(lift, day + HOUR, 4);
        runs(other, day + 2 * HOUR, 2);

        try (Connection a = open(); Connection b = open()) {
            assertThat(refresh(a, 1)).as("A takes the lift's first hour").isEqualTo(1);
            // Before V47, B took the second hour and computed the day without A's, then waited for A's day row.
            assertThat(refresh(b, 10)).as("B takes only the other lift").isEqualTo(1);
            assertThat(text(b, "SELECT string_agg(hour::text, ',') FROM rollup_pending WHERE lift_id = '" + lift + "'"))
                    .as("the lift's marks, one of them A's").contains(",");
            b.commit();
            a.commit();
            assertThat(refresh(b, 10)).as("B, after A committed").isEqualTo(1);
            b.commit();
        }
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isZero();
        assertThat(daily(lift)).isEqualTo(rawDaily(lift)).isEqualTo("2025-11-03 7/7");
        assertThat(daily(other)).isEqualTo(rawDaily(other));
    }

    @Test
    void theJobClearsEveryOtherLiftAndStopsWhileALiftIsHeld() throws Exception {
        String held = lift(11);
        List<String> others = List.of(lift(12), lift(13), lift(14));
        assertThat(database.count("SELECT count(DISTINCT rollup_lift_slot(l)) FROM unnest(ARRAY['" + held + "', '"
                + String.join("', '", others) + "']) l")).as("lifts of four slots").isEqualTo(4);
        long start = at("2025-11-10T01:00:00Z");
        // The held lift's hours come first in every window of the job, which takes two hours a transaction.
        for (int h = 0; h < 4; h++) {
            runs(held, start + h * HOUR, 2);
        }
        for (int i = 0; i < others.size(); i++) {
            runs(others.get(i), start + (4 + i) * HOUR, 1);
            runs(others.get(i), start + (5 + i) * HOUR, 1);
        }
        RollupJob job = new RollupJob(pool, 2, new SimpleMeterRegistry(), System::currentTimeMillis);

        try (Connection a = open()) {
            assertThat(refresh(a, 1)).isEqualTo(1);
            assertThat(job.run()).as("every hour of the other lifts").isEqualTo(6);
            assertThat(pending()).isEqualTo(held + " 4");
            a.commit();
        }
        assertThat(job.run()).as("the held lift's other three hours").isEqualTo(3);
        assertThat(pending()).isEmpty();
        for (String l : List.of(held, others.get(0), others.get(1), others.get(2))) {
            assertThat(daily(l)).as(l).isEqualTo(rawDaily(l));
        }
    }

    @Test
    void rowsWrittenWhileARefreshHoldsTheirLiftAreInTheRollupsAfterTheNextRun() throws Exception {
        String lift = lift(21);
        long hour = at("2025-11-20T03:00:00Z");
        runs(lift, hour, 2);
        runs(lift, hour + HOUR, 2);
        RollupJob job = new RollupJob(pool, 100, new SimpleMeterRegistry(), System::currentTimeMillis);

        // Another hour of the day is written and committed at once; the refreshed hour's mark waits for the refresh.
        whileTheOldestHourIsRefreshed(() -> {
            runs(lift, hour + HOUR + 60_000, 3);
            runs(lift, hour + 120_000, 5);
            return null;
        }).join();
        assertThat(job.run()).isEqualTo(2);
        assertThat(pending()).isEmpty();
        assertThat(daily(lift)).isEqualTo(rawDaily(lift)).isEqualTo("2025-11-20 12/12");
    }

    /**
     * A batch still in progress that marked one of the job's hours again: the job neither waits for it nor deletes
     * that mark (V58); the batch, marking the job's other hour after the job deleted its mark, waits for the job's
     * commit, not the reverse, so they cannot deadlock; the next run counts the batch's runs.
     */
    @Test
    void aRefreshLeavesTheMarkABatchHoldsAndNeverWaitsForIt() throws Exception {
        String first = lift(51);
        String second = lift(52);
        long hour = at("2025-11-29T06:00:00Z");
        runs(first, hour, 2);
        runs(second, hour, 2);
        try (Connection batch = open(); Connection refresh = open()) {
            insertRun(batch, second, hour + 600_000);
            try (Statement s = refresh.createStatement()) {
                // Were the refresh to wait for the batch, it would fail here rather than wait for good.
                s.execute("SET lock_timeout = '2s'");
            }
            assertThat(refresh(refresh, 10)).as("both hours read, the batch's run not among them").isEqualTo(2);
            assertThat(text(refresh, "SELECT string_agg(lift_id, ',') FROM rollup_pending WHERE lift_id IN ('" + first + "', '"
                    + second + "')"))
                    .as("the mark the batch holds, kept").isEqualTo(second);

            CompletableFuture<Void> batchMarksTheOtherHour = CompletableFuture.runAsync(() -> {
                try {
                    insertRun(batch, first, hour + 600_000);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitBlockedBy(pid(refresh), batchMarksTheOtherHour);
            refresh.commit();
            batchMarksTheOtherHour.join();
            batch.commit();
        }
        assertThat(pending()).isEqualTo(first + " 1\n" + second + " 1");
        assertThat(daily(first)).isEqualTo(daily(second)).isEqualTo("2025-11-29 2/2");
        assertThat(new RollupJob(pool, 100, new SimpleMeterRegistry(), System::currentTimeMillis).run()).isEqualTo(2);
        assertThat(pending()).isEmpty();
        assertThat(daily(first)).isEqualTo(rawDaily(first)).isEqualTo("2025-11-29 3/3");
        assertThat(daily(second)).isEqualTo(rawDaily(second)).isEqualTo("2025-11-29 3/3");
    }

    @Test
    void theBulkRefreshWaitsForARefreshHoldingOneOfItsLifts() throws Exception {
        String lift = lift(31);
        long hour = at("2025-11-25T04:00:00Z");
        runs(lift, hour, 3);
        runs(lift, hour + HOUR, 6);

        CompletableFuture<Integer> bulk = whileTheOldestHourIsRefreshed(() -> {
            try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT liftwatch_refresh_rollups_bulk(ARRAY['" + lift + "'])"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(bulk.join()).as("the hour A left").isEqualTo(1);
        assertThat(pending()).isEmpty();
        assertThat(daily(lift)).isEqualTo(rawDaily(lift)).isEqualTo("2025-11-25 9/9");
    }

    @Test
    void aRefreshRefusesASnapshotOlderThanItsLocks() throws SQLException {
        runs(lift(41), at("2025-11-28T05:00:00Z"), 1);
        try (Connection c = open()) {
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refresh(c, 10))
                    .hasMessageContaining("READ COMMITTED");
            c.rollback();
            assertThat(refresh(c, 10)).as("the same in READ COMMITTED").isEqualTo(1);
            c.commit();
        }
    }

    private static String lift(int i) {
        return String.format("3110320116202347%04d", i);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** Writes {@code n} runs with a card from {@code from} on, a minute apart, as ingest does. */
    private void runs(String lift, long from, int n) {
        try {
            for (int i = 0; i < n; i++) {
                long t = from + i * 60_000L;
                RunReport run = new RunReport(new Envelope(lift, 1, seq.incrementAndGet(), t), t - 20_000, t, "1", "3",
                        List.of("C1-101-1"));
                writer.write(List.of(Inbound.accepted("t", new byte[0], t, run, () -> { })));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run with a card at {@code at}, inserted on {@code c} and left uncommitted, its hour marked by the trigger. */
    private void insertRun(Connection c, String lift, long at) throws SQLException {
        try (PreparedStatement run = c.prepareStatement("INSERT INTO run (lift_id, ts, boot, seq, received_at,"
                + " started_at, from_floor, to_floor, cards) VALUES (?, ?, 1, ?, ?, ?, '1', '3', '{C1-101-1}')")) {
            Timestamp time = new Timestamp(at);
            run.setString(1, lift);
            run.setTimestamp(2, time);
            run.setLong(3, seq.incrementAndGet());
            run.setTimestamp(4, time);
            run.setTimestamp(5, time);
            run.executeUpdate();
        }
    }

    private Connection open() throws SQLException {
        Connection c = pool.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // Before V47 the second refresh waited for the first one's day row: fail rather than hang.
            s.execute("SET lock_timeout = '20s'");
        }
        return c;
    }

    private static int refresh(Connection c, int maxHours) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(REFRESH)) {
            s.setInt(1, maxHours);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(text(c, "SELECT pg_backend_pid()"));
    }

    /**
     * Refreshes the oldest marked hour on a connection of its own and, before committing, starts {@code other} and
     * waits until it waits for the refresh; returns {@code other}, running on after the commit.
     */
    private <T> CompletableFuture<T> whileTheOldestHourIsRefreshed(Supplier<T> other) throws SQLException {
        try (Connection a = open()) {
            assertThat(refresh(a, 1)).isEqualTo(1);
            CompletableFuture<T> started = CompletableFuture.supplyAsync(other);
            awaitBlockedBy(pid(a), started);
            a.commit();
            return started;
        }
    }

    /** Returns once {@code other}, still running, waits for a lock the backend {@code pid} holds. */
    private void awaitBlockedBy(int pid, CompletableFuture<?> other) throws SQLException {
        while (database.count("SELECT count(*) FROM pg_stat_activity WHERE " + pid + " = ANY (pg_blocking_pids(pid))") == 0) {
            assertThat(other).as("work that should wait for the backend " + pid).isNotDone();
            assertThat(Thread.currentThread().isInterrupted()).as("timed out").isFalse();
        }
    }

    /** Pending marks per lift, as "lift count" lines. */
    private String pending() throws SQLException {
        return database.text("SELECT coalesce(string_agg(lift_id || ' ' || n, E'\\n' ORDER BY lift_id), '')"
                + " FROM (SELECT lift_id, count(*) AS n FROM rollup_pending GROUP BY 1) x");
    }

    /** The lift's days as lift_day and lift_day_cards keep them: "day runs/rides with cards". */
    private String daily(String lift) throws SQLException {
        return database.text("SELECT string_agg(d.day || ' ' || d.runs || '/' || coalesce((SELECT sum(c.runs)"
                + " FROM lift_day_cards c WHERE c.lift_id = d.lift_id AND c.day = d.day), 0), ',' ORDER BY d.day)"
                + " FROM lift_day d WHERE d.lift_id = '" + lift + "'");
    }

    /** The same from raw runs. */
    private String rawDaily(String lift) throws SQLException {
        return database.text("SELECT string_agg(day || ' ' || n || '/' || c, ',' ORDER BY day) FROM (SELECT"
                + " (ts AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS n,"
                + " count(*) FILTER (WHERE cardinality(cards) > 0) AS c FROM run WHERE lift_id = '" + lift + "'"
                + " GROUP BY 1) x");
    }
}
