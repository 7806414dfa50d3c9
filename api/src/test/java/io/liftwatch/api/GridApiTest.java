package io.liftwatch.api;

import io.liftwatch.api.audit.GridSql;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.Stairwell;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Grid supervision's aggregates and export, and a grid redrawn without rewriting a past period. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridApiTest {
    private static final String JUNE = "from=2025-06-01&to=2025-07-01";
    private final Registry fleet = FleetPlan.generate(8, 4);
    private ApiFixture api;
    private Lift dongshan;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        dongshan = fleet.lifts().get(0);
        Lift alsoDongshan = fleet.lifts().get(4);
        api.sql("INSERT INTO lift_state (lift_id, online) SELECT id, id <> '" + alsoDongshan.id() + "' FROM lift");
        // Both Dongshan lifts heard since May: one online for the first half of June, the other from 25 June on
        // (its span still in progress): 15 + 6 of 60 lift-days online.
        api.sql("UPDATE lift_state SET first_seen_at = '2025-05-01 00:00+08' WHERE lift_id IN ('" + dongshan.id()
                + "', '" + alsoDongshan.id() + "')");
        api.sql("INSERT INTO lift_presence (lift_id, since, until) VALUES ('" + dongshan.id()
                + "', '2025-06-01 00:00+08', '2025-06-16 00:00+08')");
        api.sql("UPDATE lift_state SET presence_since = '2025-06-25 00:00+08', presence_until = '2025-07-10 00:00+08',"
                + " presence_open = true WHERE lift_id = '" + alsoDongshan.id() + "'");
        insertFaults(fault(dongshan, "2025-06-03 08:00+08", 1, "door_close_failure", 2, true, "3"),
                fault(dongshan, "2025-06-03 08:05+08", 2, "door_close_failure", 2, false, "3"),
                fault(dongshan, "2025-06-09 19:00+08", 3, "entrapment", 1, true, "4"),
                fault(dongshan, "2025-05-30 19:00+08", 4, "overspeed", 5, true, "4"));
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (77, '" + dongshan.id() + "', 'entrapment', 'critical', 'cleared', '2025-06-09 19:00+08',"
                + " '2025-06-09 19:00+08', 1)");
        api.sql("INSERT INTO rescue (alarm_id, lift_id, raised_at, arrived_at, released_at) VALUES (77, '"
                + dongshan.id() + "', '2025-06-09 19:00+08', '2025-06-09 19:20+08', '2025-06-09 19:30+08')");
        // A Qilin lift first heard halfway through June, with one fault since.
        Lift halfway = fleet.lifts().get(2);
        api.sql("INSERT INTO connection_event (lift_id, ts, boot, seq, received_at, online) VALUES ('" + halfway.id()
                + "', '2025-06-16 00:00+08', 1, 0, '2025-06-16 00:00+08', true)");
        insertFaults(fault(halfway, "2025-06-20 10:00+08", 5, "door_open_failure", 3, true, "2"));
    }

    @Test
    void aLiftWithHistoryBeforeIngestFirstSawItCountsFromItsHistory() throws Exception {
        // Tangshan: lift 3 heard since May by its stored history (a COPY beside ingest, as the demo seeds it), while
        // ingest first saw it after June; lift 7 never heard, in service since 2023. Both watched all of June.
        Lift seeded = fleet.lifts().get(3);
        api.sql("INSERT INTO connection_event (lift_id, ts, boot, seq, received_at, online) VALUES ('" + seeded.id()
                + "', '2025-05-20 00:00+08', 1, 0, '2025-05-20 00:00+08', true)");
        api.sql("UPDATE lift_state SET first_seen_at = '2025-07-05 00:00+08' WHERE lift_id = '" + seeded.id() + "'");
        insertFaults(fault(seeded, "2025-06-12 10:00+08", 1, "door_open_failure", 3, true, "2"));

        JsonObject tangshan = byUnit("level=street&" + JUNE, "street").get("320116/Tangshan");
        String report = api.get("/api/v1/reports/monthly?month=2025-06&format=csv&lang=en").body();

        assertThat(tangshan.getDouble("liftsWatched")).isEqualTo(2.0);
        assertThat(tangshan.getDouble("observedLiftDays")).isEqualTo(60.0);
        assertThat(tangshan.getDouble("faultsPer100Lifts")).as("one fault over 2 lifts").isEqualTo(50.0);
        assertThat(report.lines().filter(l -> l.startsWith(seeded.id())).findFirst().orElseThrow())
                .as("30 days observed").contains(",30.0,");
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private void insertFaults(String... rows) throws SQLException {
        api.sql("INSERT INTO fault (lift_id, ts, boot, seq, received_at, code, gbt_code, raised, floor) VALUES "
                + String.join(", ", rows));
    }

    /** A fault row of the lift's first boot. */
    private static String fault(Lift lift, String at, int seq, String code, int gbtCode, boolean raised, String floor) {
        return "('" + lift.id() + "', '" + at + "', 1, " + seq + ", now(), '" + code + "', " + gbtCode + ", " + raised
                + ", '" + floor + "')";
    }

    private Map<String, JsonObject> byUnit(String query, String level) throws Exception {
        return api.get("/api/v1/grid?" + query).json().getJsonArray("items").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(u -> u.getString(level), u -> u));
    }

    @Test
    void everyLiftOfAnyPeriodHasTheOnlineTimeAndFaultsOfItsOwnReadersBeforeAndAfterTheRollups() throws Exception {
        // Lift 1, in August (the other tests count June): spans of minutes to days and faults at odd times, so that
        // partial days and hours hold something, one fault on a period's first instant.
        Lift busy = fleet.lifts().get(1);
        api.sql("INSERT INTO lift_presence (lift_id, since, until) VALUES"
                + " ('" + busy.id() + "', '2025-08-01 00:00+08', '2025-08-01 06:00+08'),"
                + " ('" + busy.id() + "', '2025-08-02 09:10:07+08', '2025-08-02 11:45:30+08'),"
                + " ('" + busy.id() + "', '2025-08-02 16:00+08', '2025-08-04 07:20:13.5+08'),"
                + " ('" + busy.id() + "', '2025-08-20 23:59:59+08', '2025-08-21 00:00:01+08')");
        insertFaults(fault(busy, "2025-08-02 10:30+08", 1, "door_close_failure", 2, true, "3"),
                fault(busy, "2025-08-02 10:31+08", 2, "door_close_failure", 2, true, "3"),
                fault(busy, "2025-08-20 17:14:59+08", 3, "overspeed", 5, true, "3"),
                fault(busy, "2025-08-21 00:00+08", 4, "overspeed", 5, true, "3"));
        String[][] periods = {
                {"2025-06-01 00:00+08", "2025-07-01 00:00+08"},
                {"2025-08-01 00:00+08", "2025-09-01 00:00+08"},
                {"2025-08-02 10:30+08", "2025-08-20 17:15+08"},
                {"2025-08-02 10:30:00.5+08", "2025-08-02 11:00+08"},
                {"2025-08-03 07:10+08", "2025-08-03 09:50+08"},
                // The longest head and tail of whole hours outside whole days: 23 hours each.
                {"2025-08-02 00:00:01+08", "2025-08-04 06:59:59+08"},
                {"2025-08-02 00:00+08", "2025-08-03 23:59:59+08"},
                {"2025-08-20 23:00+08", "2025-08-21 00:00:00.5+08"},
                {"2025-07-30 18:59+08", "2025-08-09 19:00:01+08"}};
        // Raw hours and days, then rolled up, then with hours of rolled-up days pending again (a late span and fault).
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 1) {
                api.sql("SELECT liftwatch_refresh_rollups(100000)");
                assertThat(api.count("SELECT count(*) FROM rollup_pending")).isZero();
            } else if (pass == 2) {
                api.sql("INSERT INTO lift_presence (lift_id, since, until) VALUES ('" + busy.id()
                        + "', '2025-08-02 12:00+08', '2025-08-02 12:30+08')");
                insertFaults(fault(busy, "2025-08-03 12:10+08", 5, "overspeed", 5, true, "3"));
                assertThat(api.count("SELECT count(*) FROM rollup_pending")).isPositive();
            }
            for (String[] period : periods) {
                OffsetDateTime from = OffsetDateTime.parse(period[0].replace(' ', 'T') + ":00");
                OffsetDateTime to = OffsetDateTime.parse(period[1].replace(' ', 'T') + ":00");
                String what = period[0] + " .. " + period[1] + ", pass " + pass;
                assertThat(gridAgreesWithTheLiftsOwnReaders(from, to, what)).as("lifts of %s", what)
                        .isEqualTo(fleet.lifts().size());
            }
        }
    }

    /** Compares each lift's row of grid supervision with lift_online_seconds and lift_faults_raised; returns the lifts. */
    private int gridAgreesWithTheLiftsOwnReaders(OffsetDateTime from, OffsetDateTime to, String what) throws Exception {
        try (Connection c = api.pool.getConnection();
             PreparedStatement grid = c.prepareStatement(GridSql.LIFTS);
             PreparedStatement own = c.prepareStatement("SELECT lift_online_seconds(?, ?, ?)::numeric(14, 3),"
                     + " lift_faults_raised(?, ?, ?)")) {
            List<Object> parameters = GridSql.liftParameters(null, from, to);
            for (int i = 0; i < parameters.size(); i++) {
                grid.setObject(i + 1, parameters.get(i));
            }
            int lifts = 0;
            try (ResultSet row = grid.executeQuery()) {
                while (row.next()) {
                    String lift = row.getString("lift_id");
                    for (int k = 0; k < 2; k++) {
                        own.setString(3 * k + 1, lift);
                        own.setObject(3 * k + 2, from);
                        own.setObject(3 * k + 3, to);
                    }
                    try (ResultSet expected = own.executeQuery()) {
                        expected.next();
                        assertThat(row.getBigDecimal("online_seconds").setScale(3, RoundingMode.HALF_EVEN))
                                .as("online seconds of %s over %s", lift, what).isEqualTo(expected.getBigDecimal(1));
                        assertThat(row.getLong("faults")).as("faults of %s over %s", lift, what)
                                .isEqualTo(expected.getLong(2));
                    }
                    lifts++;
                }
            }
            return lifts;
        }
    }

    @Test
    void aggregatesPerStreetCountFaultsEntrapmentsAndArrivalPer100Lifts() throws Exception {
        Map<String, JsonObject> streets = byUnit("level=street&" + JUNE, "street");

        JsonObject east = streets.get("320116/Dongshan");
        assertThat(east.getInteger("lifts")).isEqualTo(2);
        assertThat(east.getDouble("onlinePct")).as("time online over time watched").isEqualTo(35.0);
        assertThat(east.getDouble("onlineHours")).isEqualTo(21 * 24.0);
        assertThat(east.getDouble("observedHours")).isEqualTo(60 * 24.0);
        assertThat(east.getDouble("faultsPer100Lifts")).as("2 raised faults in June over 2 lifts").isEqualTo(100.0);
        assertThat(east.getDouble("entrapmentsPer100Lifts")).isEqualTo(50.0);
        assertThat(east.getLong("meanArrivalSeconds")).isEqualTo(1200);
        assertThat(east.getJsonArray("worstLifts").getJsonObject(0).getString("liftId")).isEqualTo(dongshan.id());
        assertThat(streets.get("320116/Moling").getDouble("faultsPer100Lifts")).isZero();
        assertThat(streets.values().stream().mapToInt(u -> u.getInteger("lifts")).sum()).isEqualTo(8);
    }

    @Test
    void aLiftFirstHeardHalfwayThroughThePeriodCountsForHalfOfIt() throws Exception {
        JsonObject answer = api.get("/api/v1/grid?level=street&" + JUNE).json();
        JsonObject qilin = byUnit("level=street&" + JUNE, "street").get("320116/Qilin");

        assertThat(qilin.getInteger("lifts")).isEqualTo(2);
        assertThat(qilin.getDouble("liftsWatched")).isEqualTo(1.5);
        assertThat(qilin.getDouble("observedLiftDays")).isEqualTo(45.0);
        assertThat(qilin.getDouble("faultsPer100Lifts")).as("one fault over 1.5 lifts watched").isEqualTo(66.67);
        assertThat(answer.getString("countedFrom")).contains("first report");
    }

    @Test
    void theExportCarriesGbtCodesAndPlaces() throws Exception {
        JsonObject export = api.get("/api/v1/grid/export?" + JUNE).json();
        JsonObject lift = export.getJsonArray("lifts").stream().map(JsonObject.class::cast)
                .filter(l -> l.getString("registrationCode").equals(dongshan.id())).findFirst().orElseThrow();

        assertThat(export.getString("schema")).isEqualTo("liftwatch.grid-export/1");
        assertThat(lift.getJsonObject("place").getString("street")).isEqualTo("Dongshan");
        assertThat(lift.getJsonArray("faults").stream().map(JsonObject.class::cast).map(f -> f.getInteger("gbtCode")))
                .containsExactly(2, 1);
        assertThat(lift.getJsonArray("rescues").getJsonObject(0).getInteger("arrivalSeconds")).isEqualTo(1200);
    }

    @Test
    void redrawingTheGridKeepsPastPeriodsAsTheyWere() throws Exception {
        Stairwell stairwell = fleet.stairwells().get(0);
        String cell = stairwell.gridCell();
        JsonObject moved = io.liftwatch.common.registry.RegistryJson.toJson(new Registry(java.util.List.of(),
                java.util.List.of(stairwell), java.util.List.of(), java.util.List.of(), java.util.List.of()))
                .getJsonArray("stairwells").getJsonObject(0).put("gridCell", "Dongshan-C1-G9");
        assertThat(api.send("PUT", "/api/v1/stairwells/" + stairwell.id(), "application/json", moved.encode()).status())
                .isEqualTo(200);

        assertThat(byUnit("level=grid&" + JUNE, "grid")).containsKey("320116/Dongshan/Dongshan-C1/" + cell)
                .doesNotContainKey("320116/Dongshan/Dongshan-C1/Dongshan-C1-G9");
        assertThat(byUnit("level=grid", "grid")).containsKey("320116/Dongshan/Dongshan-C1/Dongshan-C1-G9");
    }
}
