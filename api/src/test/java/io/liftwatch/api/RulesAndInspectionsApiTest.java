package io.liftwatch.api;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule thresholds per model and lift, and inspection records, through the API over a real database. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesAndInspectionsApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(2, 9);
    private ApiFixture api;
    private String lift;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        lift = fleet.lifts().get(0).id();
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private ApiFixture.Reply put(String path, JsonObject body) throws Exception {
        return api.send("PUT", "/api/v1" + path, JSON, body.encode());
    }

    @Test
    void modelAndLiftOverridesLayerOverTheDefaults() throws Exception {
        assertThat(put("/rule-settings/model/RETRO-630", new JsonObject().put("by", "ops").put("settings",
                new JsonObject().put("entrapmentAfterSeconds", 20).put("maintenanceRunsLimit", 3000))).status())
                .isEqualTo(200);
        assertThat(put("/rule-settings/lift/" + lift, new JsonObject().put("by", "ops").put("settings",
                new JsonObject().put("entrapmentAfterSeconds", 40))).status()).isEqualTo(200);

        JsonObject effective = api.get("/api/v1/lifts/" + lift + "/rule-settings").json().getJsonObject("effective");
        JsonObject other = api.get("/api/v1/lifts/" + fleet.lifts().get(1).id() + "/rule-settings").json()
                .getJsonObject("effective");
        assertThat(effective.getLong("entrapmentAfterSeconds")).isEqualTo(40);
        assertThat(effective.getLong("maintenanceRunsLimit")).isEqualTo(3000);
        assertThat(effective.getLong("outsideDoorZoneAfterSeconds")).isEqualTo(45);
        assertThat(other.getLong("entrapmentAfterSeconds")).isEqualTo(20);
        assertThat(api.get("/api/v1/rule-settings").json().getJsonArray("items")).hasSize(2);

        assertThat(api.send("DELETE", "/api/v1/rule-settings/lift/" + lift, null, "").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/lifts/" + lift + "/rule-settings").json().getJsonObject("effective")
                .getLong("entrapmentAfterSeconds")).isEqualTo(20);
    }

    @Test
    void badOverridesAreRefusedWithTheReason() throws Exception {
        ApiFixture.Reply unknownKey = put("/rule-settings/model/X", new JsonObject().put("by", "ops")
                .put("settings", new JsonObject().put("trappedSeconds", 20)));
        ApiFixture.Reply flapping = put("/rule-settings/model/X", new JsonObject().put("by", "ops")
                .put("settings", new JsonObject().put("doorCycleRatioClear", 2.2)));
        ApiFixture.Reply nameless = put("/rule-settings/model/X", new JsonObject().put("by", " ")
                .put("settings", new JsonObject().put("doorReopenLimit", 5)));
        ApiFixture.Reply strangerLift = put("/rule-settings/lift/31103201162099120001", new JsonObject().put("by", "ops")
                .put("settings", new JsonObject().put("doorReopenLimit", 5)));
        ApiFixture.Reply badScope = put("/rule-settings/street/Moling", new JsonObject().put("by", "ops")
                .put("settings", new JsonObject().put("doorReopenLimit", 5)));
        ApiFixture.Reply misspeltModel = put("/rule-settings/model/RETRO630", new JsonObject().put("by", "ops")
                .put("settings", new JsonObject().put("doorReopenLimit", 5)));

        assertThat(unknownKey.status()).isEqualTo(422);
        assertThat(unknownKey.json().getString("detail")).contains("trappedSeconds").contains("entrapmentAfterSeconds");
        assertThat(flapping.status()).isEqualTo(422);
        assertThat(flapping.json().getString("detail")).contains("below doorCycleRatioRaise");
        assertThat(nameless.status()).isEqualTo(422);
        assertThat(strangerLift.status()).isEqualTo(404);
        assertThat(badScope.status()).isEqualTo(404);
        assertThat(misspeltModel.status()).isEqualTo(404);
        assertThat(misspeltModel.json().getString("detail")).contains("no registered lift is of model 'RETRO630'");
        assertThat(api.get("/api/v1/rule-settings").json().getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("target"))).as("nothing kept").doesNotContain("RETRO630");
    }

    @Test
    void inspectionsAreAppendOnlyAndCorrectedByNewRecords() throws Exception {
        JsonObject record = new JsonObject().put("inspectedOn", "2025-05-10").put("body", "Nanjing SEI")
                .put("result", "pass").put("certificate", "NJ-2025-0042").put("nextDue", "2026-05-10").put("by", "pm-li");
        ApiFixture.Reply first = api.send("POST", "/api/v1/lifts/" + lift + "/inspections", JSON, record.encode());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long id = first.json().getLong("id");
        ApiFixture.Reply correction = api.send("POST", "/api/v1/lifts/" + lift + "/inspections", JSON,
                record.copy().put("nextDue", "2026-05-09").put("corrects", id).encode());
        assertThat(correction.status()).isEqualTo(201);

        JsonArray items = api.get("/api/v1/lifts/" + lift + "/inspections").json().getJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(items.stream().map(JsonObject.class::cast).filter(i -> i.getLong("id") == id).findFirst()
                .orElseThrow().getLong("correctedBy")).isEqualTo(correction.json().getLong("id"));
        assertThatThrownBy(() -> api.sql("UPDATE inspection SET next_due = '2030-01-01'"))
                .hasMessageContaining("immutable");

        ApiFixture.Reply backwards = api.send("POST", "/api/v1/lifts/" + lift + "/inspections", JSON,
                record.copy().put("nextDue", "2025-01-01").encode());
        ApiFixture.Reply result = api.send("POST", "/api/v1/lifts/" + lift + "/inspections", JSON,
                record.copy().put("result", "ok").encode());
        ApiFixture.Reply foreign = api.send("POST", "/api/v1/lifts/" + fleet.lifts().get(1).id() + "/inspections",
                JSON, record.copy().put("corrects", id).encode());
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().getString("detail")).contains("must be after 'inspectedOn'");
        assertThat(result.status()).isEqualTo(422);
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.json().getString("detail")).contains("is not a record of lift");
    }
}
