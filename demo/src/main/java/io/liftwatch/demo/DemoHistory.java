package io.liftwatch.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.registry.Registry;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The demo's district as it stands after 60 days: telemetry from the simulator's own lift models,
 * maintenance and inspection records, two rescues, households with their owners and tenants, and last
 * month's statements in a few stairwells. Loaded once, into an empty database, before the services
 * start; the live simulation carries on from there. See docs/demo.md for the stories it tells.
 */
final class DemoHistory {
    /** What was loaded, and where each story is. */
    record Seeded(HistoryPlan.Stories stories, HistoryTelemetry.Loaded telemetry, int visits, int inspections,
                  List<Long> statements) {
    }

    private DemoHistory() {
    }

    /** Seeds the district unless the database already holds telemetry or records; returns null then. */
    static Seeded seedIfEmpty(DbConfig owner, Registry fleet, long seed) throws Exception {
        try (HikariDataSource pool = Database.pool(owner.withPoolSize(1), "demo-history");
             Connection c = pool.getConnection()) {
            if (!empty(c)) {
                return null;
            }
            long started = System.nanoTime();
            Seeded seeded = seed(c, fleet, seed, Instant.now());
            System.out.printf("seeded %d days of history in %.0f s: %,d runs, %,d counter samples, %d visits,"
                            + " %d inspections, 2 rescues, %d statements (docs/demo.md tells what to open)%n",
                    HistoryPlan.TELEMETRY_DAYS, (System.nanoTime() - started) / 1e9, seeded.telemetry().runs(),
                    seeded.telemetry().counters(), seeded.visits(), seeded.inspections(), seeded.statements().size());
            return seeded;
        }
    }

    /** Writes the whole history as of {@code now} in one transaction: all of it, or none. */
    static Seeded seed(Connection c, Registry fleet, long seed, Instant now) throws SQLException, IOException {
        HistoryPlan plan = new HistoryPlan(fleet, now);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            HistoryTelemetry.Loaded telemetry = HistoryTelemetry.load(c, fleet, plan, seed);
            HistoryRecords.contracts(c, fleet, plan.today);
            HistoryRecords.chained(c, fleet, plan);
            HistoryBilling.parties(c, fleet, plan);
            List<Long> statements = HistoryBilling.lastMonth(c, plan);
            c.commit();
            try (var analyze = c.createStatement()) {
                analyze.execute("ANALYZE");
            }
            return new Seeded(plan.stories, telemetry, plan.visits.size(), plan.inspections.size(), statements);
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean empty(Connection c) throws SQLException {
        try (var query = c.createStatement();
             ResultSet row = query.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM run) AND NOT EXISTS"
                     + " (SELECT 1 FROM maintenance_contract) AND NOT EXISTS (SELECT 1 FROM statement)")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
