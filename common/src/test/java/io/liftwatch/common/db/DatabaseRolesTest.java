package io.liftwatch.common.db;

import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.DbConfig.Service;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The grants of R__grants.sql on a real database: each service's login does its own work, and cannot
 * truncate, alter, switch off triggers or write another service's tables; the immutable tables refuse
 * TRUNCATE even from their owner.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRolesTest {
    private static final String LIFT = "31103201162023050042";
    private static final List<String> IMMUTABLE = List.of("statement", "statement_line", "fund_entry", "inspection",
            "maintenance_contract", "maintenance_visit", "emergency_drill", "audit_chain");
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private DbConfig owner;

    @BeforeAll
    void migrate() throws Exception {
        owner = TestPostgres.freshDatabase();
        for (Service service : Service.values()) {
            TestPostgres.asService(owner, service); // the logins exist before the grants name their groups
        }
        Schema.prepare(owner);
        sql(owner, "INSERT INTO stairwell VALUES ('sw-1', '1 Road', '320116', 'S', 'C', 'G', 'B1', '1');"
                + "INSERT INTO lift (id, stairwell_id, floor_labels) VALUES ('" + LIFT + "', 'sw-1', '{1,2}')");
    }

    @AfterAll
    void drop() {
        TestPostgres.drop(owner);
    }

    private static Connection connect(DbConfig db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static void sql(DbConfig db, String statements) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private DbConfig as(Service service) {
        return TestPostgres.asService(owner, service);
    }

    private List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(owner); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    @Test
    void eachServiceLoginDoesItsOwnWork() throws Exception {
        sql(as(Service.INGEST), "INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction,"
                + " floor, door_zone, door_locked, passenger, power, up_limit, down_limit) VALUES ('" + LIFT + "', now(), 1,"
                + " 1, now(), status_code('mode', 'normal'), false, status_code('direction', 'none'), '1', true, true, false,"
                + " status_code('power', 'mains'), false, false);"
                + "INSERT INTO lift_state (lift_id, mode) VALUES ('" + LIFT + "', 'normal')"
                + " ON CONFLICT (lift_id) DO UPDATE SET mode = excluded.mode;"
                + "INSERT INTO dead_letter (received_at, topic, reason, detail, payload, payload_size)"
                + " VALUES (now(), 't', 'r', 'd', '\\x00', 1)");
        sql(as(Service.ALERTS), "INSERT INTO alarm (lift_id, type, severity, status, first_seen, last_seen, count)"
                + " VALUES ('" + LIFT + "', 'offline', 'major', 'raised', now(), now(), 1);"
                + "INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor) SELECT id, lift_id, type,"
                + " 'raised', now(), 'rule' FROM alarm;"
                + "UPDATE alarm SET status = 'acknowledged'");
        sql(as(Service.API), "INSERT INTO household VALUES ('h-1', 'sw-1', '101', '1', 80, 2);"
                + "INSERT INTO inspection (lift_id, inspected_on, body, result, next_due, recorded_by)"
                + " VALUES ('" + LIFT + "', '2025-06-01', 'JS', 'pass', '2026-06-01', 'api');"
                + "UPDATE stairwell SET grid_cell = 'G2' WHERE id = 'sw-1';"
                + "SELECT count(*) FROM alarm JOIN lift_state USING (lift_id)");
        sql(as(Service.READER), "SELECT count(*) FROM status_sample, alarm, statement, grid_membership;"
                + "SELECT id, role FROM account");

        try (Connection c = connect(owner); Statement s = c.createStatement();
             ResultSet counts = s.executeQuery("SELECT (SELECT count(*) FROM status_sample WHERE boot = 1), (SELECT count(*) FROM"
                     + " alarm_event), (SELECT count(*) FROM inspection), (SELECT count(*) FROM grid_membership)")) {
            counts.next();
            assertThat(List.of(counts.getInt(1), counts.getInt(2), counts.getInt(3), counts.getInt(4)))
                    .as("telemetry, alarm event, inspection, grid history (the stairwell trigger)")
                    .containsExactly(1, 1, 1, 2);
        }
    }

    /** The packing job (V53) moves closed days of status rows: ingest may, the other services may not. */
    @Test
    void ingestPacksClosedStatusDaysAndNoOtherServiceMay() throws Exception {
        sql(as(Service.INGEST), "INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving, direction,"
                + " floor, door_zone, door_locked, passenger, power, up_limit, down_limit) VALUES ('" + LIFT + "',"
                + " now() - interval '3 days', 2, 1, now(), 'n', false, 'n', '2', true, true, false, 'm', false, false);"
                + "SELECT liftwatch_pack_status(interval '1 hour', 10)");
        try (Connection c = connect(owner); Statement s = c.createStatement(); ResultSet row = s.executeQuery(
                "SELECT (SELECT count(*) FROM status_sample WHERE boot = 2), (SELECT count(*) FROM status_history"
                        + " WHERE boot = 2 AND floor = '2'), (SELECT count(*) FROM status_day),"
                        + " to_regclass('timescaledb_information.hypertables') IS NOT NULL AND EXISTS (SELECT 1"
                        + " FROM pg_inherits WHERE inhparent = 'status_sample'::regclass)")) {
            row.next();
            // Where status_sample is a hypertable, TimescaleDB's compression packs it and the function packs nothing.
            List<Integer> expected = row.getBoolean(4) ? List.of(1, 1, 0) : List.of(0, 1, 1);
            assertThat(List.of(row.getInt(1), row.getInt(2), row.getInt(3))).as("raw, shown, packed days")
                    .isEqualTo(expected);
        }
        sql(as(Service.READER), "SELECT count(*) FROM status_history, status_day");
        for (Service other : List.of(Service.ALERTS, Service.API, Service.READER)) {
            assertRefused(other, "SELECT liftwatch_pack_status(interval '1 hour', 10)");
            assertRefused(other, "DELETE FROM status_sample");
        }
    }

    /** The rollup job (V47, V54) writes the hours and their days as ingest; no other service may. */
    @Test
    void ingestRollsUpHoursAndTheirDaysAndNoOtherServiceMay() throws Exception {
        sql(as(Service.INGEST), "INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor,"
                + " cards) VALUES ('" + LIFT + "', now() - interval '2 days', 3, 1, now(), now() - interval '2 days',"
                + " '1', '4', '{C1-401-1}');"
                + "SELECT liftwatch_refresh_rollups(10)");
        try (Connection c = connect(owner); Statement s = c.createStatement(); ResultSet row = s.executeQuery(
                "SELECT (SELECT count(*) FROM rollup_pending), (SELECT sum(runs) FROM lift_day WHERE lift_id = '" + LIFT
                        + "'), (SELECT string_agg(array_to_string(cards, '+') || '=' || runs, ',') FROM lift_day_cards"
                        + " WHERE lift_id = '" + LIFT + "')")) {
            row.next();
            assertThat(List.of(row.getString(1), row.getString(2), row.getString(3))).as("pending, day's runs, cards")
                    .containsExactly("0", "1", "C1-401-1=1");
        }
        for (Service other : List.of(Service.ALERTS, Service.API, Service.READER)) {
            assertRefused(other, "SELECT liftwatch_refresh_rollups(10)");
            assertRefused(other, "SELECT rollup_refresh_days(ARRAY['" + LIFT + "'], ARRAY[now()])");
        }
    }

    @Test
    void noServiceLoginMayTruncateAlterOrSwitchOffTriggers() throws Exception {
        for (Service service : Service.values()) {
            for (String table : tables()) {
                assertRefused(service, "TRUNCATE " + table);
                assertRefused(service, "ALTER TABLE " + table + " DISABLE TRIGGER ALL");
                assertRefused(service, "ALTER TABLE " + table + " ADD COLUMN sneaky text");
            }
            assertRefused(service, "SET session_replication_role = replica");
            assertRefused(service, "CREATE TABLE sneaky (id int)");
            assertRefused(service, "DROP FUNCTION refuse_change() CASCADE");
        }
    }

    @Test
    void noServiceWritesAnotherServicesTables() throws Exception {
        assertRefused(Service.INGEST, "INSERT INTO alarm (lift_id, type, severity, status, first_seen, last_seen,"
                + " count) VALUES ('" + LIFT + "', 'x', 'major', 'raised', now(), now(), 1)");
        assertRefused(Service.INGEST, "UPDATE lift SET model = 'x'");
        assertRefused(Service.INGEST, "SELECT * FROM account");
        assertRefused(Service.ALERTS, "INSERT INTO status_sample (lift_id, ts, boot, seq, received_at, mode, moving,"
                + " direction, floor, door_zone, door_locked, passenger, power, up_limit, down_limit) VALUES ('" + LIFT
                + "', now(), 1, 9, now(), 'normal', false, 'none', '1', true, true, false, 'mains', false, false)");
        assertRefused(Service.ALERTS, "INSERT INTO alarm_command (alarm_id, action, actor) SELECT id, 'acknowledge',"
                + " 'x' FROM alarm");
        assertRefused(Service.ALERTS, "DELETE FROM alarm_event");
        assertRefused(Service.API, "UPDATE alarm SET status = 'cleared'");
        assertRefused(Service.API, "INSERT INTO lift_state (lift_id) VALUES ('" + LIFT + "')");
        assertRefused(Service.API, "INSERT INTO rescue (alarm_id, lift_id, raised_at) SELECT id, lift_id, now() FROM alarm");
        assertRefused(Service.API, "DELETE FROM audit_chain");
        assertRefused(Service.READER, "INSERT INTO organisation VALUES ('o', 'O', 'property', null)");
        assertRefused(Service.READER, "SELECT password_hash FROM account");
        assertRefused(Service.READER, "SELECT token_hash FROM api_token");
    }

    @Test
    void theImmutableTablesRefuseTruncateEvenFromTheirOwner() throws Exception {
        for (String table : IMMUTABLE) {
            assertThatThrownBy(() -> sql(owner, "TRUNCATE " + table + " CASCADE")).as(table)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23001"))
                    .hasMessageContaining("immutable");
            for (Service service : Service.values()) {
                assertRefused(service, "TRUNCATE " + table);
                assertRefused(service, "DELETE FROM " + table);
            }
        }
    }

    @Test
    void aPrivilegedRoleIsNeverMadeAServiceLogin() throws Exception {
        try (Connection c = connect(owner)) {
            assertThatThrownBy(() -> DbRoles.createLogin(c, Service.API, owner.user(), "new-password"))
                    .hasMessageContaining("privileged role");
            try (Statement s = c.createStatement(); ResultSet row = s.executeQuery(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                row.next();
                assertThat(row.getBoolean(1)).as("still a superuser").isTrue();
            }
        }
    }

    /** A migration adding an immutable table must add its TRUNCATE trigger too. */
    @Test
    void everyTableThatRefusesChangeAlsoRefusesTruncate() throws Exception {
        try (Connection c = connect(owner); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                SELECT c.relname, bool_or(t.tgtype & 32 = 32) AS truncate
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE p.proname = 'refuse_change' AND NOT t.tgisinternal
                GROUP BY c.relname ORDER BY 1""")) {
            List<String> protectedTables = new ArrayList<>();
            while (rows.next()) {
                assertThat(rows.getBoolean(2)).as(rows.getString(1) + " refuses TRUNCATE").isTrue();
                protectedTables.add(rows.getString(1));
            }
            assertThat(protectedTables).containsAll(IMMUTABLE);
        }
    }

    /** A table nobody may write is a grant forgotten in R__grants.sql. */
    @Test
    void everyTableHasAWriterAndTheReaderSeesIt() throws Exception {
        for (String table : tables()) {
            // Written by migrations only: the schema history, and status_word's codes (V43).
            if (table.equals("flyway_schema_history") || table.equals("status_word")) {
                continue;
            }
            try (Connection c = connect(owner); Statement s = c.createStatement(); ResultSet row = s.executeQuery(
                    "SELECT has_table_privilege('liftwatch_ingest', '" + table + "', 'INSERT')"
                            + " OR has_table_privilege('liftwatch_alerts', '" + table + "', 'INSERT')"
                            + " OR has_table_privilege('liftwatch_api', '" + table + "', 'INSERT'),"
                            + " has_any_column_privilege('liftwatch_reader', '" + table + "', 'SELECT'),"
                            + " (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = '" + table + "'::regclass)")) {
                row.next();
                assertThat(row.getBoolean(1)).as(table + " has a writer").isTrue();
                assertThat(row.getBoolean(2)).as(table + " is readable by liftwatch_reader").isTrue();
                assertThat(row.getString(3)).as(table + "'s owner").isEqualTo(owner.user());
            }
        }
    }

    private void assertRefused(Service service, String statement) {
        assertThatThrownBy(() -> sql(as(service), statement)).as(service + ": " + statement)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                        .as(service + ": " + statement + " → " + e.getMessage())
                        .isIn(INSUFFICIENT_PRIVILEGE, "42501"));
    }
}
