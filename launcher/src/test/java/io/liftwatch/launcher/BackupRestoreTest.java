package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backup and restore scripts docs/operations.md shows, round trip on the real PostgreSQL: every table comes
 * back with the same rows, the schema history with it, and issued statements stay immutable.
 */
@IntegrationTest
class BackupRestoreTest {
    private static final String[] TABLES = {"lift", "household", "card", "run", "counter_sample", "statement",
            "statement_line", "fund_entry", "flyway_schema_history", "rollup_pending", "status_sample", "status_day",
            "status_history"};

    @Test
    void aBackupRestoresIntoAnEmptyDatabaseWithEveryRowAndRule() throws Exception {
        DbConfig original = TestPostgres.freshDatabase();
        DbConfig restored = TestPostgres.freshDatabase();
        Path dump = Files.createTempFile("liftwatch", ".dump");
        try {
            Map<String, Long> before;
            try (HikariDataSource pool = Database.pool(original, "backup-test")) {
                Schema.migrate(pool);
                var fleet = FleetPlan.generate(3, 2);
                new RegistryStore(pool).upsert(fleet);
                String lift = fleet.lifts().get(0).id();
                try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                    sql.execute("INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor,"
                            + " cards) SELECT '" + lift + "', now() - g * interval '1 minute', 1, g, now(), now(), '1', '3',"
                            + " '{C1-201-1}' FROM generate_series(1, 500) g");
                    sql.execute("INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds,"
                            + " door_cycles, rope_bends, energy_kwh) SELECT '" + lift + "', now() - g * interval '15 minutes',"
                            + " 1, g, now(), g, g, g, g, g FROM generate_series(1, 100) g");
                    // Status rows of three days, the closed ones packed (V53).
                    sql.execute("INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction,"
                            + " floor, door_zone, door_locked, passenger, power, up_limit, down_limit) SELECT '" + lift
                            + "', now() - g * interval '1 hour', 1, g, now(), 'n', g % 2 = 0, 'n', g::text, true, true,"
                            + " false, 'm', false, false FROM generate_series(0, 71) g");
                    sql.execute("SELECT liftwatch_pack_status(interval '0', 100)");
                    sql.execute("INSERT INTO statement (stairwell_id, period_from, period_to, version, pool_fen,"
                            + " charged_fen, scheme, inputs) VALUES ('sw-1', '2025-03-01', '2025-04-01', 1, 100, 100,"
                            + " '{\"type\": \"equal\"}', '{}')");
                    sql.execute("INSERT INTO statement_line (statement_id, line, household_id, flat, floor, days, rides,"
                            + " residents, exempt, fen) SELECT id, 1, 'sw-1-201', '201', '2', 31, 0, 2, false, 100 FROM statement");
                    sql.execute("INSERT INTO fund_entry (stairwell_id, household_id, party, kind, amount_fen, on_date,"
                            + " statement_id) SELECT 'sw-1', 'sw-1-201', 'Li', 'charge', 100, '2025-03-31', id FROM statement");
                }
                before = counts(pool);
                // Where status_sample is a TimescaleDB hypertable its chunks are packed by compression instead (V53).
                assertThat(before.get(timescale(pool) ? "status_sample" : "status_day")).as("packed days, or raw rows")
                        .isPositive();
            }

            run(original.password(), "deploy/backup.sh", url(original), dump.toString());
            run(restored.password(), "deploy/restore.sh", dump.toString(), url(restored));

            try (HikariDataSource pool = Database.pool(restored, "restore-test")) {
                assertThat(counts(pool)).isEqualTo(before);
                try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                    assertThatThrownBy(() -> sql.execute("UPDATE statement_line SET fen = 0"))
                            .hasMessageContaining("immutable");
                }
                Schema.migrate(pool); // nothing left to apply: the history came along
                assertThat(counts(pool)).isEqualTo(before);
            }
        } finally {
            Files.deleteIfExists(dump);
            TestPostgres.drop(original);
            TestPostgres.drop(restored);
        }
    }

    private static boolean timescale(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement();
             ResultSet row = sql.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
            row.next();
            return row.getLong(1) == 1;
        }
    }

    private static Map<String, Long> counts(HikariDataSource pool) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet row = sql.executeQuery("SELECT count(*) FROM " + table)) {
                    row.next();
                    counts.put(table, row.getLong(1));
                }
            }
        }
        return counts;
    }

    /** libpq's URL form of the database, for the scripts; the password goes in PGPASSWORD. */
    private static String url(DbConfig db) {
        return "postgresql://" + db.user() + "@" + db.url().substring("jdbc:postgresql://".length()).replaceAll("\\?.*", "");
    }

    private static void run(String password, String script, String... args) throws Exception {
        Path file = LocalMosquitto.projectFile(script);
        String[] command = new String[args.length + 1];
        command[0] = file.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null && !password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(script + ": " + output).isZero();
    }
}
