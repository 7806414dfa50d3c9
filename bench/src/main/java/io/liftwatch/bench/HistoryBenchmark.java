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
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.ingest.Inbound;
import io.liftwatch.ingest.TelemetryWriter;
import io.liftwatch.simulator.Behaviour;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.LiftModel;
import io.liftwatch.simulator.Simulator;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.StringReader;
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
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Years of a district's history: the lifts' models generate runs, counters, faults, events and status
 * changes for {@code --days} (loaded by COPY, as ingest would have stored them, a status stored only when
 * it differs from the lift's previous one), the hourly rollups catch up, then the API's queries run beside
 * a bare scan of the rows they answer from. Counter batches are timed on the empty database and again on
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
            Registry fleet = FleetPlan.generate(lifts, 5);
            new RegistryStore(pool).upsert(fleet);
            List<String> batchLifts = fleet.lifts().stream().limit(BATCH_LIFTS).map(Lift::id).toList();

            long[] empty = counterBatches(pool, batchLifts, Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
            execute(pool, "DELETE FROM counter_sample", "DELETE FROM counter_latest", "DELETE FROM rollup_pending",
                    "DELETE FROM lift_hour", "DELETE FROM lift_day", "DELETE FROM lift_state", "DELETE FROM lift_presence");

            long t0 = System.nanoTime();
            long[] rows = load(pool, fleet);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            execute(pool, """
                    INSERT INTO counter_latest (lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh)
                    SELECT DISTINCT ON (lift_id) lift_id, ts, boot, seq, runs, run_seconds, door_cycles, rope_bends, energy_kwh
                    FROM counter_sample ORDER BY lift_id, boot DESC, seq DESC""");
            t0 = System.nanoTime();
            long hours = rollUp(pool);
            double rollupSeconds = (System.nanoTime() - t0) / 1e9;
            compress(pool);
            execute(pool, "VACUUM ANALYZE", "CHECKPOINT");
            System.out.printf("history: %,d lifts x %d days: %,d runs, %,d counter samples, %,d faults, %,d events,"
                            + " %,d status changes loaded by COPY in %.0f s; %,d lift-hours rolled up in %.0f s%n",
                    lifts, days, rows[0], rows[1], rows[2], rows[3], rows[4], loadSeconds, hours, rollupSeconds);

            long[] full = counterBatches(pool, batchLifts, END.toEpochMilli() + 60_000);
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

    /** Runs each lift's model over the days and COPYs what it reported; rows per table. */
    private long[] load(HikariDataSource pool, Registry fleet) throws Exception {
        Map<String, Map<String, List<List<String>>>> cards = Simulator.cardsByStairwellAndFloor(fleet);
        Behaviour field = Behaviour.realistic();
        // Heartbeats repeat the lift's status and are not stored (they move last_seen only); one a day is enough.
        Behaviour behaviour = new Behaviour(field.tripsPerDay(), Duration.ofHours(24), field.counterInterval(),
                field.visitInterval(), field.faultsPerLiftDay(), field.entrapmentsPerLiftDay(), field.rebootsPerLiftDay());
        long start = END.toEpochMilli() - days * 86_400_000L;
        Map<String, String> codes = statusCodes(pool);
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(workers.submit(() -> {
                long[] rows = new long[5];
                try (Connection c = pool.getConnection()) {
                    for (int i = next.getAndIncrement(); i < fleet.lifts().size(); i = next.getAndIncrement()) {
                        Lift lift = fleet.lifts().get(i);
                        LiftModel model = new LiftModel(lift, cards.getOrDefault(lift.stairwellId(), Map.of()),
                                behaviour, 31L * i, start);
                        Copy copy = new Copy(codes);
                        for (long until = start + 30 * 86_400_000L; ; until += 30 * 86_400_000L) {
                            long end = Math.min(until, END.toEpochMilli());
                            for (LiftMessage message : model.advance(end)) {
                                copy.add(message);
                            }
                            copy.flush(c, rows);
                            if (end == END.toEpochMilli()) {
                                break;
                            }
                        }
                        copy.finish(c);
                    }
                }
                return rows;
            }));
        }
        long[] total = new long[5];
        for (Future<long[]> rows : done) {
            long[] r = rows.get();
            for (int k = 0; k < total.length; k++) {
                total[k] += r[k];
            }
        }
        workers.shutdown();
        return total;
    }

    /** The codes status_sample stores for the words of a status, by "kind:word". */
    private static Map<String, String> statusCodes(HikariDataSource pool) throws SQLException {
        Map<String, String> codes = new java.util.HashMap<>();
        try (Connection c = pool.getConnection(); var sql = c.createStatement();
             ResultSet r = sql.executeQuery("SELECT kind || ':' || word, code FROM status_word")) {
            while (r.next()) {
                codes.put(r.getString(1), r.getString(2));
            }
        }
        return codes;
    }

    /** One lift's reports as COPY text per table, with the counter deltas ingest would have computed. */
    private static final class Copy {
        private final StringBuilder runs = new StringBuilder();
        private final StringBuilder counters = new StringBuilder();
        private final StringBuilder faults = new StringBuilder();
        private final StringBuilder events = new StringBuilder();
        private final StringBuilder statuses = new StringBuilder();
        private final long[] pending = new long[5];
        private final StringBuilder presence = new StringBuilder();
        /** status_word's code of each "kind:word" (V43): status_sample stores codes. */
        private final Map<String, String> codes;
        private CounterReport previous;
        private List<Object> lastStatus;
        private String lift;
        private long firstSeen = -1;
        private long spanSince = -1;
        private long spanUntil;
        private long spanBoot;

        Copy(Map<String, String> codes) {
            this.codes = codes;
        }

        void add(LiftMessage message) {
            Envelope e = message.envelope();
            presence(e);
            String key = e.liftId() + '\t' + instant(e.deviceTime()) + '\t' + e.boot() + '\t' + e.seq() + '\t'
                    + instant(e.deviceTime());
            if (message instanceof RunReport run) {
                runs.append(key).append('\t').append(instant(run.startedAt())).append('\t').append(run.fromFloor())
                        .append('\t').append(run.toFloor()).append("\t{").append(String.join(",", run.cards()))
                        .append("}\n");
                pending[0]++;
            } else if (message instanceof CounterReport counter) {
                counters.append(key).append('\t').append(counter.runs()).append('\t').append(counter.runSeconds())
                        .append('\t').append(counter.doorCycles()).append('\t').append(counter.ropeBends())
                        .append('\t').append(counter.energyKwh());
                boolean reset = previous != null && (counter.runs() < previous.runs()
                        || counter.runSeconds() < previous.runSeconds() || counter.doorCycles() < previous.doorCycles()
                        || counter.ropeBends() < previous.ropeBends()
                        || counter.energyKwh().compareTo(previous.energyKwh()) < 0);
                boolean none = previous == null || reset;
                counters.append('\t').append(none ? 0 : counter.runs() - previous.runs())
                        .append('\t').append(none ? 0 : counter.runSeconds() - previous.runSeconds())
                        .append('\t').append(none ? 0 : counter.doorCycles() - previous.doorCycles())
                        .append('\t').append(none ? 0 : counter.ropeBends() - previous.ropeBends())
                        .append('\t').append(none ? BigDecimal.ZERO : counter.energyKwh().subtract(previous.energyKwh()))
                        .append('\t').append(reset).append('\n');
                previous = counter;
                pending[1]++;
            } else if (message instanceof FaultReport fault) {
                faults.append(key).append('\t').append(fault.type().wireName()).append('\t')
                        .append(fault.type().gbtCode() == null ? "\\N" : fault.type().gbtCode()).append('\t')
                        .append(fault.raised()).append('\t').append(text(fault.floor())).append('\t')
                        .append(text(fault.detail())).append('\n');
                pending[2]++;
            } else if (message instanceof EventReport event) {
                events.append(key).append('\t').append(event.type().wireName()).append('\t')
                        .append(event.type().gbtCode()).append('\t').append(text(event.floor())).append('\t')
                        .append(text(event.detail())).append('\n');
                pending[3]++;
            } else if (message instanceof StatusReport s) {
                List<Object> state = Arrays.asList(s.mode(), s.moving(), s.direction(), s.floor(), s.doorZone(),
                        s.doorLocked(), s.passenger(), s.power(), s.upLimit(), s.downLimit(), s.loadPercent());
                if (!Objects.equals(state, lastStatus)) {
                    statuses.append(key).append('\t').append(codes.get("mode:" + s.mode().wireName())).append('\t')
                            .append(s.moving()).append('\t').append(codes.get("direction:" + s.direction())).append('\t')
                            .append(s.floor()).append('\t').append(s.doorZone()).append('\t').append(s.doorLocked())
                            .append('\t').append(s.passenger()).append('\t').append(codes.get("power:" + s.power()))
                            .append('\t').append(s.upLimit())
                            .append('\t').append(s.downLimit()).append('\t')
                            .append(s.loadPercent() == null ? "\\N" : s.loadPercent()).append('\t')
                            .append(s.speed() == null ? "\\N" : s.speed()).append('\n');
                    lastStatus = state;
                    pending[4]++;
                }
            }
        }

        /**
         * Presence as ingest keeps it: the lift is heard continuously (the heartbeats that are not stored) except
         * across a reboot, which ends a span at the last message of the old boot.
         */
        private void presence(Envelope e) {
            lift = e.liftId();
            if (spanSince < 0) {
                firstSeen = e.deviceTime();
            } else if (e.boot() != spanBoot) {
                presence.append(lift).append('\t').append(instant(spanSince)).append('\t').append(instant(spanUntil))
                        .append('\n');
            }
            if (spanSince < 0 || e.boot() != spanBoot) {
                spanSince = e.deviceTime();
                spanBoot = e.boot();
            }
            spanUntil = Math.max(spanUntil, e.deviceTime());
        }

        /** The lift's latest state: first heard, and the span in progress, heard (by heartbeats) until the end. */
        void finish(Connection c) throws SQLException {
            spanUntil = END.toEpochMilli();
            try (PreparedStatement state = c.prepareStatement("INSERT INTO lift_state (lift_id, first_seen_at,"
                    + " last_seen_at, presence_since, presence_until, presence_open, online)"
                    + " VALUES (?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, true, true)")) {
                bind(state, lift, instant(firstSeen), instant(spanUntil), instant(spanSince), instant(spanUntil))
                        .executeUpdate();
            }
        }

        void flush(Connection c, long[] rows) throws SQLException {
            try {
                var api = c.unwrap(PGConnection.class).getCopyAPI();
                api.copyIn("COPY lift_presence (lift_id, since, until) FROM STDIN", new StringReader(presence.toString()));
                api.copyIn("COPY run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards)"
                        + " FROM STDIN", new StringReader(runs.toString()));
                api.copyIn("COPY counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles,"
                        + " rope_bends, energy_kwh, d_runs, d_run_seconds, d_door_cycles, d_rope_bends, d_energy_kwh,"
                        + " reset) FROM STDIN", new StringReader(counters.toString()));
                api.copyIn("COPY fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor, detail)"
                        + " FROM STDIN", new StringReader(faults.toString()));
                api.copyIn("COPY lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code, floor, detail)"
                        + " FROM STDIN", new StringReader(events.toString()));
                api.copyIn("COPY status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction, floor,"
                        + " door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms)"
                        + " FROM STDIN", new StringReader(statuses.toString()));
            } catch (java.io.IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
            for (int k = 0; k < rows.length; k++) {
                rows[k] += pending[k];
                pending[k] = 0;
            }
            runs.setLength(0);
            counters.setLength(0);
            faults.setLength(0);
            events.setLength(0);
            statuses.setLength(0);
            presence.setLength(0);
        }

        private static String text(String value) {
            return value == null ? "\\N" : value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
        }
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** The rollup job's work after the load, as ingest would run it; lift-hours recomputed. */
    private static long rollUp(HikariDataSource pool) throws SQLException {
        long total = 0;
        try (Connection c = pool.getConnection();
             PreparedStatement refresh = c.prepareStatement("SELECT liftwatch_refresh_rollups(20000)")) {
            c.setAutoCommit(false);
            int done;
            do {
                try (ResultSet r = refresh.executeQuery()) {
                    r.next();
                    done = r.getInt(1);
                }
                c.commit();
                total += done;
            } while (done > 0);
        }
        return total;
    }

    private static final String DAY_STATUS = """
            SELECT ts, mode, moving, direction, floor, door_zone, door_locked, passenger, power
            FROM status_history WHERE lift_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, boot DESC, seq DESC LIMIT ?""";
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
                     + " WHERE lift_id = ? AND ts >= ? AND ts < ?) + (SELECT count(*) FROM run WHERE lift_id = ?"
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
                drain(bind(runScan, lift, dayStart, dayEnd, lift, dayStart, dayEnd));
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
            Object[] gridParameters = {null, from, to};
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

    /**
     * Where TimescaleDB runs, compresses every chunk of the history as its compression policy would (the
     * history is older than the policy's 30 days), so queries and bytes are those of compressed history.
     */
    private static void compress(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            try (ResultSet installed = sql.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
                installed.next();
                if (installed.getInt(1) == 0) {
                    return;
                }
            }
            long t0 = System.nanoTime();
            int chunks = 0;
            try (ResultSet done = sql.executeQuery("""
                    SELECT count(compress_chunk(c, if_not_compressed => true))
                    FROM timescaledb_information.hypertables h
                    CROSS JOIN LATERAL show_chunks(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) c
                    WHERE h.hypertable_schema = current_schema()""")) {
                done.next();
                chunks = done.getInt(1);
            }
            System.out.printf("TimescaleDB: %d chunks compressed in %.0f s%n", chunks, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static final String TABLES = "('status_sample', 'run', 'counter_sample', 'fault', 'lift_event',"
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
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            boolean timescale;
            try (ResultSet installed = sql.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
                installed.next();
                timescale = installed.getInt(1) > 0;
            }
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
