package io.liftwatch.bench;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest benchmark prints the checkpoints the server began during each phase, read from its statistics. Runs a
 * CHECKPOINT command, which needs the test server's login to be a superuser or to hold {@code pg_checkpoint}, as the
 * default {@code postgres} is.
 */
@IntegrationTest
class BenchDatabaseTest {

    @Test
    void readsTheServersCheckpointsAndCountsACheckpointCommandAsRequested() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement statement = connection.createStatement()) {
            BenchDatabase server = new BenchDatabase();
            server.adminUrl = db.url();
            server.user = db.user();
            server.password = db.password();
            String counts = countsOf(statement);

            BenchDatabase.Checkpoints before = server.checkpoints();
            statement.execute("CHECKPOINT");
            // The checkpointer publishes its counts just after it tells the waiting command that it is done.
            await().atMost(Duration.ofSeconds(30)).until(() -> server.checkpoints().requested() > before.requested());

            // Other tests may checkpoint the same server meanwhile: the figures must lie between two direct reads.
            long[] first = read(statement, counts);
            BenchDatabase.Checkpoints read = server.checkpoints();
            long[] last = read(statement, counts);
            assertThat(read.begun()).isBetween(first[0], last[0]);
            assertThat(read.requested()).isBetween(first[1], last[1]);
            assertThat(read.begun() - before.begun()).isGreaterThanOrEqualTo(read.requested() - before.requested());
        } finally {
            TestPostgres.drop(db);
        }
    }

    /** The statistics view of the server at hand, read independently of {@link BenchDatabase}: {all, requested}. */
    private static String countsOf(Statement statement) throws Exception {
        try (ResultSet version = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            version.next();
            return version.getInt(1) >= 170000
                    ? "SELECT num_timed + num_requested, num_requested FROM pg_stat_checkpointer"
                    : "SELECT checkpoints_timed + checkpoints_req, checkpoints_req FROM pg_stat_bgwriter";
        }
    }

    private static long[] read(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new long[]{row.getLong(1), row.getLong(2)};
        }
    }
}
