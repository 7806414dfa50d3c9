package io.liftwatch.ingest;

import io.liftwatch.testing.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly rollups against the raw rows they summarise: telemetry written in shuffled batches, with
 * late and duplicate messages and counter resets, then the rollup job; every lift-hour equals the same
 * figures computed from raw rows, and a second round of late data is picked up by the next run.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_760_000_000_000L;
    private static final List<String> CARDS = List.of("C1-101-1", "C1-101-2", "C1-201-1", "C1-301-1");
    private static final String SHANGHAI = "Asia/Shanghai";
    /** Runs with cards per day and set, from lift_run_cards (a lift and period, then a zone). */
    private static final String RUN_CARDS = "SELECT string_agg(k || '=' || n, ',' ORDER BY k) FROM (SELECT day || ' '"
            + " || array_to_string(cards, '+') AS k, sum(runs) AS n FROM lift_run_cards(%s, '%s') GROUP BY 1) x";
    /** The same from raw runs (a zone, then a WHERE clause). */
    private static final String RAW_RUN_CARDS = "SELECT string_agg(k || '=' || n, ',' ORDER BY k) FROM (SELECT"
            + " (ts AT TIME ZONE '%s')::date || ' ' || array_to_string(cards, '+') AS k, count(*) AS n FROM run %s"
            + " AND cardinality(cards) > 0 GROUP BY 1) x";

    private TestDatabase database;
    private HikariDataSource pool;
    private TelemetryWriter writer;
    private RollupJob job;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Random random = new Random(21);

    @BeforeAll
    void migrate() {
        database = TestDatabase.migrated("rollup-test");
        pool = database.pool;
        writer = new TelemetryWriter(pool);
        job = new RollupJob(pool, 7, meters, System::currentTimeMillis);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private static String lift(int i) {
        return String.format("3110320116202305%04d", i);
    }

    /** A day and a half of runs, counters and faults of three lifts, shuffled and partly repeated. */
    private List<Inbound> telemetry(long from, int seqFrom) {
        List<Inbound> messages = new ArrayList<>();
        for (int l = 1; l <= 3; l++) {
            long runs = 1000L * l;
            for (int i = 0; i < 150; i++) {
                long t = from + i * 13 * 60_000L;
                int seq = seqFrom + i * 3;
                List<String> cards = random.nextInt(3) == 0 ? List.of()
                        : List.of(CARDS.get(random.nextInt(CARDS.size())), CARDS.get(random.nextInt(CARDS.size())));
                messages.add(accepted(new RunReport(new Envelope(lift(l), 1, seq, t), t - 20_000, t, "1", "3", cards)));
                runs = random.nextInt(40) == 0 ? 3 : runs + random.nextInt(4);
                messages.add(accepted(new CounterReport(new Envelope(lift(l), 1, seq + 1, t), runs, runs * 17,
                        runs * 2, runs * 5, BigDecimal.valueOf(runs * 3, 2))));
                if (random.nextInt(10) == 0) {
                    FaultType type = FaultType.values()[random.nextInt(3)];
                    messages.add(accepted(new FaultReport(new Envelope(lift(l), 1, seq + 2, t), type,
                            random.nextBoolean(), "2", null)));
                }
            }
        }
        for (int d = 0; d < 40; d++) {
            messages.add(messages.get(random.nextInt(messages.size())));
        }
        Collections.shuffle(messages, random);
        return messages;
    }

    private static Inbound accepted(io.liftwatch.common.wire.LiftMessage message) {
        return Inbound.accepted("t", new byte[0], message.envelope().deviceTime(), message, () -> { });
    }

    private void write(List<Inbound> messages) throws SQLException {
        for (int from = 0; from < messages.size(); from += 97) {
            writer.write(messages.subList(from, Math.min(messages.size(), from + 97)));
        }
    }

    @Test
    void everyLiftHourEqualsTheRawRowsItSummarises() throws SQLException {
        write(telemetry(T0, 0));
        assertThat(job.run()).isPositive();
        assertThat(mismatches()).isEmpty();

        // Late messages between the stored ones move counter deltas and runs of hours already rolled up.
        write(telemetry(T0 + 30 * 60_000L, 100_000).subList(0, 200));
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isPositive();
        job.run();

        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isZero();
        assertThat(mismatches()).isEmpty();
        assertThat(dailyMismatches()).isEmpty();
        assertThat(database.count("SELECT count(*) FROM lift_day_cards")).isPositive();
        assertThat(job.state().getString("status")).isEqualTo("UP");
    }

    @Test
    void dailyReadersEqualTheRawComputationAcrossBeijingDaysAndMonthsWithPendingHours() throws SQLException {
        // From 10:00 on 31 October in Beijing (02:00 UTC) to the next evening: over a Beijing midnight that is also
        // a month's end, and over a UTC midnight eight hours later.
        long start = java.time.Instant.parse("2025-10-31T02:00:00Z").toEpochMilli();
        write(telemetry(start, 300_000));
        job.run();
        assertThat(dailyMismatches()).isEmpty();
        // Late runs, counters and faults between the stored ones: their hours are pending until the job runs again.
        write(telemetry(start + 7 * 60_000L, 400_000).subList(0, 250));
        assertThat(database.count("SELECT count(*) FROM rollup_pending")).isPositive();
        for (boolean rolledUp : new boolean[]{false, true}) {
            if (rolledUp) {
                job.run();
                assertThat(database.count("SELECT count(*) FROM rollup_pending")).isZero();
            }
            for (int p = 0; p < 16; p++) {
                // Periods of minutes to three days, the first two over whole Beijing days only.
                long from = p < 2 ? start - 10 * HOUR + p * 24 * HOUR
                        : start - 12 * HOUR + random.nextInt(40 * 60) * 60_000L + random.nextInt(60_000);
                long to = p < 2 ? from + 24 * HOUR * (p + 1)
                        : from + random.nextInt(p < 6 ? 90 : 3 * 24 * 60) * 60_000L + random.nextInt(60_000);
                for (int l = 1; l <= 3; l++) {
                    String span = "'" + lift(l) + "', to_timestamp(" + from + "::float8 / 1000), to_timestamp(" + to
                            + "::float8 / 1000)";
                    String where = "WHERE lift_id = '" + lift(l) + "' AND ts >= to_timestamp(" + from
                            + "::float8 / 1000) AND ts < to_timestamp(" + to + "::float8 / 1000)";
                    String period = String.format("lift %d, %d..%d, rolled up %s", l, from, to, rolledUp);
                    assertThat(database.text("SELECT string_agg(x::text, ' ' ORDER BY day) FROM lift_counter_days(" + span
                            + ") x")).as("counter days of %s", period)
                            .isEqualTo(database.text("SELECT string_agg(x::text, ' ' ORDER BY day) FROM (SELECT"
                                    + " (ts AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(d_runs), sum(d_run_seconds),"
                                    + " sum(d_door_cycles), sum(d_rope_bends), sum(d_energy_kwh),"
                                    + " count(*) FILTER (WHERE reset), count(*) FROM counter_sample " + where
                                    + " GROUP BY 1) x"));
                    assertThat(database.text("SELECT string_agg(code || '=' || raised, ',' ORDER BY code) FROM lift_fault_counts(" + span
                            + ")")).as("faults by type of %s", period)
                            .isEqualTo(database.text("SELECT string_agg(code || '=' || n, ',' ORDER BY code) FROM (SELECT"
                                    + " code, count(*) AS n FROM fault " + where + " AND raised GROUP BY code) x"));
                    assertThat(database.text(RUN_CARDS.formatted(span, SHANGHAI))).as("rides of %s", period)
                            .isEqualTo(database.text(RAW_RUN_CARDS.formatted(SHANGHAI, where)));
                    assertThat(database.text(RUN_CARDS.formatted(span, "Europe/Berlin"))).as("Berlin rides of %s", period)
                            .isEqualTo(database.text(RAW_RUN_CARDS.formatted("Europe/Berlin", where)));
                }
            }
        }
        assertThat(dailyMismatches()).isEmpty();
    }

    @Test
    void readersOfAPeriodEqualTheRawComputationBeforeAndAfterTheJob() throws SQLException {
        write(telemetry(T0 + 40 * HOUR, 200_000));
        for (boolean rolledUp : new boolean[]{false, true}) {
            if (rolledUp) {
                job.run();
            }
            for (int p = 0; p < 12; p++) {
                long from = T0 + 40 * HOUR + random.nextInt(30 * 60) * 60_000L + random.nextInt(60_000);
                long to = from + random.nextInt(p < 3 ? 60 : 24 * 60) * 60_000L + random.nextInt(60_000);
                for (int l = 1; l <= 3; l++) {
                    String span = "'" + lift(l) + "', to_timestamp(" + from + " / 1000.0), to_timestamp(" + to + " / 1000.0)";
                    String where = "WHERE lift_id = '" + lift(l) + "' AND ts >= to_timestamp(" + from
                            + " / 1000.0) AND ts < to_timestamp(" + to + " / 1000.0)";
                    assertReadersEqualRawRows(span, where, "lift %d, %d..%d, rolled up %s".formatted(l, from, to, rolledUp));
                }
            }
        }
    }

    @Test
    void onlineTimeOfAPeriodEqualsItsPresenceSpansBeforeAndAfterTheJob() throws SQLException {
        String lift = lift(4);
        long start = T0 + 200 * HOUR;
        // Ended spans over eight days, some within an hour, some over days, and one in progress in lift_state.
        long t = start;
        StringBuilder spans = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            long since = t + random.nextInt(3 * 3600) * 1000L;
            long until = since + (random.nextInt(4) == 0 ? random.nextInt(3 * 24 * 3600) : random.nextInt(3600)) * 1000L
                    + random.nextInt(1000);
            spans.append(spans.isEmpty() ? "" : ",").append("('").append(lift).append("', to_timestamp(").append(since)
                    .append("::float8 / 1000), to_timestamp(").append(until).append("::float8 / 1000))");
            t = until + 1000;
        }
        database.execute("INSERT INTO lift_presence (lift_id, since, until) VALUES " + spans);
        database.execute("INSERT INTO lift_state (lift_id, presence_since, presence_until, presence_open) VALUES ('" + lift
                + "', to_timestamp(" + (t + 600_000) + "::float8 / 1000), to_timestamp(" + (t + 5 * HOUR)
                + "::float8 / 1000), true)");
        long end = t + 6 * HOUR;
        for (boolean rolledUp : new boolean[]{false, true}) {
            if (rolledUp) {
                while (job.run() > 0) {
                    assertThat(job.state().getString("status")).isEqualTo("UP");
                }
            }
            for (int p = 0; p < 20; p++) {
                long from = start + (long) (random.nextDouble() * (end - start));
                long to = from + (long) (random.nextDouble() * (end - from)) + (p < 4 ? 0 : end - from) / 2;
                String a = "to_timestamp(" + from + "::float8 / 1000)";
                String b = "to_timestamp(" + Math.min(to, end + HOUR) + "::float8 / 1000)";
                assertThat(database.text("SELECT lift_online_seconds('" + lift + "', " + a + ", " + b + ")::numeric(14, 3)"))
                        .as("online seconds %d..%d, rolled up %s", from, to, rolledUp)
                        .isEqualTo(database.text("SELECT (" + spansOver(lift, a, b) + " + coalesce((SELECT"
                                + " extract(epoch FROM least(presence_until, " + b + ") - greatest(presence_since, " + a
                                + ")) FROM lift_state WHERE lift_id = '" + lift + "' AND presence_since < " + b
                                + " AND presence_until > " + a + "), 0))::numeric(14, 3)"));
            }
        }
        // Each day equals its hours, and its online time the spans within the day.
        assertThat(database.text("SELECT count(*) FROM lift_day d WHERE d.lift_id = '" + lift + "' AND d.online_seconds <> "
                + spansOver(lift, "rollup_day_start(d.day)", "rollup_day_start(d.day + 1)"))).isEqualTo("0");
        assertThat(database.count("SELECT count(*) FROM lift_day WHERE lift_id = '" + lift + "'")).isGreaterThan(5);
    }

    /**
     * Counter totals, raised faults and rides per household of a lift and period ({@code span}: lift, from, to) equal
     * the raw rows ({@code where}: the same lift and period).
     */
    private void assertReadersEqualRawRows(String span, String where, String description) throws SQLException {
        assertThat(database.text("SELECT lift_counter_totals(" + span + ")::text")).as("counter totals, " + description)
                .isEqualTo(database.text("SELECT row(coalesce(sum(d_runs), 0), coalesce(sum(d_run_seconds), 0),"
                        + " coalesce(sum(d_door_cycles), 0), coalesce(sum(d_rope_bends), 0),"
                        + " coalesce(sum(d_energy_kwh), 0), count(*) FILTER (WHERE reset), count(*))::text"
                        + " FROM counter_sample " + where));
        assertThat(database.text("SELECT lift_faults_raised(" + span + ")")).as("raised faults, " + description)
                .isEqualTo(database.text("SELECT count(*) FROM fault " + where + " AND raised"));
        assertThat(database.text(RUN_CARDS.formatted(span, SHANGHAI))).as("rides, " + description)
                .isEqualTo(database.text(RAW_RUN_CARDS.formatted(SHANGHAI, where)));
    }

    /** The seconds of [a, b) the lift's ended spans cover, every span read (what presence_seconds bounds its read to). */
    private static String spansOver(String lift, String a, String b) {
        return "(SELECT coalesce(sum(extract(epoch FROM least(until, " + b + ") - greatest(since, " + a + "))), 0)"
                + "::numeric(12, 3) FROM lift_presence WHERE lift_id = '" + lift + "' AND since < " + b + " AND until > " + a + ")";
    }

    /**
     * The job leaves the hour in progress (V59) and takes every other marked hour: one that has ended and one after
     * it (a lift whose clock runs ahead). Each of the three hours gets its rows ten minutes after it starts. The job
     * runs in one transaction here and what it left is read in the same one, so the hour in progress is that
     * transaction's, even if an hour turns while the test writes. Readers of whole days and of a period ending within
     * the hour in progress equal the raw rows whatever the job left.
     */
    @Test
    void theJobLeavesTheHourInProgressAndReadersStayExact() throws SQLException {
        String lift = lift(5);
        long now = System.currentTimeMillis();
        long thisHour = now - now % HOUR;
        List<Inbound> messages = new ArrayList<>();
        int seq = 0;
        for (long hour : new long[]{thisHour - 2 * HOUR, thisHour, thisHour + 2 * HOUR}) {
            for (int i = 0; i < 3; i++) {
                long at = hour + (10 + i) * 60_000L;
                messages.add(accepted(new RunReport(new Envelope(lift, 1, ++seq, at), at - 20_000, at, "1", "3", List.of(CARDS.get(i)))));
                messages.add(accepted(new CounterReport(new Envelope(lift, 1, ++seq, at), 10 + seq, 170 + seq, 20 + seq, 50 + seq,
                        BigDecimal.valueOf(30 + seq, 2))));
                messages.add(accepted(new FaultReport(new Envelope(lift, 1, ++seq, at), FaultType.values()[i], true, "2", null)));
            }
        }
        String inProgress = "date_bin('1 hour', now(), timestamptz '2000-01-01 00:00+00')";
        String runHour = "date_bin('1 hour', ts, timestamptz '2000-01-01 00:00+00')";
        try {
            write(messages);
            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                c.setAutoCommit(false);
                sql.execute("SELECT liftwatch_refresh_rollups(1000)");
                try (ResultSet left = sql.executeQuery("SELECT (SELECT count(*) FROM rollup_pending WHERE lift_id = '" + lift
                        + "' AND hour <> " + inProgress + "), (SELECT count(*) FROM rollup_pending WHERE lift_id = '" + lift
                        + "' AND hour = " + inProgress + "), (SELECT count(*) FROM run WHERE lift_id = '" + lift + "' AND ts >= "
                        + inProgress + " AND ts < " + inProgress + " + interval '1 hour'), (SELECT count(*) FROM lift_hour"
                        + " WHERE lift_id = '" + lift + "' AND hour <> " + inProgress + "), (SELECT count(*) FROM lift_hour"
                        + " WHERE lift_id = '" + lift + "' AND hour = " + inProgress + "), (SELECT count(DISTINCT " + runHour
                        + ") FROM run WHERE lift_id = '" + lift + "' AND " + runHour + " <> " + inProgress + ")")) {
                    left.next();
                    assertThat(left.getLong(1)).as("marks of other hours than the one in progress").isZero();
                    assertThat(left.getLong(2)).as("the mark of the hour in progress, if it has runs")
                            .isEqualTo(left.getLong(3) > 0 ? 1 : 0);
                    assertThat(left.getLong(4)).as("hours rolled up: every hour with runs but the one in progress")
                            .isEqualTo(left.getLong(6)).isGreaterThanOrEqualTo(2);
                    assertThat(left.getLong(5)).as("the hour in progress rolled up").isZero();
                }
                c.commit();
            }
            for (long[] period : new long[][]{{now - 3 * 24 * HOUR, now + 3 * 24 * HOUR},
                    {thisHour - 150 * 60_000L, thisHour + 11 * 60_000L + 30_000}}) {
                String a = "to_timestamp(" + period[0] + " / 1000.0)";
                String b = "to_timestamp(" + period[1] + " / 1000.0)";
                String span = "'" + lift + "', " + a + ", " + b;
                String where = "WHERE lift_id = '" + lift + "' AND ts >= " + a + " AND ts < " + b;
                assertReadersEqualRawRows(span, where, "lift 5, " + period[0] + ".." + period[1]);
                assertThat(database.text("SELECT lift_online_seconds(" + span + ")::numeric(14, 3)"))
                        .isEqualTo(database.text("SELECT (" + spansOver(lift, a, b) + " + coalesce((SELECT extract(epoch FROM"
                                + " least(presence_until, " + b + ") - greatest(presence_since, " + a + ")) FROM lift_state"
                                + " WHERE lift_id = '" + lift + "' AND presence_since < " + b + " AND presence_until > " + a
                                + "), 0))::numeric(14, 3)"));
            }
        } finally {
            for (String table : List.of("run", "counter_sample", "counter_latest", "fault", "rollup_pending", "lift_hour",
                    "lift_hour_fault", "lift_day", "lift_day_cards", "lift_day_fault", "lift_state", "lift_presence")) {
                database.execute("DELETE FROM " + table + " WHERE lift_id = '" + lift + "'");
            }
        }
    }

    @Test
    void aFailingRefreshIsCountedAndShownUntilItSucceedsAgain() throws SQLException {
        database.execute("ALTER FUNCTION liftwatch_refresh_rollups(integer) RENAME TO refresh_away");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(job::run).isInstanceOf(SQLException.class);
            assertThat(meters.get(RollupJob.FAILURES).tag("job", "rollup").counter().count()).isEqualTo(1);
            assertThat(job.state().getString("status")).isEqualTo("FAILING");
            assertThat(job.state().getString("error")).contains("liftwatch_refresh_rollups");
        } finally {
            database.execute("ALTER FUNCTION refresh_away(integer) RENAME TO liftwatch_refresh_rollups");
        }
        job.run();
        assertThat(job.state().getString("status")).isEqualTo("UP");
        assertThat(meters.get(RollupJob.LAST_SUCCESS).tag("job", "rollup").gauge().value()).isPositive();
    }

    /**
     * Lift-days (China Standard Time) whose card sets or raised faults by type differ from the raw rows; empty when
     * all agree.
     */
    private List<String> dailyMismatches() throws SQLException {
        List<String> differences = new ArrayList<>();
        String compare = """
                WITH days AS (
                    SELECT lift_id, (ts AT TIME ZONE 'Asia/Shanghai')::date AS day FROM run
                    UNION SELECT lift_id, (ts AT TIME ZONE 'Asia/Shanghai')::date FROM fault
                    UNION SELECT lift_id, day FROM lift_day_cards UNION SELECT lift_id, day FROM lift_day_fault
                ), both_ways AS (
                    SELECT d.lift_id, d.day,
                           (SELECT string_agg(k || '=' || n, ',' ORDER BY k) FROM (
                               SELECT array_to_string(cards, '+') AS k, count(*) AS n FROM run r
                               WHERE r.lift_id = d.lift_id AND r.ts >= rollup_day_start(d.day)
                                 AND r.ts < rollup_day_start(d.day + 1) AND cardinality(r.cards) > 0 GROUP BY 1) x) AS raw_cards,
                           (SELECT string_agg(array_to_string(cards, '+') || '=' || runs, ',' ORDER BY array_to_string(cards, '+'))
                              FROM lift_day_cards c WHERE c.lift_id = d.lift_id AND c.day = d.day) AS cards,
                           (SELECT string_agg(code || '=' || n, ',' ORDER BY code) FROM (
                               SELECT code, count(*) AS n FROM fault f WHERE f.lift_id = d.lift_id AND f.raised
                                 AND f.ts >= rollup_day_start(d.day) AND f.ts < rollup_day_start(d.day + 1) GROUP BY code) x)
                               AS raw_faults,
                           (SELECT string_agg(code || '=' || raised, ',' ORDER BY code) FROM lift_day_fault f
                             WHERE f.lift_id = d.lift_id AND f.day = d.day) AS faults
                    FROM days d
                )
                SELECT lift_id || ' ' || day || ': raw ' || coalesce(raw_cards, '-') || ' / ' || coalesce(raw_faults, '-')
                       || ' rolled ' || coalesce(cards, '-') || ' / ' || coalesce(faults, '-')
                FROM both_ways WHERE (raw_cards, raw_faults) IS DISTINCT FROM (cards, faults)""";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(compare)) {
            while (rows.next()) {
                differences.add(rows.getString(1));
            }
        }
        return differences;
    }

    /**
     * Lift-hours whose rollup differs from the raw computation (runs, counters, faults, cards, online time from
     * the ended presence spans), as text; empty when all agree.
     */
    private List<String> mismatches() throws SQLException {
        List<String> differences = new ArrayList<>();
        String raw = """
                WITH hours AS (
                    SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00+00') AS hour FROM run
                    UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00+00') FROM counter_sample
                    UNION SELECT lift_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00+00') FROM fault
                    UNION SELECT lift_id, generate_series(date_bin('1 hour', since, timestamptz '2000-01-01 00:00+00'),
                                                          until, interval '1 hour') FROM lift_presence
                ), raw AS (
                    SELECT h.lift_id, h.hour,
                           (SELECT count(*) FROM run r WHERE r.lift_id = h.lift_id AND r.ts >= h.hour
                              AND r.ts < h.hour + interval '1 hour') AS runs,
                           (SELECT row(sum(d_runs), sum(d_run_seconds), sum(d_door_cycles), sum(d_energy_kwh),
                                       count(*) FILTER (WHERE reset))::text
                              FROM counter_sample c WHERE c.lift_id = h.lift_id AND c.ts >= h.hour
                              AND c.ts < h.hour + interval '1 hour') AS counters,
                           (SELECT string_agg(code || '=' || n, ',' ORDER BY code) FROM (
                               SELECT code, count(*) AS n FROM fault f WHERE f.lift_id = h.lift_id AND f.raised
                                 AND f.ts >= h.hour AND f.ts < h.hour + interval '1 hour' GROUP BY code) x) AS faults,
                           (SELECT coalesce(sum(extract(epoch FROM least(p.until, h.hour + interval '1 hour')
                                                       - greatest(p.since, h.hour))), 0)::numeric(12, 3)
                              FROM lift_presence p WHERE p.lift_id = h.lift_id AND p.since < h.hour + interval '1 hour'
                              AND p.until > h.hour) AS online
                    FROM hours h
                ), rolled AS (
                    SELECT h.lift_id, h.hour, h.runs,
                           CASE WHEN h.counter_samples = 0 THEN row(NULL::numeric, NULL::numeric, NULL::numeric,
                                NULL::numeric, 0::bigint)::text
                                ELSE row(h.counter_runs::numeric, h.run_seconds::numeric, h.door_cycles::numeric,
                                         h.energy_kwh, h.counter_resets)::text END AS counters,
                           (SELECT string_agg(code || '=' || raised, ',' ORDER BY code) FROM lift_hour_fault f
                             WHERE f.lift_id = h.lift_id AND f.hour = h.hour) AS faults,
                           h.online_seconds AS online
                    FROM lift_hour h
                )
                SELECT coalesce(r.lift_id, o.lift_id) || ' ' || coalesce(r.hour, o.hour) || ': raw ' || r::text
                       || ' rolled ' || o::text
                FROM raw r FULL JOIN rolled o ON o.lift_id = r.lift_id AND o.hour = r.hour
                WHERE r IS DISTINCT FROM o""";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(raw)) {
            while (rows.next()) {
                differences.add(rows.getString(1));
            }
        }
        return differences;
    }
}
