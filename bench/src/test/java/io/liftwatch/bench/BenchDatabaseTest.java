package io.liftwatch.bench;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ingest benchmark prints the server's checkpoints during each phase; they are read from the server's statistics. */
@IntegrationTest
class BenchDatabaseTest {

    @Test
    void aCheckpointCommandCountsAsARequestedCheckpoint() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        try {
            BenchDatabase server = new BenchDatabase();
            server.adminUrl = db.url();
            server.user = db.user();
            server.password = db.password();
            long[] before = server.checkpoints();
            try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            // The checkpointer publishes its counts just after the checkpoint it has finished.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long[] after = server.checkpoints();
                assertThat(after[0] - before[0]).isPositive();
                assertThat(after[1] - before[1]).isPositive();
            });
        } finally {
            TestPostgres.drop(db);
        }
    }
}
