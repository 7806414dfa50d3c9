package io.liftwatch.api;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiTest {
    private final Registry fleet = FleetPlan.generate(5, 11);
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = new ApiFixture();
        ApiFixture.Reply imported = api.send("POST", "/api/v1/registry", "application/json",
                RegistryJson.toJson(fleet).encode());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    @Test
    void exportsWhatWasImported() throws Exception {
        ApiFixture.Reply exported = api.get("/api/v1/registry");

        assertThat(exported.status()).isEqualTo(200);
        Registry back = RegistryJson.fromJson(exported.json());
        assertThat(back.lifts()).containsExactlyInAnyOrderElementsOf(fleet.lifts());
        assertThat(back.stairwells()).containsExactlyInAnyOrderElementsOf(fleet.stairwells());
        assertThat(back.households()).containsExactlyInAnyOrderElementsOf(fleet.households());
        assertThat(back.cards()).containsExactlyInAnyOrderElementsOf(fleet.cards());
        assertThat(back.organisations()).containsExactlyInAnyOrderElementsOf(fleet.organisations());
    }

    @Test
    void csvFilesRoundTripIntoAnotherInstallation() throws Exception {
        String lifts = api.get("/api/v1/registry/lifts.csv").body();
        String households = api.get("/api/v1/registry/households.csv").body();
        String cards = api.get("/api/v1/registry/cards.csv").body();

        try (ApiFixture other = new ApiFixture()) {
            JsonObject orgsOnly = RegistryJson.toJson(new Registry(fleet.organisations(), java.util.List.of(),
                    java.util.List.of(), java.util.List.of(), java.util.List.of()));
            assertThat(other.send("POST", "/api/v1/registry", "application/json", orgsOnly.encode()).status()).isEqualTo(200);
            assertThat(other.send("POST", "/api/v1/registry/lifts.csv", "text/csv", lifts).json().getInteger("lifts"))
                    .isEqualTo(5);
            assertThat(other.send("POST", "/api/v1/registry/households.csv", "text/csv", households).status()).isEqualTo(200);
            assertThat(other.send("POST", "/api/v1/registry/cards.csv", "text/csv", cards).status()).isEqualTo(200);

            Registry copy = RegistryJson.fromJson(other.get("/api/v1/registry").json());
            assertThat(copy).isEqualTo(RegistryJson.fromJson(api.get("/api/v1/registry").json()));
        }
    }

    @Test
    void aLiftCanBeAddedChangedAndRemoved() throws Exception {
        JsonObject lift = RegistryJson.lift(fleet.lifts().get(0)).put("id", "31103201162025010001")
                .put("model", "NEW-800");
        assertThat(api.send("PUT", "/api/v1/lifts/31103201162025010001", "application/json", lift.encode()).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/lifts/31103201162025010001").json().getString("model")).isEqualTo("NEW-800");

        assertThat(api.send("DELETE", "/api/v1/lifts/31103201162025010001", null, "").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/lifts/31103201162025010001").status()).isEqualTo(404);
    }

    @Test
    void refusesBadBodiesWithProblemDetails() throws Exception {
        String liftPath = "/api/v1/lifts/" + fleet.lifts().get(1).id();
        JsonObject lift = RegistryJson.lift(fleet.lifts().get(1));

        ApiFixture.Reply malformed = api.send("PUT", liftPath, "application/json", "{\"id\":");
        ApiFixture.Reply wrongType = api.send("PUT", liftPath, "text/plain", lift.encode());
        ApiFixture.Reply otherId = api.send("PUT", liftPath, "application/json",
                lift.copy().put("id", "31103201162025019999").encode());
        ApiFixture.Reply unknownCompany = api.send("PUT", liftPath, "application/json",
                lift.copy().put("maintainerId", "mc-nobody").encode());
        ApiFixture.Reply oneStop = api.send("PUT", liftPath, "application/json",
                lift.copy().put("floorLabels", new io.vertx.core.json.JsonArray().add("1")).encode());
        ApiFixture.Reply badCsv = api.send("POST", "/api/v1/registry/households.csv", "text/csv",
                "id,stairwell_id,flat,floor,area_m2,residents\nh1,sw-1,101,1,-3,2\n");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).isEqualTo("application/problem+json");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(otherId.status()).isEqualTo(422);
        assertThat(otherId.json().getString("detail")).contains("differs from the path");
        assertThat(unknownCompany.status()).isEqualTo(422);
        assertThat(unknownCompany.json().getString("detail")).contains("mc-nobody");
        assertThat(oneStop.status()).isEqualTo(422);
        assertThat(oneStop.json().getString("detail")).contains("floorLabels");
        assertThat(badCsv.status()).isEqualTo(422);
        assertThat(badCsv.json().getString("detail")).contains("line 2").contains("area_m2");
        assertThat(api.get(liftPath).json().getString("maintainerId")).isEqualTo(fleet.lifts().get(1).maintainerId());
    }

    @Test
    void refusesRegistrationCodesGbt24476DoesNotIssue() throws Exception {
        JsonObject lift = RegistryJson.lift(fleet.lifts().get(0));
        for (String[] bad : new String[][]{{"31103201162023050000", "sequence 0000"},
                {"31103201162023130042", "registration month 13"}, {"21103201162023050042", "equipment category"}}) {
            ApiFixture.Reply reply = api.send("PUT", "/api/v1/lifts/" + bad[0], "application/json",
                    lift.copy().put("id", bad[0]).encode());
            assertThat(reply.status()).as(bad[0]).isEqualTo(422);
            assertThat(reply.json().getString("detail")).contains("id").contains(bad[1]);
        }
    }

    @Test
    void refusesAnOversizeBody() throws Exception {
        try (ApiFixture small = new ApiFixture(2048)) {
            ApiFixture.Reply reply = small.send("POST", "/api/v1/registry", "application/json",
                    RegistryJson.toJson(fleet).encode());
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.json().getString("detail")).contains("2048");
        }
    }

    @Test
    void aFlatsResponsiblePartiesFollowOneAnotherWithoutGapOrOverlap() throws Exception {
        String path = "/api/v1/households/sw-1-601/parties";
        ApiFixture.Reply sold = api.send("PUT", path, "application/json", """
                {"parties": [{"party": "Li Si", "validFrom": "2025-03-16"},
                             {"party": "Zhang San", "contact": "138-0000-0000", "validFrom": "2023-05-01", "validTo": "2025-03-16"}]}""");
        ApiFixture.Reply gap = api.send("PUT", path, "application/json", """
                {"parties": [{"party": "Zhang San", "validFrom": "2023-05-01", "validTo": "2025-03-10"},
                             {"party": "Li Si", "validFrom": "2025-03-16"}]}""");
        ApiFixture.Reply unknown = api.send("PUT", "/api/v1/households/nobody/parties", "application/json",
                "{\"parties\": [{\"party\": \"X\", \"validFrom\": \"2025-01-01\"}]}");

        assertThat(sold.status()).as(sold.body()).isEqualTo(200);
        assertThat(gap.status()).isEqualTo(422);
        assertThat(gap.json().getString("detail")).isEqualTo("gap from 2025-03-10 to 2025-03-16 between Zhang San and Li Si");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.get(path).json().getJsonArray("parties").stream().map(JsonObject.class::cast)
                .map(p -> p.getString("party") + " " + p.getString("validFrom") + ".." + p.getString("validTo")))
                .containsExactly("Zhang San 2023-05-01..2025-03-16", "Li Si 2025-03-16..null");
    }

    @Test
    void aPreviewNamesEveryBadRowAndTheImportWritesNoneOfTheFile() throws Exception {
        List<List<String>> rows = new ArrayList<>(Csv.parse(api.get("/api/v1/registry/lifts.csv").body()));
        List<String> header = rows.get(0);
        String newLift = "31103201162024070077";
        List<String> added = new ArrayList<>(rows.get(1));
        added.set(0, newLift);
        rows.add(added);
        set(rows, 2, header.indexOf("rated_load_kg"), "heavy");
        set(rows, 3, 0, "31103201162023130042");
        set(rows, 5, header.indexOf("district_code"), "3201");
        String file = Csv.write(header, rows.subList(1, rows.size()));

        ApiFixture.Reply preview = api.send("POST", "/api/v1/registry/lifts.csv?dryRun=true", "text/csv", file);
        ApiFixture.Reply refused = api.send("POST", "/api/v1/registry/lifts.csv", "text/csv", file);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(problems(preview.json())).containsExactly("3 rated_load_kg must be a whole number",
                "4 id '31103201162023130042' has registration month 13, not 01-12 (digits 15-16)",
                "6 district_code must be a 6-digit GB/T 2260 area code");
        assertThat(preview.json().getInteger("problemCount")).isEqualTo(3);
        assertThat(codes(preview.json())).containsExactly("not_whole_number {}",
                "bad_registration_month {\"value\":\"31103201162023130042\",\"month\":\"13\"}", "not_area_code {}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getString("detail")).startsWith("3 entries have problems; the first: line 3.rated_load_kg");
        assertThat(problems(refused.json())).hasSize(3);
        assertThat(api.count("SELECT count(*) FROM lift WHERE id = '" + newLift + "'")).as("all or nothing").isZero();
    }

    @Test
    void aPreviewNamesRowsThatNameWhatIsNeitherInTheFileNorRegistered() throws Exception {
        String file = "id,stairwell_id,flat,floor,area_m2,residents\n"
                + "h-new-1," + fleet.stairwells().get(0).id() + ",103,1,60.5,2\n"
                + "h-new-2,sw-nowhere,902,9,60.5,2\n";

        ApiFixture.Reply preview = api.send("POST", "/api/v1/registry/households.csv?dryRun=true", "text/csv", file);
        ApiFixture.Reply refused = api.send("POST", "/api/v1/registry/households.csv", "text/csv", file);

        assertThat(problems(preview.json())).containsExactly(
                "3 stairwell_id names stairwell 'sw-nowhere', which is neither in the file nor registered");
        assertThat(codes(preview.json())).containsExactly("unknown_stairwell {\"value\":\"sw-nowhere\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(api.count("SELECT count(*) FROM household WHERE id = 'h-new-1'")).as("all or nothing").isZero();
    }

    @Test
    void aJsonDocumentsBadEntriesAreAllNamed() throws Exception {
        JsonObject document = RegistryJson.toJson(fleet);
        document.getJsonArray("lifts").getJsonObject(0).put("floorLabels", new io.vertx.core.json.JsonArray().add("1"));
        document.getJsonArray("households").getJsonObject(1).put("areaM2", -1);
        document.getJsonArray("cards").set(0, "not an entry");

        JsonObject preview = api.send("POST", "/api/v1/registry?dryRun=true", "application/json", document.encode()).json();

        assertThat(preview.getJsonArray("problems").stream().map(JsonObject.class::cast)
                .map(p -> p.getString("entry") + " " + p.getString("field") + " " + p.getString("reason")))
                .containsExactly("lifts[0] floorLabels must list at least two stops", "households[1] areaM2 must be positive",
                        "cards[0] null must be an object");
        assertThat(codes(preview)).containsExactly("too_few_stops {\"min\":2}", "not_positive {}", "not_an_object {}");
        assertThat(preview.getInteger("lifts")).as("the good entries counted").isEqualTo(fleet.lifts().size() - 1);
    }

    @Test
    void aFileWrongThroughoutKeepsTheFirstThousandProblemsAndCountsThemAll() throws Exception {
        StringBuilder file = new StringBuilder("id,household_id,valid_from,valid_to\n");
        for (int i = 0; i < 1500; i++) {
            file.append("card-").append(i).append(",sw-1-101,yesterday,\n");
        }

        JsonObject preview = api.send("POST", "/api/v1/registry/cards.csv?dryRun=true", "text/csv", file.toString()).json();

        assertThat(preview.getJsonArray("problems")).hasSize(1000);
        assertThat(preview.getInteger("problemCount")).isEqualTo(1500);
        assertThat(preview.getBoolean("problemsTruncated")).isTrue();
        assertThat(preview.getJsonArray("problems").getJsonObject(999).getInteger("line")).isEqualTo(1001);
    }

    private static void set(List<List<String>> rows, int row, int column, String value) {
        List<String> changed = new ArrayList<>(rows.get(row));
        changed.set(column, value);
        rows.set(row, changed);
    }

    /** Each problem's code and parameters, as the console words it in the reader's language. */
    private static List<String> codes(JsonObject answer) {
        return answer.getJsonArray("problems").stream().map(JsonObject.class::cast)
                .map(p -> p.getString("code") + " " + p.getJsonObject("params").encode()).toList();
    }

    private static List<String> problems(JsonObject answer) {
        return answer.getJsonArray("problems").stream().map(JsonObject.class::cast)
                .map(p -> p.getInteger("line") + " " + p.getString("field") + " " + p.getString("reason")).toList();
    }
}
