package io.liftwatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.api.billing.Statement;
import io.liftwatch.api.billing.StatementStore;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.db.Transactions;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.RunReport;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Statements from a simulated fleet-month: the lifts' models generate a month of runs and counter samples
 * (loaded by COPY, as ingest would have stored them), then one stairwell's statement is computed
 * repeatedly and every stairwell of the district is issued its statement. Beside each, a baseline: the
 * bare scan of the same runs, so the figures show what the statement costs over reading its data.
 */
@Command(name = "billing", mixinStandardHelpOptions = true,
        description = "Statement for one stairwell-month and for a whole district, from a simulated fleet-month.")
final class BillingBenchmark implements Callable<Integer> {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate MONTH = LocalDate.of(2025, 3, 1);
    private static final LocalDate NEXT = MONTH.plusMonths(1);

    private static final String ONE_STAIRWELL_SCAN = """
            SELECT count(*), sum(cardinality(r.cards)) FROM run r JOIN lift l ON l.id = r.lift_id
            WHERE l.stairwell_id = ? AND r.ts >= ? AND r.ts < ?""";
    private static final String DISTRICT_SCAN = """
            SELECT r.lift_id, count(*), sum(cardinality(r.cards)) FROM run r WHERE r.ts >= ? AND r.ts < ?
            GROUP BY r.lift_id""";
    private static final String COUNTER_ROWS = "SELECT count(*) FROM counter_sample WHERE ts >= ? AND ts < ?";

    @Option(names = "--lifts", defaultValue = "2000", description = "Lifts (one per stairwell) in the district (default ${DEFAULT-VALUE}).")
    int lifts;

    @Option(names = "--trips-per-day", defaultValue = "100", description = "Runs per lift per day (default ${DEFAULT-VALUE}).")
    double tripsPerDay;

    @Option(names = "--repeats", defaultValue = "50",
            description = "Times the one-stairwell statement is computed (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", defaultValue = "2",
            description = "Connections issuing the district's statements (default ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    BenchDatabase server;

    @Override
    public Integer call() throws Exception {
        DbConfig db = server.create("lw_billing_bench");
        try (HikariDataSource pool = Database.pool(new DbConfig(db.url(), db.user(), db.password(), threads + 2),
                "bench-billing")) {
            Schema.migrate(pool);
            Registry fleet = FleetPlan.generate(lifts, 5);
            new RegistryStore(pool).upsert(fleet);
            long started = System.nanoTime();
            long[] loaded = loadFleetMonth(pool, fleet);
            agreeCostsAndSchemes(pool);
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("VACUUM ANALYZE");
                c.createStatement().execute("CHECKPOINT");
            }
            System.out.printf("fleet-month: %,d lifts, %,d runs and %,d counter samples simulated and loaded in %.0f s%n",
                    lifts, loaded[0], loaded[1], (System.nanoTime() - started) / 1e9);
            oneStairwell(pool, fleet.stairwells().get(0).id());
            district(pool, fleet);
        } finally {
            server.drop(db);
        }
        return 0;
    }

    /** Runs the lifts' models through the month and COPYs their runs and counters, a thread per connection. */
    private long[] loadFleetMonth(HikariDataSource pool, Registry fleet) throws Exception {
        Map<String, Map<String, List<List<String>>>> cards = Simulator.cardsByStairwellAndFloor(fleet);
        // Heartbeats are not billed: a long one keeps the models from generating statuses nobody stores.
        Behaviour field = Behaviour.realistic();
        Behaviour behaviour = new Behaviour(tripsPerDay, java.time.Duration.ofHours(12), field.counterInterval(),
                field.visitInterval(), field.faultsPerLiftDay(), field.entrapmentsPerLiftDay(), field.rebootsPerLiftDay());
        long start = MONTH.atStartOfDay(ZONE).toInstant().toEpochMilli();
        long end = NEXT.atStartOfDay(ZONE).toInstant().toEpochMilli();
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(workers.submit(() -> {
                long[] rows = new long[2];
                try (Connection c = pool.getConnection()) {
                    for (int i = next.getAndIncrement(); i < fleet.lifts().size(); i = next.getAndIncrement()) {
                        Lift lift = fleet.lifts().get(i);
                        LiftModel model = new LiftModel(lift, cards.getOrDefault(lift.stairwellId(), Map.of()),
                                behaviour, 31L * i, start);
                        StringBuilder runs = new StringBuilder();
                        StringBuilder counters = new StringBuilder();
                        CounterReport previous = null;
                        for (LiftMessage message : model.advance(end)) {
                            if (message instanceof RunReport run) {
                                runs.append(run.liftId()).append('\t').append(instant(run.endedAt())).append('\t')
                                        .append(run.envelope().boot()).append('\t').append(run.envelope().seq())
                                        .append('\t').append(instant(run.endedAt())).append('\t')
                                        .append(instant(run.startedAt())).append('\t').append(run.fromFloor())
                                        .append('\t').append(run.toFloor()).append('\t')
                                        .append('{').append(String.join(",", run.cards())).append("}\n");
                                rows[0]++;
                            } else if (message instanceof CounterReport counter) {
                                BigDecimal increase = previous == null ? BigDecimal.ZERO
                                        : counter.energyKwh().subtract(previous.energyKwh());
                                counters.append(counter.liftId()).append('\t')
                                        .append(instant(counter.envelope().deviceTime())).append('\t')
                                        .append(counter.envelope().boot()).append('\t').append(counter.envelope().seq())
                                        .append('\t').append(instant(counter.envelope().deviceTime())).append('\t')
                                        .append(counter.runs()).append('\t').append(counter.runSeconds()).append('\t')
                                        .append(counter.doorCycles()).append('\t').append(counter.ropeBends()).append('\t')
                                        .append(counter.energyKwh()).append('\t')
                                        .append(increase.signum() < 0 ? BigDecimal.ZERO : increase).append('\n');
                                previous = counter;
                                rows[1]++;
                            }
                        }
                        PGConnection copy = c.unwrap(PGConnection.class);
                        copy.getCopyAPI().copyIn("COPY run (lift_id, ts, boot, seq, received_at, started_at, from_floor,"
                                + " to_floor, cards) FROM STDIN", new StringReader(runs.toString()));
                        copy.getCopyAPI().copyIn("COPY counter_sample (lift_id, ts, boot, seq, received_at, runs,"
                                + " run_seconds, door_cycles, rope_bends, energy_kwh, d_energy_kwh) FROM STDIN",
                                new StringReader(counters.toString()));
                    }
                }
                return rows;
            }));
        }
        long[] total = new long[2];
        for (Future<long[]> rows : done) {
            total[0] += rows.get()[0];
            total[1] += rows.get()[1];
        }
        workers.shutdown();
        return total;
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /**
     * Every stairwell: maintenance and metered electricity, a hybrid scheme (40% by Guangzhou floor
     * coefficients, the rest by rides) with the second-floor flats exempt, an owner for every flat, and one
     * flat sold mid-month.
     */
    private static void agreeCostsAndSchemes(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); var sql = c.createStatement()) {
            sql.execute("INSERT INTO cost_item (stairwell_id, period_from, period_to, kind, amount_fen)"
                    + " SELECT id, '" + MONTH + "', '" + NEXT + "', 'maintenance', 36000 FROM stairwell");
            sql.execute("INSERT INTO cost_item (stairwell_id, period_from, period_to, kind, tariff_fen_per_kwh)"
                    + " SELECT id, '" + MONTH + "', '" + NEXT + "', 'electricity', 61.7 FROM stairwell");
            // Coefficients for the floors each stairwell has: a scheme naming a floor it lacks is refused.
            sql.execute("INSERT INTO billing_scheme (stairwell_id, effective_from, scheme, exempt_households)"
                    + " SELECT s.id, '2025-01-01', jsonb_build_object('type', 'hybrid', 'fixedFraction', 0.4,"
                    + " 'fixedPart', jsonb_build_object('type', 'floorCoefficient', 'timesArea', true, 'coefficients',"
                    + " (SELECT jsonb_object_agg(v.floor, v.coefficient) FROM (VALUES ('2', 0.6), ('3', 0.7), ('4', 0.8),"
                    + " ('5', 0.9), ('6', 1.0), ('7', 1.1)) AS v (floor, coefficient)"
                    + " WHERE v.floor IN (SELECT h.floor FROM household h WHERE h.stairwell_id = s.id)))),"
                    + " ARRAY(SELECT h.id FROM household h WHERE h.stairwell_id = s.id AND h.floor = '2')"
                    + " FROM stairwell s");
            sql.execute("INSERT INTO household_party (household_id, party, valid_from, valid_to)"
                    + " SELECT h.id, 'Owner of ' || h.flat, date '2019-01-01', null::date FROM household h"
                    + " WHERE h.flat <> '301'"
                    + " UNION ALL SELECT h.id, 'Seller', date '2019-01-01', date '2025-03-17' FROM household h WHERE h.flat = '301'"
                    + " UNION ALL SELECT h.id, 'Buyer', date '2025-03-17', null::date FROM household h WHERE h.flat = '301'");
        }
    }

    private void oneStairwell(HikariDataSource pool, String stairwell) throws Exception {
        StatementStore store = new StatementStore(ZONE);
        long[] statement = new long[repeats];
        long[] scan = new long[repeats];
        long runs;
        long charged = 0;
        try (Connection c = pool.getConnection();
             PreparedStatement bare = c.prepareStatement(ONE_STAIRWELL_SCAN)) {
            bare.setString(1, stairwell);
            bare.setObject(2, MONTH.atStartOfDay(ZONE).toOffsetDateTime());
            bare.setObject(3, NEXT.atStartOfDay(ZONE).toOffsetDateTime());
            for (int i = 0; i < 10; i++) {
                Statement.compute(store.inputs(c, stairwell, MONTH, NEXT)).toJson().encode(); // warm-up, untimed
            }
            long rows = 0;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                try (ResultSet r = bare.executeQuery()) {
                    r.next();
                    rows = r.getLong(1);
                }
                scan[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                Statement computed = Statement.compute(store.inputs(c, stairwell, MONTH, NEXT));
                computed.toJson().encode();
                statement[i] = System.nanoTime() - t0;
                charged = computed.chargedFen();
            }
            runs = rows;
        }
        Arrays.sort(statement);
        Arrays.sort(scan);
        System.out.printf("one stairwell-month (%,d runs scanned, %.2f yuan shared):%n"
                        + "  statement    p50 %.1f ms   p95 %.1f ms   (target: <= 50 ms)%n"
                        + "  bare scan    p50 %.1f ms   p95 %.1f ms   (baseline: count the same runs)%n",
                runs, charged / 100.0, statement[repeats / 2] / 1e6, statement[repeats * 95 / 100] / 1e6,
                scan[repeats / 2] / 1e6, scan[repeats * 95 / 100] / 1e6);
    }

    private void district(HikariDataSource pool, Registry fleet) throws Exception {
        StatementStore store = new StatementStore(ZONE);
        long scanStart = System.nanoTime();
        long runs = 0;
        long counterRows;
        try (Connection c = pool.getConnection(); PreparedStatement bare = c.prepareStatement(DISTRICT_SCAN);
             PreparedStatement counters = c.prepareStatement(COUNTER_ROWS)) {
            bare.setObject(1, MONTH.atStartOfDay(ZONE).toOffsetDateTime());
            bare.setObject(2, NEXT.atStartOfDay(ZONE).toOffsetDateTime());
            try (ResultSet r = bare.executeQuery()) {
                while (r.next()) {
                    runs += r.getLong(2);
                }
            }
            counters.setObject(1, MONTH.atStartOfDay(ZONE).toOffsetDateTime());
            counters.setObject(2, NEXT.atStartOfDay(ZONE).toOffsetDateTime());
            try (ResultSet r = counters.executeQuery()) {
                r.next();
                counterRows = r.getLong(1);
            }
        }
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;

        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        List<Future<Long>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            done.add(workers.submit(() -> {
                long lines = 0;
                try (Connection c = pool.getConnection()) {
                    for (int i = next.getAndIncrement(); i < fleet.stairwells().size(); i = next.getAndIncrement()) {
                        String stairwell = fleet.stairwells().get(i).id();
                        lines += Transactions.inTransaction(c, connection -> {
                            Statement statement = Statement.compute(store.inputs(connection, stairwell, MONTH, NEXT));
                            store.issue(connection, statement, 0, 1, null);
                            return statement.lines().size();
                        });
                    }
                }
                return lines;
            }));
        }
        long lines = 0;
        for (Future<Long> issued : done) {
            lines += issued.get();
        }
        workers.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("whole district, %,d stairwells (%,d runs and %,d counter samples scanned, %,d statement"
                        + " lines written, %d connections):%n"
                        + "  statements issued   %.1f s   (target: <= 30 s)%n"
                        + "  bare scan           %.1f s   (baseline: count the district's runs and samples once)%n",
                fleet.stairwells().size(), runs, counterRows, lines, threads, seconds, scanSeconds);
    }
}
