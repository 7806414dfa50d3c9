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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance plan over a real database, counted from today: lift 0 had a quarterly visit 3 days ago
 * (its half-monthly and quarterly items are planned, the half-yearly and yearly overdue), lift 1 a
 * half-monthly one 10 days ago (due within the week), lift 2 none and its on-demand usage limit reached.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenancePlanApiTest {
    private final Registry fleet = FleetPlan.generate(3, 5);
    private ApiFixture api;
    private Lift recent;
    private Lift dueSoon;
    private Lift neglected;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        recent = fleet.lifts().get(0);
        dueSoon = fleet.lifts().get(1);
        neglected = fleet.lifts().get(2);
        visit(recent, "quarterly", 3);
        visit(dueSoon, "half_monthly", 10);
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (901, '" + neglected.id() + "', 'maintenance_due', 'minor', 'raised', now(), now(), 1);"
                + " INSERT INTO alarm_event (alarm_id, lift_id, type, kind, at, actor, detail) VALUES (901, '"
                + neglected.id() + "', 'maintenance_due', 'raised', now(), 'rule', '3000 runs since the last visit"
                + " (on-demand policy: 3000 runs or 30 days)')");
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private void visit(Lift lift, String tier, int daysAgo) throws Exception {
        Instant started = Instant.now().minus(daysAgo, ChronoUnit.DAYS);
        JsonObject body = new JsonObject().put("tier", tier).put("startedAt", started.toString())
                .put("endedAt", started.plus(1, ChronoUnit.HOURS).toString()).put("items", new JsonArray().add("A1"))
                .put("technicians", new JsonArray().add("Wang Lei")).put("by", "mc-app");
        ApiFixture.Reply reply = api.send("POST", "/api/v1/lifts/" + lift.id() + "/maintenance-visits", "application/json",
                body.encode());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static List<String> rows(JsonObject plan) {
        return plan.getJsonArray("items").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("liftId") + " " + r.getString("tier") + " " + r.getString("state")).toList();
    }

    private static int count(JsonObject plan, String tier, String state) {
        return plan.getJsonArray("counts").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("tier").equals(tier) && c.getString("state").equals(state))
                .mapToInt(c -> c.getInteger("lifts")).sum();
    }

    @Test
    void eachTierListsItsOverdueLiftsFirstThenThoseDueWithinTheWeek() throws Exception {
        JsonObject halfMonthly = api.get("/api/v1/maintenance-plan?tier=half_monthly").json();
        assertThat(rows(halfMonthly)).containsExactly(neglected.id() + " half_monthly overdue", dueSoon.id() + " half_monthly due");
        assertThat(halfMonthly.getJsonArray("items").getJsonObject(1).getString("dueOn"))
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(5).toString());
        assertThat(count(halfMonthly, "half_monthly", "planned")).as("the quarterly visit covers the half-monthly items")
                .isEqualTo(1);
        assertThat(rows(api.get("/api/v1/maintenance-plan?tier=quarterly").json()))
                .containsExactly(dueSoon.id() + " quarterly overdue", neglected.id() + " quarterly overdue");
        assertThat(rows(api.get("/api/v1/maintenance-plan?tier=on_demand").json()))
                .containsExactly(neglected.id() + " on_demand overdue");
        assertThat(rows(api.get("/api/v1/maintenance-plan?tier=yearly&state=overdue").json())).hasSize(3);
    }

    @Test
    void thePlanIsFilteredByCompanyAndStreetAndPaged() throws Exception {
        // Lifts 0 and 2 are Anjia's; lift 1 is on Moling street.
        JsonObject anjia = api.get("/api/v1/maintenance-plan?maintainer=mc-anjia&tier=yearly").json();
        assertThat(rows(anjia)).containsExactly(recent.id() + " yearly overdue", neglected.id() + " yearly overdue");
        assertThat(rows(api.get("/api/v1/maintenance-plan?street=Moling").json())).allMatch(r -> r.startsWith(dueSoon.id()));
        JsonObject all = api.get("/api/v1/maintenance-plan").json();
        JsonObject second = api.get("/api/v1/maintenance-plan?limit=2&offset=2").json();
        assertThat(rows(second)).containsExactlyElementsOf(rows(all).subList(2, 4));
        assertThat(second.getJsonArray("counts")).isEqualTo(all.getJsonArray("counts"));
    }

    @Test
    void aWrongParameterIsRefusedInWords() throws Exception {
        assertThat(api.get("/api/v1/maintenance-plan?tier=weekly").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/maintenance-plan?state=late").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/maintenance-plan?within=365").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/maintenance-plan?limit=0").status()).isEqualTo(400);
    }
}
