package io.liftwatch.common.db;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The TimescaleDB step on plain PostgreSQL (TimescaleMigrationTest covers the extension where Docker
 * runs it): it says why it does nothing and changes nothing however often it runs, and a database that
 * applied the first V3 migrates on.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleStepTest {
    private TestDatabase database;
    private HikariDataSource pool;

    @BeforeAll
    void migrate() {
        database = TestDatabase.migrated("timescale-step-test");
        pool = database.pool;
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void withoutTheExtensionTheStepSaysSoAndLeavesPlainTables() throws SQLException {
        assumeTrue(database.count("SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'") == 0,
                "this test server has TimescaleDB");
        for (int run = 0; run < 2; run++) {
            assertThat(Schema.timescale(pool))
                    .containsExactly("TimescaleDB is not installed on this server: plain PostgreSQL tables are used");
        }
        assertThat(database.text("SELECT string_agg(relname || ':' || relkind::text || ':' || relhassubclass, ' '"
                + " ORDER BY relname) FROM pg_class WHERE relname IN ('counter_sample', 'status_sample', 'lift_hour',"
                + " 'lift_day', 'lift_day_cards')")).isEqualTo("counter_sample:r:false lift_day:r:false"
                + " lift_day_cards:r:false lift_hour:r:false status_sample:r:false");
    }

    @Test
    void aDatabaseThatAppliedTheFirstV3MigratesOn() throws SQLException {
        assertThat(database.text("SELECT checksum FROM flyway_schema_history WHERE version = '3'"))
                .isEqualTo(String.valueOf(Schema.V3_CHECKSUM));
        database.execute("UPDATE flyway_schema_history SET checksum = " + Schema.FIRST_V3_CHECKSUM + " WHERE version = '3'");

        Schema.migrate(pool);

        assertThat(database.text("SELECT checksum FROM flyway_schema_history WHERE version = '3'"))
                .isEqualTo(String.valueOf(Schema.V3_CHECKSUM));
    }
}
