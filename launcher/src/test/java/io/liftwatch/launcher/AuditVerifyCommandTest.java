package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code liftwatch audit verify} as an operator runs it: silent success, or the record that was altered. */
class AuditVerifyCommandTest {

    @Test
    void theVerifyCommandNamesARecordAlteredInTheDatabase() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        try (HikariDataSource pool = Database.pool(db, "audit-command-test")) {
            Schema.migrate(pool);
            var fleet = FleetPlan.generate(2, 3);
            new RegistryStore(pool).upsert(fleet);
            long id = 0;
            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                for (var lift : fleet.lifts()) {
                    try (ResultSet row = sql.executeQuery("INSERT INTO inspection (lift_id, inspected_on, body, result,"
                            + " next_due, recorded_by) VALUES ('" + lift.id() + "', '2025-05-10', 'Nanjing SEI', 'pass',"
                            + " '2026-05-10', 'test') RETURNING id")) {
                        row.next();
                        id = row.getLong(1); // the second lift's record is the one altered below
                        AuditChain.append(c, AuditChain.Kind.INSPECTION, id);
                    }
                }
            }
            Run intact = verify(db);
            assertThat(intact.exit()).as(intact.output()).isZero();
            assertThat(intact.output()).contains("2 records checked, chain intact");

            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                sql.execute("ALTER TABLE inspection DISABLE TRIGGER inspection_immutable");
                sql.execute("UPDATE inspection SET result = 'fail' WHERE id = " + id);
                sql.execute("ALTER TABLE inspection ENABLE TRIGGER inspection_immutable");
            }
            Run broken = verify(db);
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.output()).contains("BROKEN lift " + fleet.lifts().get(1).id() + " link 1 (inspection " + id
                    + "): the record was altered").contains("1 broken");
        } finally {
            TestPostgres.drop(db);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run verify(DbConfig db) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LiftWatch.class.getName(), "audit", "verify"))
                .redirectErrorStream(true);
        builder.environment().put("LIFTWATCH_DB_URL", db.url());
        builder.environment().put("LIFTWATCH_DB_USER", db.user());
        builder.environment().put("LIFTWATCH_DB_PASSWORD", db.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
