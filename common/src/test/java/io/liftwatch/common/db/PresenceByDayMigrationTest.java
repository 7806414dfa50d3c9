package io.liftwatch.common.db;

import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V57 cuts the presence spans in progress that began on an earlier day into a part per day in China Standard
 * Time, as ingest now writes them, and leaves the rest as they were; online time is unchanged.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresenceByDayMigrationTest {
    private TestDatabase database;

    @BeforeAll
    void migrateToV56ThenStoreSpansThenMigrate() throws SQLException {
        database = TestDatabase.migratedTo("presence-by-day-test", "56");
        database.execute("INSERT INTO lift_state (lift_id, presence_since, presence_until, presence_open) VALUES"
                + " ('days', '2025-10-01 10:00+08', '2025-10-05 09:30+08', true),"
                + " ('today', '2025-10-05 08:00+08', '2025-10-05 09:00+08', true),"
                + " ('ended', '2025-10-01 10:00+08', '2025-10-05 09:30+08', false)");
        database.migrate();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void aSpanInProgressSinceAnEarlierDayIsWrittenADayAtATimeUpToItsLastMidnight() throws SQLException {
        assertThat(database.text("SELECT string_agg(to_char(since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || '-'"
                + " || to_char(until AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), ' ' ORDER BY since)"
                + " FROM lift_presence WHERE lift_id = 'days'"))
                .isEqualTo("01 10:00-02 00:00 02 00:00-03 00:00 03 00:00-04 00:00 04 00:00-05 00:00");
        assertThat(database.text("SELECT to_char(presence_since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' '"
                + " || to_char(presence_until AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' ' || presence_open"
                + " FROM lift_state WHERE lift_id = 'days'")).isEqualTo("05 00:00 05 09:30 true");
        // The written parts and the part in progress cover the span as it was.
        assertThat(database.text("SELECT extract(epoch FROM (SELECT sum(until - since) FROM lift_presence WHERE lift_id = 'days')"
                + " + (SELECT presence_until - presence_since FROM lift_state WHERE lift_id = 'days'))::bigint"))
                .isEqualTo(String.valueOf((4 * 24 - 10 + 9) * 3600 + 1800));
        // Each written part's hours are marked for the rollups: 1 October 10:00 to 5 October 00:00.
        assertThat(database.text("SELECT count(*) || ' ' || to_char(min(hour) AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' '"
                + " || to_char(max(hour) AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI')"
                + " FROM rollup_pending WHERE lift_id = 'days'")).isEqualTo("87 01 10:00 05 00:00");
    }

    @Test
    void aSpanThatBeganTodayOrHasEndedIsLeftAsItWas() throws SQLException {
        assertThat(database.text("SELECT count(*) FROM lift_presence WHERE lift_id IN ('today', 'ended')")).isEqualTo("0");
        assertThat(database.text("SELECT string_agg(lift_id || ' ' || to_char(presence_since AT TIME ZONE 'Asia/Shanghai',"
                + " 'DD HH24:MI'), ', ' ORDER BY lift_id) FROM lift_state WHERE lift_id IN ('today', 'ended')"))
                .isEqualTo("ended 01 10:00, today 05 08:00");
        assertThat(database.text("SELECT count(*) FROM rollup_pending WHERE lift_id IN ('today', 'ended')")).isEqualTo("0");
    }

    @Test
    void onlineTimeOfAPeriodCountsAnEndedSpanThatBeganLongBeforeIt() throws SQLException {
        database.execute("INSERT INTO lift_presence (lift_id, since, until) VALUES"
                + " ('long', '2025-09-01 00:00+08', '2025-09-20 00:00+08'),"
                + " ('long', '2025-09-21 10:00+08', '2025-09-21 11:00+08')");
        assertThat(database.text("SELECT presence_seconds('long', '2025-09-10 00:00+08', '2025-09-21 10:30+08')"))
                .isEqualTo(String.valueOf(10 * 86_400 + 1800) + ".000");
        assertThat(database.text("SELECT presence_seconds('long', '2025-09-21 10:15+08', '2025-09-22 00:00+08')"))
                .isEqualTo("2700.000");
        assertThat(database.text("SELECT presence_seconds('long', '2025-09-20 12:00+08', '2025-09-21 09:00+08')"))
                .isEqualTo("0.000");
    }
}
