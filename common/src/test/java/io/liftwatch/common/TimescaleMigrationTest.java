package io.liftwatch.common;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TimescaleDB path: where the extension can load, the migrations turn the telemetry tables into
 * hypertables with compression and retention policies, and the rollup tables into compressed ones. Needs a
 * Docker engine; reported as skipped without one (the plain-PostgreSQL path is what every other test runs on).
 */
@IntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class TimescaleMigrationTest {

    @Container
    private static final PostgreSQLContainer TIMESCALE = new PostgreSQLContainer(
            DockerImageName.parse(TestPostgres.TIMESCALE_IMAGE).asCompatibleSubstituteFor("postgres"));

    @Test
    void telemetryTablesBecomeCompressedHypertablesWithRetention() throws Exception {
        DbConfig db = new DbConfig(TIMESCALE.getJdbcUrl(), TIMESCALE.getUsername(), TIMESCALE.getPassword(), 2);
        try (HikariDataSource pool = Database.pool(db, "timescale-test")) {
            Schema.migrate(pool);

            assertThat(strings(pool, "SELECT extname FROM pg_extension WHERE extname = 'timescaledb'"))
                    .containsExactly("timescaledb");
            assertThat(strings(pool, "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1"))
                    .containsExactly("connection_event", "counter_sample", "fault", "lift_day", "lift_day_cards", "lift_event",
                            "lift_hour", "run", "status_sample");
            assertThat(strings(pool, "SELECT DISTINCT proc_name FROM timescaledb_information.jobs"
                    + " WHERE hypertable_name IS NOT NULL ORDER BY 1"))
                    .containsExactly("policy_compression", "policy_retention");
        }
    }

    private static List<String> strings(HikariDataSource pool, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }
}
