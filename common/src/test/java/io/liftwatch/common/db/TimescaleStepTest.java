package io.liftwatch.common.db;

import io.liftwatch.testing.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TimescaleDB step on plain PostgreSQL (TimescaleMigrationTest covers the extension where Docker
 * runs it): it says why it does nothing and changes nothing however often it runs, and a database that
 * applied the first V3 migrates on.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleStepTest {
    private DbConfig db;
    private HikariDataSource pool;

    @BeforeAll
    void migrate() {
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "timescale-step-test");
        Schema.migrate(pool);
    }

    @AfterAll
    void drop() {
        pool.close();
        TestPostgres.drop(db);
    }

    @Test
    void withoutTheExtensionTheStepSaysSoAndLeavesPlainTables() throws SQLException {
        for (int run = 0; run < 2; run++) {
            assertThat(Schema.timescale(pool))
                    .containsExactly("TimescaleDB is not installed on this server: plain PostgreSQL tables are used");
        }
        assertThat(text("SELECT string_agg(relname || ':' || relkind::text, ' ' ORDER BY relname) FROM pg_class"
                + " WHERE relname IN ('counter_sample', 'status_sample')")).isEqualTo("counter_sample:r status_sample:r");
    }

    @Test
    void aDatabaseThatAppliedTheFirstV3MigratesOn() throws SQLException {
        assertThat(text("SELECT checksum FROM flyway_schema_history WHERE version = '3'"))
                .isEqualTo(String.valueOf(Schema.V3_CHECKSUM));
        execute("UPDATE flyway_schema_history SET checksum = " + Schema.FIRST_V3_CHECKSUM + " WHERE version = '3'");

        Schema.migrate(pool);

        assertThat(text("SELECT checksum FROM flyway_schema_history WHERE version = '3'"))
                .isEqualTo(String.valueOf(Schema.V3_CHECKSUM));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
