package io.liftwatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.audit.GridSql;
import io.liftwatch.api.metering.RideSql;
import io.liftwatch.api.telemetry.TelemetrySql;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.ingest.Inbound;
import io.liftwatch.ingest.TelemetryWriter;
import io.liftwatch.simulator.FleetPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Years of a district's history: the lifts' models generate runs, counters, faults, events and status
 * changes for {@code --days} (loaded by COPY, as ingest would have stored them, a status stored only when
 * it differs from the lift's previous one, a closed day of them as the packing job leaves it), the hourly
 * rollups catch up and the packing job makes its pass, then the API's queries run beside a bare scan of the rows they
 * answer from. Counter batches are timed on the empty database and again on
 * top of the history: ingest must not slow down as history grows.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "A district's history (default a year of 1,000 lifts): ingest, charts, grid, report, rides, bytes.")
final class HistoryBenchmark implements Callable<Integer> {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** History ends here: midnight of 2026-01-01 in China. */
    private static final Instant END = Instant.parse("2025-12-31T16:00:00Z");
    private static final int BATCH_LIFTS = 20;

    @Option(names = "--lifts", defaultValue = "1000", description = "Lifts in the district (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--days", defaultValue = "365", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--repeats", defaultValue = "50", description = "Times each per-lift query runs (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", defaultValue = "2", description = "Connections loading the history (default ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    BenchDatabase server;

    private final Random random = new Random(24476);

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        DbConfig db = server.create("lw_history_bench");
        try (HikariDataSource pool = Database.pool(new DbConfig(db.url(), db.user(), db.password(), threads + 2),
                "bench-history")) {
            Schema.migrate(pool);
            pauseTimescaleJobs(pool);
            Registry fleet = FleetPlan.generate(lifts, 5);
            new RegistryStore(pool).upsert(fleet);
            List<String> batchLifts = fleet.lifts().stream().limit(BATCH_LIFTS).map(Lift::id).toList();

            // The first round warms the JVM's and the driver's paths up, and ANALYZE gives the planner the small
            // tables' statistics that autovacuum would; the second round is the baseline.
            counterBatches(pool, batchLifts, Instant.parse("2019-01-01T00:00:00Z").toEpochMilli());
            execute(pool, "ANALYZE");
            long[] empty = counterBatches(pool, batchLifts, Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
            execute(pool, "DELETE FROM counter_sample", "DELETE FROM counter_latest", "DELETE FROM rollup_pending",
                    "DELETE FROM lift_hour", "DELETE FROM lift_day", "DELETE FROM lift_state", "DELETE FROM lift_presence");

            long t0 = System.nanoTime();
            HistoryLoad history = new HistoryLoad(pool, fleet, END.toEpochMilli(), days, threads, true);
            long[] rows = history.load();
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            long hours = history.rollUp();
            double rollupSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            long packedDays = history.packStatus(rows[4]);
            double packSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            compress(pool, history);
            history.vacuum();
            execute(pool, "CHECKPOINT");
            double vacuumSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("history: %,d lifts x %d days: %,d runs, %,d counter samples, %,d faults, %,d events,"
                            + " %,d status changes (closed days as %,d packed lift-days) loaded by COPY in %.0f s (%d streams,"
                            + " keys built after); %,d lift-hours rolled up in %.0f s; the packing job's pass %.0f s (%,d"
                            + " lift-days due); compression (TimescaleDB), VACUUM ANALYZE, CHECKPOINT %.0f s%n",
                    lifts, days, rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], loadSeconds, threads, hours,
                    rollupSeconds, packSeconds, packedDays, vacuumSeconds);
            System.out.println("  " + history.breakdown());

            // A week after the history: where TimescaleDB runs, that is a new chunk, as ingest's current week is
            // (the policy compresses chunks after 30 days; the benchmark compressed every chunk of the history).
            long[] full = counterBatches(pool, batchLifts, END.toEpochMilli() + 8 * 86_400_000L);
            System.out.printf("counter batch of %d lifts   p50 %.1f ms on an empty database, %.1f ms on the history:"
                            + " ratio %.2f   (target: <= 1.5)%n", BATCH_LIFTS, empty[0] / 1e6, full[0] / 1e6,
                    (double) full[0] / empty[0]);

            perLift(pool, fleet);
            district(pool, fleet);
            bytes(pool);
        } finally {
            server.drop(db);
        }
        System.out.printf("finished in %.1f min   (target: <= 15 min for a year of 1,000 lifts on two cores)%n",
                (System.nanoTime() - started) / 60e9);
        return 0;
    }

    /**
     * 100 batches of one counter sample per lift, 15 minutes apart from {@code from}, each following the
     * lift's stored samples in device order; p50 and p95 in ns.
     */
    private static long[] counterBatches(HikariDataSource pool, List<String> lifts, long from) throws SQLException {
        TelemetryWriter writer = new TelemetryWriter(pool);
        int batches = 100;
        long[] nanos = new long[batches];
        for (int b = 0; b < batches; b++) {
            List<Inbound> batch = new ArrayList<>();
            long time = from + b * 15 * 60_000L;
            for (String lift : lifts) {
                long runs = 1_000_000L + b * 7L;
                // A boot after every boot of the history (the models number boots by their start second), so
                // these samples follow the stored ones in device order, as a live lift's do.
                CounterReport report = new CounterReport(new Envelope(lift, from / 1000, b, time), runs, runs * 20,
                        runs * 2, runs * 3, BigDecimal.valueOf(runs, 2));
                // Arrivals a minute apart: a live lift is heard between its counter samples (heartbeats), so its
                // presence span goes on rather than ending at every batch.
                batch.add(Inbound.accepted("bench", new byte[0], from + b * 60_000L, report, () -> { }));
            }
            long t0 = System.nanoTime();
            writer.write(batch);
            nanos[b] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return new long[]{nanos[batches / 2], nanos[batches * 95 / 100]};
    }

    private static final String DAY_STATUS = """
            SELECT ts, mode, moving, direction, floor, door_zone, door_locked, passenger, power
            FROM status_rows(?, ?, ?) ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";
    /** A lift's month chart: the counter totals of each day (V42: clean whole days from lift_day). */
    private static final String MONTH_CHART = "SELECT * FROM lift_counter_days(?, ?::timestamptz, ?::timestamptz)";
    /** One lift's day of status and runs, and a lift's month chart, each for a random lift and period. */
    private void perLift(HikariDataSource pool, Registry fleet) throws SQLException {
        long[] day = new long[repeats];
        long[] dayScan = new long[repeats];
        long[] month = new long[repeats];
        long[] monthScan = new long[repeats];
        try (Connection c = pool.getConnection();
             PreparedStatement status = c.prepareStatement(DAY_STATUS);
             PreparedStatement runs = c.prepareStatement(TelemetrySql.RUNS);
             PreparedStatement chart = c.prepareStatement(MONTH_CHART);
             PreparedStatement counterScan = c.prepareStatement(
                     "SELECT count(*), sum(d_runs) FROM counter_sample WHERE lift_id = ? AND ts >= ? AND ts < ?");
             PreparedStatement runScan = c.prepareStatement("SELECT (SELECT count(*) FROM status_sample"
                     + " WHERE lift_id = ? AND ts >= ? AND ts < ?) + (SELECT coalesce(sum(cardinality(ts)), 0)"
                     + " FROM status_day WHERE lift_id = ? AND day = ?) + (SELECT count(*) FROM run WHERE lift_id = ?"
                     + " AND ts >= ? AND ts < ?)")) {
            for (int i = 0; i < repeats + 5; i++) {
                String lift = fleet.lifts().get(random.nextInt(fleet.lifts().size())).id();
                OffsetDateTime dayStart = END.minus(Duration.ofDays(1 + random.nextInt(days))).atZone(ZONE)
                        .toOffsetDateTime();
                OffsetDateTime dayEnd = dayStart.plusDays(1);
                long t0 = System.nanoTime();
                drain(bind(status, lift, dayStart, dayEnd, 5000));
                drain(bind(runs, lift, dayStart, dayEnd, 5000));
                long dayNanos = System.nanoTime() - t0;
                t0 = System.nanoTime();
                drain(bind(runScan, lift, dayStart, dayEnd, lift, dayStart.toLocalDate(), lift, dayStart, dayEnd));
                long dayScanNanos = System.nanoTime() - t0;

                OffsetDateTime monthStart = END.minus(Duration.ofDays(30 + random.nextInt(Math.max(1, days - 29))))
                        .atZone(ZONE).toOffsetDateTime();
                OffsetDateTime monthEnd = monthStart.plusDays(30);
                t0 = System.nanoTime();
                drain(bind(chart, lift, monthStart, monthEnd));
                long monthNanos = System.nanoTime() - t0;
                t0 = System.nanoTime();
                drain(bind(counterScan, lift, monthStart, monthEnd));
                long monthScanNanos = System.nanoTime() - t0;
                if (i >= 5) { // the first five warm up
                    day[i - 5] = dayNanos;
                    dayScan[i - 5] = dayScanNanos;
                    month[i - 5] = monthNanos;
                    monthScan[i - 5] = monthScanNanos;
                }
            }
        }
        System.out.printf("one lift's day of status and runs   p50 %.1f ms  p95 %.1f ms   (target: p95 <= 50 ms)"
                        + "   bare scan p95 %.1f ms%n", p(day, 50), p(day, 95), p(dayScan, 95));
        System.out.printf("a lift's month chart (30 daily totals)   p50 %.1f ms  p95 %.1f ms   (target: p95 <= 100 ms)"
                        + "   bare scan of its counter samples p95 %.1f ms%n", p(month, 50), p(month, 95), p(monthScan, 95));
    }

    /** Grid supervision and the monthly report for the district's last month; a stairwell's rides for the period. */
    private void district(HikariDataSource pool, Registry fleet) throws SQLException {
        Instant monthStart = END.atZone(ZONE).minusMonths(1).toInstant();
        if (days < 31) {
            monthStart = END.minus(Duration.ofDays(days));
        }
        OffsetDateTime from = monthStart.atZone(ZONE).toOffsetDateTime();
        OffsetDateTime to = END.atZone(ZONE).toOffsetDateTime();
        try (Connection c = pool.getConnection();
             PreparedStatement grid = c.prepareStatement(GridSql.LIFTS);
             PreparedStatement visits = c.prepareStatement(GridSql.VISITS);
             PreparedStatement faults = c.prepareStatement(GridSql.FAULTS);
             PreparedStatement faultScan = c.prepareStatement(
                     "SELECT count(*) FROM fault WHERE raised AND ts >= ? AND ts < ?");
             PreparedStatement rides = c.prepareStatement(RideSql.RIDES_PER_HOUSEHOLD);
             PreparedStatement rideScan = c.prepareStatement("SELECT count(*), sum(cardinality(r.cards)) FROM run r"
                     + " JOIN lift l ON l.id = r.lift_id WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?")) {
            Object[] gridParameters = GridSql.liftParameters(null, from, to).toArray();
            drain(bind(grid, gridParameters)); // warm-up
            long t0 = System.nanoTime();
            int gridLifts = drain(bind(grid, gridParameters));
            double gridMs = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            drain(bind(grid, gridParameters));
            drain(bind(visits, from, to));
            drain(bind(faults, null, from, to));
            double reportMs = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            drain(bind(faultScan, from, to));
            double faultScanMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("grid supervision, district-month (%,d lifts)   %.0f ms   (target: <= 1 s)%n"
                            + "monthly report, district-month   %.0f ms   (target: <= 5 s)%n"
                            + "  bare scan of the month's raised faults   %.0f ms%n",
                    gridLifts, gridMs, reportMs, faultScanMs);

            OffsetDateTime yearFrom = END.minus(Duration.ofDays(days)).atZone(ZONE).toOffsetDateTime();
            long[] ride = new long[Math.min(repeats, 20)];
            long[] scan = new long[ride.length];
            for (int i = 0; i < ride.length + 2; i++) {
                String stairwell = fleet.stairwells().get(random.nextInt(fleet.stairwells().size())).id();
                t0 = System.nanoTime();
                drain(bind(rides, stairwell, yearFrom, to, ZONE.getId(), stairwell));
                long rideNanos = System.nanoTime() - t0;
                t0 = System.nanoTime();
                drain(bind(rideScan, stairwell, yearFrom, to));
                if (i >= 2) {
                    ride[i - 2] = rideNanos;
                    scan[i - 2] = System.nanoTime() - t0;
                }
            }
            System.out.printf("a stairwell's rides per household for %d days   p50 %.0f ms  p95 %.0f ms   (target: <= 200 ms)"
                    + "   bare scan of its runs p95 %.0f ms%n", days, p(ride, 50), p(ride, 95), p(scan, 95));
        }
    }

    private static boolean timescale(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); var sql = c.createStatement();
             ResultSet installed = sql.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
            installed.next();
            return installed.getInt(1) > 0;
        }
    }

    /**
     * Where TimescaleDB runs, stops its policies' background jobs for the benchmark's database: the history ends in
     * the past, so the status retention (400 days) would drop the oldest weeks of a year while it is measured, and
     * the compression policy would compress chunks while they load. The benchmark compresses the history itself.
     */
    private static void pauseTimescaleJobs(HikariDataSource pool) throws SQLException {
        if (!timescale(pool)) {
            return;
        }
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            sql.execute("SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs"
                    + " WHERE hypertable_schema = current_schema()");
        }
    }

    /**
     * Where TimescaleDB runs, compresses the chunks the load left uncompressed (the rollups'), as the compression
     * policy would (the history is older than its 30 days), so queries and bytes are those of compressed history.
     */
    private static void compress(HikariDataSource pool, HistoryLoad history) throws Exception {
        if (!timescale(pool)) {
            return;
        }
        long t0 = System.nanoTime();
        int chunks = history.compressChunks();
        System.out.printf("TimescaleDB: %d more chunks compressed in %.0f s%n", chunks, (System.nanoTime() - t0) / 1e9);
    }

    private static final String TABLES = "('status_sample', 'status_day', 'run', 'counter_sample', 'fault', 'lift_event',"
            + " 'connection_event', 'counter_latest', 'lift_state', 'lift_hour', 'lift_hour_fault', 'lift_day',"
            + " 'lift_day_cards', 'lift_day_fault', 'rollup_pending', 'lift_presence')";
    /** The rollup job's queue: its size follows what is marked at once (here the whole load), not the days kept. */
    private static final String QUEUE = "rollup_pending";
    /** Per table: rows, heap (with TOAST) and index bytes. */
    private static final String SIZES = "SELECT * FROM (SELECT relname, reltuples, pg_table_size(oid), pg_indexes_size(oid)"
            + " FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname IN " + TABLES + ")"
            + " t(r, n, heap, idx) ORDER BY heap + idx DESC";
    /** The same where TimescaleDB runs: a hypertable's bytes are its chunks' (compressed or not). */
    private static final String TIMESCALE_SIZES = "SELECT * FROM (SELECT c.relname, CASE WHEN h.hypertable_name IS NULL THEN c.reltuples"
            + " ELSE approximate_row_count(c.oid) END, CASE WHEN h.hypertable_name IS NULL THEN pg_table_size(c.oid)"
            + " ELSE (SELECT table_bytes + toast_bytes FROM hypertable_detailed_size(c.oid)) END,"
            + " CASE WHEN h.hypertable_name IS NULL THEN pg_indexes_size(c.oid)"
            + " ELSE (SELECT index_bytes FROM hypertable_detailed_size(c.oid)) END FROM pg_class c"
            + " LEFT JOIN timescaledb_information.hypertables h ON h.hypertable_schema = current_schema()"
            + " AND h.hypertable_name = c.relname"
            + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN " + TABLES + ") t(r, n, heap, idx)"
            + " ORDER BY heap + idx DESC";

    /** Stored bytes per lift-day, per table: rows, heap and indexes; the rollup queue apart. */
    private void bytes(HikariDataSource pool) throws SQLException {
        double liftDays = (double) lifts * days;
        double total = 0;
        double queue = 0;
        StringBuilder lines = new StringBuilder(String.format("  %-17s %9s %9s %9s %9s%n", "per lift-day", "rows",
                "heap KB", "index KB", "KB"));
        boolean timescale = timescale(pool);
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            try (ResultSet r = sql.executeQuery(timescale ? TIMESCALE_SIZES : SIZES)) {
                while (r.next()) {
                    double heap = r.getLong(3) / liftDays / 1024;
                    double index = r.getLong(4) / liftDays / 1024;
                    if (QUEUE.equals(r.getString(1))) {
                        queue = heap + index;
                    } else {
                        total += heap + index;
                    }
                    lines.append(String.format("  %-17s %9.1f %9.2f %9.2f %9.2f%n", r.getString(1),
                            Math.max(0, r.getDouble(2)) / liftDays, heap, index, heap + index));
                }
            }
        }
        System.out.printf("stored bytes per lift-day   %.1f KB   (target: <= 60 KB on plain PostgreSQL,"
                        + " <= 10 KB compressed on TimescaleDB)   with the rollup queue's space %.1f KB%n%s",
                total, total + queue, lines);
    }

    private static PreparedStatement bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private static int drain(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private static void execute(HikariDataSource pool, String... statements) throws SQLException {
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }
}
