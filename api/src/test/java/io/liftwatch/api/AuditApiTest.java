package io.liftwatch.api;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance records, tamper evidence and compliance through the API over a real database. Three lifts
 * on three streets; the day of the compliance check is the request's {@code asOf}, so the clock is the
 * test's.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(3, 5);
    private ApiFixture api;
    private Lift kept;
    private Lift neglected;
    private Lift claimed;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        kept = fleet.lifts().get(0);
        neglected = fleet.lifts().get(1);
        claimed = fleet.lifts().get(2);
        for (Lift lift : fleet.lifts()) {
            post("/lifts/" + lift.id() + "/maintenance-contracts", new JsonObject().put("companyId", lift.maintainerId())
                    .put("startsOn", "2025-01-01").put("endsOn", "2026-01-01").put("by", "pm-zhou"), 201);
        }
        // The kept lift reported inspection mode while its technician worked; the claimed one never did.
        api.sql("INSERT INTO lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code) VALUES"
                + " ('" + kept.id() + "', '2025-06-20 09:05+08', 1, 1, now(), 'inspection_mode', 43),"
                + " ('" + kept.id() + "', '2025-06-20 10:10+08', 1, 2, now(), 'back_to_normal', 40),"
                + " ('" + neglected.id() + "', '2025-06-01 08:50+08', 1, 1, now(), 'inspection_mode', 43)");
        visit(kept, "2025-06-20T09:00:00+08:00", "2025-06-20T10:00:00+08:00");
        visit(neglected, "2025-06-01T09:00:00+08:00", "2025-06-01T10:00:00+08:00");
        visit(claimed, "2025-06-25T09:00:00+08:00", "2025-06-25T10:00:00+08:00");
        // A rescue of the claimed lift whose technician took 45 minutes.
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (900, '" + claimed.id() + "', 'entrapment', 'critical', 'cleared', '2025-06-10 20:00+08',"
                + " '2025-06-10 20:00+08', 1)");
        // The kept lift's on-demand policy counted its runs up to the limit on 25 June.
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (901, '" + kept.id() + "', 'maintenance_due', 'minor', 'raised', '2025-06-25 12:00+08',"
                + " '2025-06-25 12:00+08', 1);"
                + " INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail) VALUES (901, '" + kept.id()
                + "', 'maintenance_due', 'raised', '2025-06-25 12:00+08', 'rule', '3000 runs and 3900 door cycles"
                + " since the last visit (on-demand policy: 3000 runs or 30 days)')");
        api.sql("INSERT INTO rescue (alarm_id, lift_id, raised_at, acknowledged_at, arrived_at, released_at,"
                + " arrival_breached_at) VALUES (900, '" + claimed.id() + "', '2025-06-10 20:00+08',"
                + " '2025-06-10 20:02+08', '2025-06-10 20:45+08', '2025-06-10 20:55+08', '2025-06-10 20:30+08')");
        // Alerts chains a rescue when it is released; a released rescue without its link is reported unchained.
        try (java.sql.Connection c = api.pool.getConnection()) {
            io.liftwatch.common.audit.AuditChain.append(c, io.liftwatch.common.audit.AuditChain.Kind.RESCUE, 900);
        }
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private JsonObject post(String path, JsonObject body, int expected) throws Exception {
        ApiFixture.Reply reply = api.send("POST", "/api/v1" + path, JSON, body.encode());
        assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(expected);
        return reply.json();
    }

    private JsonObject visit(Lift lift, String from, String to) throws Exception {
        return post("/lifts/" + lift.id() + "/maintenance-visits", new JsonObject().put("tier", "half_monthly")
                .put("startedAt", from).put("endedAt", to).put("items", new JsonArray().add("A1 machine room")
                        .add("A7 door lock"))
                .put("technicians", new JsonArray().add("Wang Lei").add("Chen Jie"))
                .put("by", "mc-app"), 201);
    }

    private static List<String> findings(JsonObject compliance, String finding) {
        return compliance.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("finding").equals(finding)).map(f -> f.getString("liftId") + "@"
                        + f.getString("street")).toList();
    }

    @Test
    void aVisitIsLinkedToTheInspectionModeTheLiftReported() throws Exception {
        JsonObject visits = api.get("/api/v1/lifts/" + kept.id() + "/maintenance-visits").json();
        JsonObject unseen = api.get("/api/v1/lifts/" + claimed.id() + "/maintenance-visits").json();

        assertThat(visits.getJsonArray("items").getJsonObject(0).getString("inspectionModeFrom"))
                .isEqualTo("2025-06-20T01:05:00Z");
        assertThat(visits.getJsonArray("items").getJsonObject(0).getString("inspectionModeTo"))
                .isEqualTo("2025-06-20T02:10:00Z");
        assertThat(unseen.getJsonArray("items").getJsonObject(0).getValue("inspectionModeFrom")).isNull();
    }

    @Test
    void complianceReportsEachFindingOnceInItsRegion() throws Exception {
        JsonObject all = api.get("/api/v1/compliance?asOf=2025-06-30").json();

        assertThat(findings(all, "maintenance_overdue")).containsExactly(neglected.id() + "@Moling");
        assertThat(findings(all, "visit_without_inspection_mode")).containsExactly(claimed.id() + "@Qilin");
        assertThat(findings(all, "rescue_late")).containsExactly(claimed.id() + "@Qilin");
        assertThat(findings(all, "contract_missing")).isEmpty();
        assertThat(findings(all, "maintenance_due_by_usage")).containsExactly(kept.id() + "@Dongshan");
        assertThat(findings(api.get("/api/v1/compliance?asOf=2025-06-24").json(), "maintenance_due_by_usage")).isEmpty();
        assertThat(all.getJsonObject("counts").getInteger("maintenance_overdue")).isEqualTo(1);

        JsonObject moling = api.get("/api/v1/compliance?asOf=2025-06-30&street=Moling").json();
        assertThat(moling.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .map(f -> f.getString("liftId")).distinct().toList()).containsExactly(neglected.id());

        JsonObject earlier = api.get("/api/v1/compliance?asOf=2025-06-10").json();
        assertThat(findings(earlier, "maintenance_overdue")).as("ten days after the visit it was not yet due")
                .doesNotContain(neglected.id() + "@Moling");
        JsonObject later = api.get("/api/v1/compliance?asOf=2026-01-02").json();
        assertThat(findings(later, "contract_missing")).hasSize(3);
    }

    @Test
    void aRecordAlteredBehindTheApplicationsBackBreaksTheChain() throws Exception {
        JsonObject inspection = post("/lifts/" + neglected.id() + "/inspections", new JsonObject()
                .put("inspectedOn", "2025-05-10").put("body", "Nanjing SEI").put("result", "pass")
                .put("nextDue", "2026-05-10").put("by", "pm-zhou"), 201);
        JsonObject intact = api.get("/api/v1/audit/verify").json();
        assertThat(intact.getBoolean("intact")).isTrue();
        assertThat(intact.getLong("recordsChecked")).as("three visits, the rescue, the inspection").isEqualTo(5);

        api.sql("ALTER TABLE inspection DISABLE TRIGGER inspection_immutable;"
                + " UPDATE inspection SET next_due = '2027-05-10' WHERE id = " + inspection.getLong("id") + ";"
                + " ALTER TABLE inspection ENABLE TRIGGER inspection_immutable");
        JsonObject broken = api.get("/api/v1/audit/verify?lift=" + neglected.id()).json();

        assertThat(broken.getBoolean("intact")).isFalse();
        assertThat(broken.getJsonArray("breaks")).singleElement().satisfies(b -> {
            JsonObject found = (JsonObject) b;
            assertThat(found.getString("kind")).isEqualTo("inspection");
            assertThat(found.getLong("recordId")).isEqualTo(inspection.getLong("id"));
            assertThat(found.getString("problem")).contains("altered").contains("2027-05-10");
        });
    }

    @Test
    void theMonthlyReportListsEveryLiftWithItsFindingsAsCsvAndAsAPrintablePage() throws Exception {
        ApiFixture.Reply csv = api.get("/api/v1/reports/monthly?month=2025-06&format=csv&lang=en");
        ApiFixture.Reply page = api.get("/api/v1/reports/monthly?month=2025-06&district=320116&lang=en");

        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFregistration_code,address,street");
        assertThat(lines).hasSize(4);
        String claimedRow = lines.stream().filter(l -> l.startsWith(claimed.id())).findFirst().orElseThrow();
        assertThat(claimedRow).contains(",1,0,1,1,45,").contains("visit_without_inspection_mode")
                .contains("rescue_late");
        assertThat(lines.stream().filter(l -> l.startsWith(kept.id())).findFirst().orElseThrow())
                .doesNotContain("maintenance_overdue");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Month <b>2025-06</b>, region <b>district 320116</b>")
                .contains("<li>Lifts: 3</li>").contains("lifts with a late rescue: 1");
        assertThat(api.get("/api/v1/reports/monthly?month=June").status()).isEqualTo(400);
    }
}
