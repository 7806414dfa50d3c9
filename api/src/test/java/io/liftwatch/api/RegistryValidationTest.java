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
 * The registry's rules are checked before anything is written, the same way for a preview, an import and a
 * single entry: ids that can be addressed, numbers the tables keep, organisations of the right kind, floors a
 * lift serves. Whatever a preview passes, the import writes; whatever the import refuses, the preview listed.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryValidationTest {
    private final Registry fleet = FleetPlan.generate(3, 5);
    private final Lift sixStops = fleet.lifts().stream().filter(l -> l.floorLabels().size() == 6).findFirst().orElseThrow();
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private static String liftsCsv(String column, String value) {
        List<String> columns = List.of("id", "stairwell_id", "address", "district_code", "street", "community",
                "grid_cell", "building", "unit", "floor_labels", "rated_load_kg", "rated_speed_ms", "model",
                "maintainer_id", "use_unit_id", "service_start", "emergency_id", "use_cert_no");
        List<String> row = new java.util.ArrayList<>(List.of("31103201162025010007", "sw-new", "1 New Road", "320116",
                "Dongshan", "Dongshan-C1", "Dongshan-C1-G1", "B1", "1", "1|2|3|4|5|6", "630", "1.00", "RETRO-630",
                "mc-anjia", "pm-greenfield", "2023-05-01", "", ""));
        row.set(columns.indexOf(column), value);
        return String.join(",", columns) + "\n" + String.join(",", row) + "\n";
    }

    /** The preview lists the problem at its line and column; the import refuses with the same one and writes nothing. */
    private void previewAndImportAgree(String path, String type, String body, String field, String code) throws Exception {
        long lifts = api.count("SELECT count(*) FROM lift");
        long households = api.count("SELECT count(*) FROM household");
        ApiFixture.Reply preview = api.send("POST", path + "?dryRun=true", type, body);
        ApiFixture.Reply imported = api.send("POST", path, type, body);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonObject listed = preview.json().getJsonArray("problems").getJsonObject(0);
        assertThat(listed.getString("field")).as(body).isEqualTo(field);
        assertThat(listed.getString("code")).isEqualTo(code);
        assertThat(imported.status()).as(imported.body()).isEqualTo(422);
        assertThat(imported.json().getJsonArray("problems").getJsonObject(0).getMap()).isEqualTo(listed.getMap());
        assertThat(api.count("SELECT count(*) FROM lift")).isEqualTo(lifts);
        assertThat(api.count("SELECT count(*) FROM household")).isEqualTo(households);
    }

    @Test
    void aPreviewNamesEveryRowTheImportWouldRefuse() throws Exception {
        String csv = "text/csv";
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("rated_load_kg", "-5"), "rated_load_kg", "not_positive");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("rated_load_kg", "99999999999"), "rated_load_kg",
                "out_of_range");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("rated_speed_ms", "1e9"), "rated_speed_ms",
                "out_of_range");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("rated_speed_ms", "1.005"), "rated_speed_ms",
                "too_many_decimals");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("maintainer_id", "pm-greenfield"), "maintainer_id",
                "wrong_kind");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("use_unit_id", "mc-anjia"), "use_unit_id",
                "wrong_kind");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("stairwell_id", "sw-x/../y"), "stairwell_id", "bad_id");
        previewAndImportAgree("/api/v1/registry/lifts.csv", csv, liftsCsv("service_start", "2100-01-01"), "service_start",
                "date_out_of_range");
        String households = "id,stairwell_id,flat,floor,area_m2,residents\n";
        String stairwell = sixStops.stairwellId();
        previewAndImportAgree("/api/v1/registry/households.csv", csv, households + "h-9," + stairwell + ",901,9,80,2\n",
                "floor", "floor_not_served");
        previewAndImportAgree("/api/v1/registry/households.csv", csv, households + "h-new," + stairwell + ",201,2,80,2\n",
                "flat", "flat_taken");
        previewAndImportAgree("/api/v1/registry/households.csv", csv, households + "h-a," + stairwell + ",603,6,80,2\nh-a,"
                + stairwell + ",604,6,80,2\n", "id", "duplicate_id");
        previewAndImportAgree("/api/v1/registry", "application/json", new JsonObject().put("households", new JsonArray()
                .add(household("h-big").put("areaM2", 1e308))).encode(), "areaM2", "out_of_range");
        for (String id : List.of("h/1", "x\ny", "h 1", ".hidden", "h".repeat(3000))) {
            previewAndImportAgree("/api/v1/registry", "application/json", new JsonObject().put("households", new JsonArray()
                    .add(household(id))).encode(), "id", "bad_id");
        }
    }

    private JsonObject household(String id) {
        return new JsonObject().put("id", id).put("stairwellId", sixStops.stairwellId()).put("flat", "699")
                .put("floor", "6").put("areaM2", 80.5).put("residents", 2);
    }

    @Test
    void aCleanPreviewIsWrittenByTheImport() throws Exception {
        String file = liftsCsv("id", "31103201162025010008").replace("sw-new", "sw-8.east:1");
        ApiFixture.Reply preview = api.send("POST", "/api/v1/registry/lifts.csv?dryRun=true", "text/csv", file);
        assertThat(preview.json().getInteger("problemCount")).as(preview.body()).isZero();
        assertThat(api.send("POST", "/api/v1/registry/lifts.csv", "text/csv", file).status()).isEqualTo(200);
        ApiFixture.Reply household = api.send("PUT", "/api/v1/households/住户-8.1", "application/json",
                new JsonObject().put("stairwellId", "sw-8.east:1").put("flat", "601").put("floor", "6").put("areaM2", null)
                        .put("residents", null).encode());
        assertThat(household.status()).as(household.body()).isEqualTo(200);
    }

    @Test
    void aHouseholdLivesOnAFloorItsLiftServes() throws Exception {
        String id = sixStops.stairwellId() + "-702";
        ApiFixture.Reply seventh = api.send("PUT", "/api/v1/households/" + id, "application/json",
                household(id).put("flat", "702").put("floor", "7").encode());
        assertThat(seventh.status()).isEqualTo(422);
        assertThat(seventh.json().getString("detail")).contains("floor '7'").contains("1, 2, 3, 4, 5, 6");
        assertThat(api.count("SELECT count(*) FROM household WHERE id = '" + id + "'")).isZero();

        JsonObject shorter = io.liftwatch.common.registry.RegistryJson.lift(sixStops)
                .put("floorLabels", new JsonArray().add("1").add("2").add("3"));
        ApiFixture.Reply stranded = api.send("PUT", "/api/v1/lifts/" + sixStops.id(), "application/json", shorter.encode());
        assertThat(stranded.status()).isEqualTo(422);
        assertThat(stranded.json().getJsonArray("problems").getJsonObject(0).getString("code")).isEqualTo("floor_left_unserved");
        assertThat(api.count("SELECT count(*) FROM lift WHERE id = '" + sixStops.id() + "' AND cardinality(floor_labels) = 6"))
                .isEqualTo(1);
    }

    @Test
    void anOrganisationKeepsItsKindWhileLiftsNameItAndAPutSendsEveryField() throws Exception {
        JsonObject anjia = new JsonObject().put("name", "Anjia Lift Maintenance Co.").put("kind", "property")
                .put("phone", "025-5000-0001");
        ApiFixture.Reply retyped = api.send("PUT", "/api/v1/organisations/mc-anjia", "application/json", anjia.encode());
        assertThat(retyped.status()).as(retyped.body()).isEqualTo(409);
        assertThat(retyped.json().getString("detail")).contains("mc-anjia").contains("maintenance");

        JsonObject noPhone = anjia.copy().put("kind", "maintenance");
        noPhone.remove("phone");
        ApiFixture.Reply omitted = api.send("PUT", "/api/v1/organisations/mc-anjia", "application/json", noPhone.encode());
        assertThat(omitted.status()).isEqualTo(422);
        assertThat(omitted.json().getString("detail")).contains("phone").contains("null clears");
        assertThat(api.count("SELECT count(*) FROM organisation WHERE id = 'mc-anjia' AND kind = 'maintenance'"
                + " AND phone = '025-5000-0001'")).isEqualTo(1);

        ApiFixture.Reply renamed = api.send("PUT", "/api/v1/organisations/mc-anjia", "application/json",
                anjia.copy().put("kind", "maintenance").put("name", "Anjia Lifts").encode());
        assertThat(renamed.status()).isEqualTo(200);
        ApiFixture.Reply unused = api.send("PUT", "/api/v1/organisations/mc-spare", "application/json",
                new JsonObject().put("name", "Spare").put("kind", "maintenance").put("phone", null).encode());
        assertThat(unused.status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/organisations/mc-spare", "application/json",
                new JsonObject().put("name", "Spare").put("kind", "property").put("phone", null).encode()).status())
                .as("an organisation nothing names may change kind").isEqualTo(200);
    }

    @Test
    void aLiftWithAlarmsIsNotRemovedAndTheAnswerSaysWhy() throws Exception {
        String lift = fleet.lifts().get(2).id();
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES (77, '" + lift
                + "', 'door_open_failure', 'major', 'raised', now(), now(), 1)");
        ApiFixture.Reply removed = api.send("DELETE", "/api/v1/lifts/" + lift, null, "");
        assertThat(removed.status()).isEqualTo(409);
        assertThat(removed.json().getString("detail")).contains(lift).contains("alarm");
    }
}
