package io.liftwatch.launcher;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.audit.AuditChain;
import io.liftwatch.common.audit.AuditKeys;
import io.liftwatch.common.audit.CheckpointStore;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code liftwatch audit verify} as an operator runs it: silent success, or the record that was altered. */
@IntegrationTest
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
            assertThat(intact.output()).contains("2 records checked against 0 checkpoint(s), chain intact");

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

    /**
     * A database administrator with triggers switched off: cuts the tail off one lift's chain (link and
     * record), inserts a record with no link for another, and rewrites a third's record with every later hash
     * recomputed. Without checkpoints only the unchained record shows; against a checkpoint signed before the
     * tampering, each of the three is named.
     */
    @Test
    void tamperingBehindDisabledTriggersIsCaughtAgainstASignedCheckpoint() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        Path folder = Files.createTempDirectory("lw-checkpoints");
        try (HikariDataSource pool = Database.pool(db, "audit-tamper-test")) {
            Schema.migrate(pool);
            var fleet = FleetPlan.generate(3, 3);
            new RegistryStore(pool).upsert(fleet);
            String cut = fleet.lifts().get(0).id();
            String padded = fleet.lifts().get(1).id();
            String rewritten = fleet.lifts().get(2).id();
            try (Connection c = pool.getConnection()) {
                for (var lift : fleet.lifts()) {
                    for (int year = 2022; year <= 2024; year++) {
                        AuditChain.append(c, AuditChain.Kind.INSPECTION, inspect(c, lift.id(), year));
                    }
                }
                KeyPair key = AuditKeys.generate(folder.resolve("signing.key"));
                new CheckpointStore(folder.resolve("checkpoints")).write(CheckpointStore.heads(c), key, Instant.now());
                Files.writeString(folder.resolve("public.pem"), AuditKeys.exportPublic(key.getPublic()));
            }
            Run intact = verify(db, folder.resolve("checkpoints"), folder.resolve("public.pem"));
            assertThat(intact.exit()).as(intact.output()).isZero();
            assertThat(intact.output()).contains("9 records checked against 1 checkpoint(s), chain intact");

            try (Connection c = pool.getConnection(); Statement sql = c.createStatement()) {
                sql.execute("SET session_replication_role = replica");
                sql.execute("DELETE FROM inspection WHERE id = (SELECT record_id FROM audit_chain WHERE lift_id = '" + cut
                        + "' AND seq = 3); DELETE FROM audit_chain WHERE lift_id = '" + cut + "' AND seq = 3");
                inspect(c, padded, 2025);
                sql.execute("UPDATE inspection SET result = 'fail' WHERE lift_id = '" + rewritten
                        + "' AND inspected_on = '2022-05-10'");
                List<Long> records = new java.util.ArrayList<>();
                try (ResultSet rows = sql.executeQuery("SELECT record_id FROM audit_chain WHERE lift_id = '" + rewritten
                        + "' ORDER BY seq")) {
                    while (rows.next()) {
                        records.add(rows.getLong(1));
                    }
                }
                sql.execute("DELETE FROM audit_chain WHERE lift_id = '" + rewritten + "'");
                for (long record : records) {
                    AuditChain.append(c, AuditChain.Kind.INSPECTION, record); // every hash recomputed from genesis
                }
                sql.execute("SET session_replication_role = origin");
            }

            Run unanchored = verify(db);
            assertThat(unanchored.output()).contains("has no link in the chain").doesNotContain(cut)
                    .doesNotContain(rewritten).contains("1 broken");

            Run anchored = verify(db, folder.resolve("checkpoints"), folder.resolve("public.pem"));
            assertThat(anchored.exit()).isEqualTo(1);
            assertThat(anchored.output())
                    .contains("BROKEN lift " + cut + " link 3 (checkpoint 1)").contains("ends at link 2: links were removed")
                    .contains("BROKEN lift " + padded + " link 0 (inspection").contains("has no link in the chain")
                    .contains("BROKEN lift " + rewritten + " link 3 (checkpoint 1)").contains("the chain was rewritten")
                    .contains("3 broken");

            KeyPair stranger = AuditKeys.generate(folder.resolve("stranger.key"));
            Path forged = folder.resolve("forged");
            try (Connection c = pool.getConnection()) {
                new CheckpointStore(forged).write(CheckpointStore.heads(c), stranger, Instant.now());
            }
            Run forgery = verify(db, forged, folder.resolve("public.pem"));
            assertThat(forgery.exit()).isEqualTo(1);
            assertThat(forgery.output()).contains("BAD CHECKPOINT 1").contains("signature does not verify");
        } finally {
            TestPostgres.drop(db);
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static long inspect(Connection c, String lift, int year) throws Exception {
        try (Statement sql = c.createStatement(); ResultSet row = sql.executeQuery("INSERT INTO inspection (lift_id,"
                + " inspected_on, body, result, next_due, recorded_by) VALUES ('" + lift + "', '" + year + "-05-10',"
                + " 'Nanjing SEI', 'pass', '" + (year + 1) + "-05-10', 'test') RETURNING id")) {
            row.next();
            return row.getLong(1);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run verify(DbConfig db, Path checkpoints, Path publicKey) throws Exception {
        return verify(db, "--checkpoints", checkpoints.toString(), "--public-key", publicKey.toString());
    }

    private static Run verify(DbConfig db, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LiftWatch.class.getName(), "audit", "verify"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LIFTWATCH_DB_URL", db.url());
        builder.environment().put("LIFTWATCH_DB_USER", db.user());
        builder.environment().put("LIFTWATCH_DB_PASSWORD", db.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
