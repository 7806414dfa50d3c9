package io.liftwatch.common.wire;

import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * status_sample keeps mode, direction and power as one-byte codes (V43): every word the wire decoder accepts has
 * one, and rows stored before V43 read back through status_history with the words they had.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusCodesTest {
    private static final String LIFT = "31103201162023050001";

    private TestDatabase database;

    @BeforeAll
    void migrateToV42ThenStoreStatusesThenMigrate() throws SQLException {
        database = TestDatabase.migratedTo("status-codes-test", "42");
        StringBuilder rows = new StringBuilder();
        int seq = 0;
        for (ServiceMode mode : ServiceMode.values()) {
            for (String direction : WireDecoder.DIRECTIONS) {
                for (String power : WireDecoder.POWER_STATES) {
                    rows.append(rows.isEmpty() ? "" : ",").append("('").append(LIFT).append("', now(), 1, ").append(seq++)
                            .append(", now(), '").append(mode.wireName()).append("', true, '").append(direction)
                            .append("', 'B1', false, true, true, '").append(power).append("', false, true, 40, 1.5)");
                }
            }
        }
        database.execute("INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction, floor,"
                + " door_zone, door_locked, passenger, power, up_limit, down_limit, load_pct, speed_ms) VALUES " + rows);
        database.migrate();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @Test
    void everyWordTheDecoderAcceptsHasACode() throws SQLException {
        for (ServiceMode mode : ServiceMode.values()) {
            assertThat(text("SELECT status_code('mode', '" + mode.wireName() + "')")).as(mode.wireName()).isNotNull();
        }
        for (String direction : WireDecoder.DIRECTIONS) {
            assertThat(text("SELECT status_code('direction', '" + direction + "')")).as(direction).isNotNull();
        }
        for (String power : WireDecoder.POWER_STATES) {
            assertThat(text("SELECT status_code('power', '" + power + "')")).as(power).isNotNull();
        }
        assertThat(text("SELECT status_code('mode', 'sideways')")).isNull();
    }

    @Test
    void rowsStoredBeforeReadBackWithTheirWords() throws SQLException {
        int combinations = ServiceMode.values().length * WireDecoder.DIRECTIONS.size() * WireDecoder.POWER_STATES.size();
        assertThat(text("SELECT count(DISTINCT (mode, direction, power)) FROM status_history WHERE floor = 'B1'"
                + " AND moving AND door_locked AND passenger AND down_limit AND NOT up_limit AND NOT door_zone"
                + " AND load_pct = 40 AND speed_ms = 1.5")).isEqualTo(String.valueOf(combinations));
        assertThat(text("SELECT string_agg(DISTINCT mode, ',' ORDER BY mode) FROM status_history")).isEqualTo(
                String.join(",", Arrays.stream(ServiceMode.values()).map(ServiceMode::wireName).sorted().toList()));
        assertThat(text("SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_constraint c"
                + " CROSS JOIN unnest(c.conkey) WITH ORDINALITY k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
                + " WHERE c.conname = 'status_sample_pkey'")).isEqualTo("lift_id,ts,boot,seq");
    }

    private String text(String sql) throws SQLException {
        return database.text(sql);
    }
}
