package io.liftwatch.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V57 cuts the presence spans in progress that began on an earlier day into a part per day in China Standard
 * Time, as ingest now writes them, and leaves the rest as they were; online time is unchanged.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresenceByDayMigrationTest {
    private DbConfig db;
    private HikariDataSource pool;

    @BeforeAll
    void migrateToV56ThenStoreSpansThenMigrate() throws SQLException {
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "presence-by-day-test");
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").target("56")
                .repeatableSqlMigrationPrefix("not_repeatable_")
                .placeholders(Map.of("telemetryRetention", "5 years", "statusRetention", "400 days",
                        "compressAfter", "30 days"))
                .load().migrate();
        execute("INSERT INTO lift_state (lift_id, presence_since, presence_until, presence_open) VALUES"
                + " ('days', '2025-10-01 10:00+08', '2025-10-05 09:30+08', true),"
                + " ('today', '2025-10-05 08:00+08', '2025-10-05 09:00+08', true),"
                + " ('ended', '2025-10-01 10:00+08', '2025-10-05 09:30+08', false)");
        Schema.migrate(pool);
    }

    @AfterAll
    void drop() {
        pool.close();
        TestPostgres.drop(db);
    }

    @Test
    void aSpanInProgressSinceAnEarlierDayIsWrittenADayAtATimeUpToItsLastMidnight() throws SQLException {
        assertThat(text("SELECT string_agg(to_char(since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || '-'"
                + " || to_char(until AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), ' ' ORDER BY since)"
                + " FROM lift_presence WHERE lift_id = 'days'"))
                .isEqualTo("01 10:00-02 00:00 02 00:00-03 00:00 03 00:00-04 00:00 04 00:00-05 00:00");
        assertThat(text("SELECT to_char(presence_since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' '"
                + " || to_char(presence_until AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' ' || presence_open"
                + " FROM lift_state WHERE lift_id = 'days'")).isEqualTo("05 00:00 05 09:30 true");
        // The written parts and the part in progress cover the span as it was.
        assertThat(text("SELECT extract(epoch FROM (SELECT sum(until - since) FROM lift_presence WHERE lift_id = 'days')"
                + " + (SELECT presence_until - presence_since FROM lift_state WHERE lift_id = 'days'))::bigint"))
                .isEqualTo(String.valueOf((4 * 24 - 10 + 9) * 3600 + 1800));
        // Each written part's hours are marked for the rollups: 1 October 10:00 to 5 October 00:00.
        assertThat(text("SELECT count(*) || ' ' || to_char(min(hour) AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' '"
                + " || to_char(max(hour) AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI')"
                + " FROM rollup_pending WHERE lift_id = 'days'")).isEqualTo("87 01 10:00 05 00:00");
    }

    @Test
    void aSpanThatBeganTodayOrHasEndedIsLeftAsItWas() throws SQLException {
        assertThat(text("SELECT count(*) FROM lift_presence WHERE lift_id IN ('today', 'ended')")).isEqualTo("0");
        assertThat(text("SELECT string_agg(lift_id || ' ' || to_char(presence_since AT TIME ZONE 'Asia/Shanghai',"
                + " 'DD HH24:MI'), ', ' ORDER BY lift_id) FROM lift_state WHERE lift_id IN ('today', 'ended')"))
                .isEqualTo("ended 01 10:00, today 05 08:00");
        assertThat(text("SELECT count(*) FROM rollup_pending WHERE lift_id IN ('today', 'ended')")).isEqualTo("0");
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
