package io.liftwatch.api;

import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cost sharing through the API over a real database: pools, schemes from a date, statements issued,
 * corrected and exported, and the maintenance fund they charge. Runs and counter samples are inserted as
 * ingest writes them. Each test works on its own stairwell of the fleet.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(8, 7);
    @AutoClose
    private final ApiFixture api = ApiFixture.over(fleet);

    private Lift liftOf(String stairwell) {
        return fleet.lifts().stream().filter(l -> l.stairwellId().equals(stairwell)).findFirst().orElseThrow();
    }

    private void runs(String stairwell, int firstSeq, String... endedAtAndCards) throws SQLException {
        Lift lift = liftOf(stairwell);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < endedAtAndCards.length; i += 2) {
            values.append(i == 0 ? "" : ",").append("('").append(lift.id()).append("', timestamptz '")
                    .append(endedAtAndCards[i]).append("', 1, ").append(firstSeq + i / 2).append(", now(), timestamptz '")
                    .append(endedAtAndCards[i]).append("' - interval '20 seconds', '1', '3', '")
                    .append(endedAtAndCards[i + 1]).append("')");
        }
        api.sql("INSERT INTO run (lift_id, ts, boot, seq, received_at, started_at, from_floor, to_floor, cards) VALUES "
                + values);
    }

    private ApiFixture.Reply post(String path, JsonObject body) throws Exception {
        return api.send("POST", "/api/v1" + path, JSON, body.encode());
    }

    private ApiFixture.Reply put(String path, JsonObject body) throws Exception {
        return api.send("PUT", "/api/v1" + path, JSON, body.encode());
    }

    /** Gives every flat of the stairwell one owner, "Owner of <flat>", since long before the periods stated. */
    private void owners(String stairwell) throws Exception {
        for (var household : fleet.households()) {
            if (household.stairwellId().equals(stairwell)) {
                assertThat(put("/households/" + household.id() + "/parties", new JsonObject().put("parties",
                        new JsonArray().add(new JsonObject().put("party", "Owner of " + household.flat())
                                .put("validFrom", "2000-01-01")))).status()).isEqualTo(200);
            }
        }
    }

    private List<String> householdsOf(String stairwell) {
        return fleet.households().stream().filter(h -> h.stairwellId().equals(stairwell))
                .map(io.liftwatch.common.registry.Household::id).toList();
    }

    private JsonObject issue(String stairwell, String from, String to) throws Exception {
        ApiFixture.Reply issued = post("/stairwells/" + stairwell + "/statements", new JsonObject()
                .put("periodFrom", from).put("periodTo", to));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private static JsonObject poolItem(JsonObject statement, String kind) {
        return statement.getJsonObject("pool").getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(i -> i.getString("kind").equals(kind)).findFirst().orElseThrow();
    }

    private static long sum(JsonObject statement) {
        return lines(statement).stream().mapToLong(l -> l.getLong("fen")).sum();
    }

    private static JsonObject cost(String kind, String from, String to, long fen) {
        return new JsonObject().put("kind", kind).put("periodFrom", from).put("periodTo", to).put("amountFen", fen);
    }

    /** Fen by household, or by household/party for a flat that changed hands in the period. */
    private static Map<String, Long> fenByLine(JsonObject statement) {
        Map<String, Long> linesOf = lines(statement).stream()
                .collect(Collectors.groupingBy(l -> l.getString("householdId"), Collectors.counting()));
        return lines(statement).stream().collect(Collectors.toMap(
                l -> l.getString("householdId") + (linesOf.get(l.getString("householdId")) == 1 ? ""
                        : "/" + l.getString("party")),
                l -> l.getLong("fen")));
    }

    private static List<JsonObject> lines(JsonObject statement) {
        return statement.getJsonArray("lines").stream().map(JsonObject.class::cast).toList();
    }

    /** The household's line for the party, or its only line when the party is null. */
    private static JsonObject line(JsonObject statement, String household, String party) {
        List<JsonObject> mine = lines(statement).stream().filter(l -> l.getString("householdId").equals(household)
                && (party == null || party.equals(l.getString("party")))).toList();
        assertThat(mine).as("lines of %s %s", household, party).hasSize(1);
        return mine.get(0);
    }

    @Test
    void aMeteredMonthWithASaleIsStatedCorrectedExportedAndCharged() throws Exception {
        owners("sw-1");
        assertThat(put("/stairwells/sw-1/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "rides"))).status()).isEqualTo(200);
        assertThat(put("/households/sw-1-301/parties", new JsonObject().put("parties", new JsonArray()
                .add(new JsonObject().put("party", "Zhang").put("validFrom", "2020-01-01").put("validTo", "2025-03-16"))
                .add(new JsonObject().put("party", "Li").put("validFrom", "2025-03-16")))).status()).isEqualTo(200);
        runs("sw-1", 1,
                "2025-03-02 08:00+08", "{C1-201-1}", "2025-03-02 09:00+08", "{C1-201-1}",
                "2025-03-02 10:00+08", "{C1-201-1}", "2025-03-05 08:00+08", "{C1-301-1}",
                "2025-03-15 23:59+08", "{C1-301-1}", "2025-03-16 00:01+08", "{C1-301-1}",
                "2025-03-20 08:00+08", "{C1-301-1,C1-202-1}", "2025-03-31 23:00+08", "{}",
                "2025-04-01 00:00+08", "{C1-201-1}");
        assertThat(post("/stairwells/sw-1/costs", cost("maintenance", "2025-03-01", "2025-04-01", 36_000)).status())
                .isEqualTo(201);
        assertThat(post("/stairwells/sw-1/costs", cost("advertising", "2025-03-01", "2025-04-01", 6_000)).status())
                .isEqualTo(201);

        JsonObject preview = api.get("/api/v1/stairwells/sw-1/statements/preview?from=2025-03-01&to=2025-04-01").json();
        assertThat(preview.getLong("poolFen")).isEqualTo(30_000);
        assertThat(preview.getJsonObject("totals").getLong("runs")).isEqualTo(8);
        assertThat(preview.getJsonObject("totals").getLong("unattributedRuns")).isEqualTo(1);
        assertThat(preview.getJsonObject("totals").getLong("runsWithRides")).isEqualTo(7);
        assertThat(preview.getJsonObject("totals").getLong("runsWithInvalidCardsOnly")).isZero();
        assertThat(line(preview, "sw-1-201", null).getLong("rides")).isEqualTo(3);
        assertThat(line(preview, "sw-1-202", null).getLong("rides")).isEqualTo(1);
        assertThat(line(preview, "sw-1-301", "Zhang").getLong("rides")).isEqualTo(2);
        assertThat(line(preview, "sw-1-301", "Zhang").getInteger("days")).isEqualTo(15);
        assertThat(line(preview, "sw-1-301", "Li").getLong("rides")).isEqualTo(2);
        assertThat(line(preview, "sw-1-301", "Li").getInteger("days")).isEqualTo(16);
        // 8 rides share 30,000 fen: 3/8, 1/8, 2/8, 2/8 exactly.
        assertThat(fenByLine(preview)).containsEntry("sw-1-201", 11_250L).containsEntry("sw-1-202", 3_750L)
                .containsEntry("sw-1-301/Zhang", 7_500L).containsEntry("sw-1-301/Li", 7_500L)
                .containsEntry("sw-1-302", 0L);

        ApiFixture.Reply issued = post("/stairwells/sw-1/statements", new JsonObject().put("periodFrom", "2025-03-01")
                .put("periodTo", "2025-04-01"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonObject first = issued.json();
        assertThat(first.getInteger("version")).isEqualTo(1);
        assertThat(fenByLine(first)).isEqualTo(fenByLine(preview));
        assertThat(api.get("/api/v1/statements/" + first.getLong("id")).json()).isEqualTo(first);

        ApiFixture.Reply again = post("/stairwells/sw-1/statements", new JsonObject().put("periodFrom", "2025-03-15")
                .put("periodTo", "2025-04-15"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getString("detail")).contains("statement " + first.getLong("id"))
                .contains("/corrections");

        // A late run arrives for 202; the correction is a new version that supersedes the first.
        runs("sw-1", 100, "2025-03-25 08:00+08", "{C1-202-2,C1-202-1}");
        ApiFixture.Reply corrected = post("/statements/" + first.getLong("id") + "/corrections",
                new JsonObject().put("reason", "a late run of flat 202"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        JsonObject second = corrected.json();
        assertThat(second.getInteger("version")).isEqualTo(2);
        assertThat(second.getLong("supersedes")).isEqualTo(first.getLong("id"));
        assertThat(line(second, "sw-1-202", null).getLong("rides")).isEqualTo(2);
        assertThat(fenByLine(second).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30_000);
        JsonObject firstNow = api.get("/api/v1/statements/" + first.getLong("id")).json();
        assertThat(firstNow.getLong("supersededBy")).isEqualTo(second.getLong("id"));
        assertThat(fenByLine(firstNow)).isEqualTo(fenByLine(first));
        assertThat(post("/statements/" + first.getLong("id") + "/corrections", new JsonObject().put("reason", "again"))
                .status()).isEqualTo(409);
        assertThatThrownBy(() -> api.sql("UPDATE statement_line SET fen = 0 WHERE statement_id = " + first.getLong("id")))
                .hasMessageContaining("immutable");

        ApiFixture.Reply csv = api.get("/api/v1/statements/" + second.getLong("id") + "/csv?lang=en");
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> csvLines = csv.body().lines().toList();
        assertThat(csvLines.get(0)).startsWith("\uFEFFstatement_id,version,period_from")
                .endsWith(",weight,weight_unit,fen,yuan,party_due_fen");
        assertThat(csvLines).hasSize(1 + lines(second).size());
        long li = line(second, "sw-1-301", "Li").getLong("fen");
        assertThat(csvLines).anyMatch(l -> l.contains(",sw-1-301,301,3,Li,16,2,") && l.endsWith(",2,rides," + li
                + "," + java.math.BigDecimal.valueOf(li, 2).toPlainString() + "," + li));
        assertThat(api.get("/api/v1/statements/" + second.getLong("id") + "/csv").body().lines())
                .anyMatch(l -> l.contains(",sw-1-301,301,3,Li,16,2,") && l.contains(",2,次," + li + ","));
        ApiFixture.Reply page = api.get("/api/v1/statements/" + second.getLong("id") + "/households/sw-1-301/print?lang=en");
        assertThat(page.contentType()).startsWith("text/html");
        long zhang = line(second, "sw-1-301", "Zhang").getLong("fen");
        assertThat(page.body()).contains("Due from <b>Zhang</b>: <b>¥" + java.math.BigDecimal.valueOf(zhang, 2))
                .contains("Due from <b>Li</b>: <b>¥" + java.math.BigDecimal.valueOf(li, 2))
                .contains("2 rides").contains("a late run of flat 202");
        assertThat(api.get("/api/v1/statements/" + second.getLong("id") + "/households/sw-9-101/print").status())
                .isEqualTo(404);

        // The fund: charges follow the newest version; payments reduce arrears; expenses the cash balance.
        long due201 = line(second, "sw-1-201", null).getLong("fen");
        assertThat(post("/stairwells/sw-1/fund", new JsonObject().put("kind", "payment").put("householdId", "sw-1-201")
                .put("party", "Owner of 201").put("amountFen", due201).put("onDate", "2025-04-03")).status())
                .isEqualTo(201);
        assertThat(post("/stairwells/sw-1/fund", new JsonObject().put("kind", "expense").put("amountFen", 36_000)
                .put("onDate", "2025-04-05").put("note", "March maintenance invoice")).status()).isEqualTo(201);
        assertThat(post("/stairwells/sw-1/fund", new JsonObject().put("kind", "income").put("amountFen", 6_000)
                .put("onDate", "2025-04-06")).status()).isEqualTo(201);
        JsonObject arrears = api.get("/api/v1/stairwells/sw-1/arrears").json();
        Map<String, Long> owed = owedByParty(arrears);
        assertThat(owed).containsEntry("sw-1-201/Owner of 201", 0L)
                .containsEntry("sw-1-202/Owner of 202", line(second, "sw-1-202", null).getLong("fen"))
                .containsEntry("sw-1-301/Zhang", zhang).containsEntry("sw-1-301/Li", li);
        assertThat(arrears.getLong("owedFen")).isEqualTo(30_000 - due201);
        JsonObject fund = api.get("/api/v1/stairwells/sw-1/fund").json();
        assertThat(fund.getLong("balanceFen")).isEqualTo(due201 - 36_000 + 6_000);
        // Entries dated in April 2025 but recorded now were not in the book as it stood on 4 April 2025.
        assertThat(api.get("/api/v1/stairwells/sw-1/fund?asOf=2025-04-04").json().getJsonArray("entries")).isEmpty();
    }

    private static Map<String, Long> owedByParty(JsonObject arrears) {
        return arrears.getJsonArray("parties").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(p -> p.getString("householdId") + "/" + p.getString("party"),
                        p -> p.getLong("owedFen")));
    }

    @Test
    void aSchemeTakesEffectFromADateAndNeverRewritesAStatedPeriod() throws Exception {
        owners("sw-2");
        JsonObject byFloor = new JsonObject().put("2", 0).put("3", 0.7).put("4", 0.8).put("5", 0.9).put("6", 1.0)
                .put("7", 1.1);
        byFloor.fieldNames().retainAll(liftOf("sw-2").floorLabels());
        JsonObject coefficients = new JsonObject().put("type", "floorCoefficient").put("coefficients", byFloor);
        assertThat(put("/stairwells/sw-2/schemes/2025-01-01", new JsonObject().put("scheme", coefficients)
                .put("exemptHouseholds", new JsonArray().add("sw-2-202"))).status()).isEqualTo(200);
        assertThat(put("/stairwells/sw-2/schemes/2025-03-10", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal"))).status()).isEqualTo(200);
        assertThat(post("/stairwells/sw-2/costs", cost("maintenance", "2025-02-01", "2025-03-01", 33_000)).status())
                .isEqualTo(201);

        ApiFixture.Reply straddling = api.get("/api/v1/stairwells/sw-2/statements/preview?from=2025-03-01&to=2025-04-01");
        assertThat(straddling.status()).isEqualTo(422);
        assertThat(straddling.json().getString("detail")).contains("changes on 2025-03-10");

        // A scheme being edited is previewed over the same inputs without being recorded.
        List<String> households = householdsOf("sw-2");
        ApiFixture.Reply equalShares = post("/stairwells/sw-2/statements/preview", new JsonObject()
                .put("periodFrom", "2025-02-01").put("periodTo", "2025-03-01")
                .put("scheme", new JsonObject().put("type", "equal")).put("exemptHouseholds", new JsonArray()));
        assertThat(equalShares.status()).as(equalShares.body()).isEqualTo(200);
        assertThat(sum(equalShares.json())).isEqualTo(33_000);
        assertThat(lines(equalShares.json()).stream().mapToLong(l -> l.getLong("fen")).max().orElseThrow()
                - lines(equalShares.json()).stream().mapToLong(l -> l.getLong("fen")).min().orElseThrow()).isLessThanOrEqualTo(1);
        assertThat(lines(equalShares.json())).hasSize(households.size());
        ApiFixture.Reply misfit = post("/stairwells/sw-2/statements/preview", new JsonObject()
                .put("periodFrom", "2025-02-01").put("periodTo", "2025-03-01").put("scheme", new JsonObject()
                        .put("type", "floorCoefficient").put("coefficients", new JsonObject().put("3F", 1))));
        assertThat(misfit.status()).isEqualTo(422);
        assertThat(misfit.json().getString("detail")).contains("3F");
        assertThat(post("/stairwells/sw-2/statements/preview", new JsonObject().put("periodFrom", "2025-02-01")
                .put("periodTo", "2025-03-01").put("scheme", new JsonObject().put("type", "equal"))
                .put("exemptHouseholds", new JsonArray().add("sw-1-201"))).status()).isEqualTo(422);
        assertThat(api.count("SELECT count(*) FROM billing_scheme WHERE stairwell_id = 'sw-2'")).isEqualTo(2);

        JsonObject february = post("/stairwells/sw-2/statements", new JsonObject().put("periodFrom", "2025-02-01")
                .put("periodTo", "2025-03-01")).json();
        assertThat(february.getJsonObject("scheme").getString("type")).isEqualTo("floorCoefficient");
        assertThat(line(february, "sw-2-202", null).getLong("fen")).isZero();
        assertThat(line(february, "sw-2-202", null).getBoolean("exempt")).isTrue();
        assertThat(lines(february).stream().mapToLong(l -> l.getLong("fen")).sum()).isEqualTo(33_000);
        long third = line(february, "sw-2-301", null).getLong("fen");
        long fourth = line(february, "sw-2-401", null).getLong("fen");
        assertThat(fourth * 7).isBetween(third * 8 - 8, third * 8 + 8);

        ApiFixture.Reply rewrite = put("/stairwells/sw-2/schemes/2025-02-15", new JsonObject()
                .put("scheme", new JsonObject().put("type", "residents")));
        assertThat(rewrite.status()).isEqualTo(409);
        assertThat(rewrite.json().getString("detail")).contains("issued up to 2025-03-01");
        assertThat(put("/stairwells/sw-2/schemes/2025-03-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "residents"))).status()).isEqualTo(200);
        JsonArray history = api.get("/api/v1/stairwells/sw-2/schemes").json().getJsonArray("items");
        assertThat(history.stream().map(JsonObject.class::cast).map(s -> s.getString("effectiveFrom")))
                .containsExactly("2025-01-01", "2025-03-01", "2025-03-10");
        assertThat(history.getJsonObject(0).getJsonArray("exemptHouseholds")).containsExactly("sw-2-202");
    }

    @Test
    void electricityIsMeteredFromTheCounterAndPricesPerRideAreChargedByFloor() throws Exception {
        Lift lift = liftOf("sw-3");
        api.sql("INSERT INTO counter_sample (lift_id, ts, boot, seq, received_at, runs, run_seconds, door_cycles,"
                + " rope_bends, energy_kwh, d_energy_kwh, d_door_cycles) VALUES"
                + " ('" + lift.id() + "', '2025-03-01 00:10+08', 1, 1, now(), 0, 0, 0, 0, 100.000, 0.000, 0),"
                + " ('" + lift.id() + "', '2025-03-10 00:10+08', 1, 2, now(), 0, 0, 0, 0, 140.500, 40.500, 400),"
                + " ('" + lift.id() + "', '2025-03-20 00:10+08', 2, 1, now(), 0, 0, 0, 0, 2.250, 0.000, 0),"
                + " ('" + lift.id() + "', '2025-03-31 23:50+08', 2, 2, now(), 0, 0, 0, 0, 60.250, 58.000, 530),"
                + " ('" + lift.id() + "', '2025-04-01 00:10+08', 2, 3, now(), 0, 0, 0, 0, 70.000, 9.750, 90)");
        assertThat(post("/stairwells/sw-3/costs", new JsonObject().put("kind", "electricity")
                .put("periodFrom", "2025-03-01").put("periodTo", "2025-04-01").put("tariffFenPerKwh", 61.7)).status())
                .isEqualTo(201);
        owners("sw-3");
        JsonObject prices = new JsonObject().put("2", 0).put("3", 20).put("4", 30).put("5", 40).put("6", 50)
                .put("7", 60);
        prices.fieldNames().retainAll(liftOf("sw-3").floorLabels());
        assertThat(put("/stairwells/sw-3/schemes/2025-01-01", new JsonObject().put("scheme", new JsonObject()
                .put("type", "pricePerRide").put("fenPerRideByFloor", prices))).status()).isEqualTo(200);
        runs("sw-3", 1, "2025-03-03 08:00+08", "{C3-401-1}", "2025-03-04 08:00+08", "{C3-401-1,C3-301-1}",
                "2025-03-05 08:00+08", "{C3-201-1}");

        JsonObject preview = api.get("/api/v1/stairwells/sw-3/statements/preview?from=2025-03-01&to=2025-04-01").json();
        JsonObject electricity = preview.getJsonObject("pool").getJsonArray("items").getJsonObject(0);
        assertThat(electricity.getValue("kwh").toString()).isEqualTo("98.5");
        assertThat(electricity.getLong("fen")).isEqualTo(6_077); // 98.5 kWh × 61.7 fen = 6,077.45 fen
        assertThat(preview.getLong("poolFen")).isEqualTo(6_077);
        assertThat(preview.getJsonObject("totals").getLong("doorCycles")).isEqualTo(930);
        assertThat(line(preview, "sw-3-401", null).getLong("fen")).isEqualTo(60);
        assertThat(line(preview, "sw-3-301", null).getLong("fen")).isEqualTo(20);
        assertThat(line(preview, "sw-3-201", null).getLong("fen")).isZero();
        assertThat(preview.getLong("chargedFen")).isEqualTo(80);
        assertThat(preview.getString("rounding")).contains("price per ride");
    }

    @Test
    void badBillingInputIsRefusedWithTheReason() throws Exception {
        ApiFixture.Reply both = post("/stairwells/sw-4/costs", cost("electricity", "2025-03-01", "2025-04-01", 100)
                .put("tariffFenPerKwh", 60));
        ApiFixture.Reply negative = post("/stairwells/sw-4/costs", cost("repairs", "2025-03-01", "2025-04-01", -5));
        ApiFixture.Reply yuan = post("/stairwells/sw-4/costs", cost("repairs", "2025-03-01", "2025-04-01", 0)
                .put("amountFen", 12.5));
        ApiFixture.Reply kind = post("/stairwells/sw-4/costs", cost("parking", "2025-03-01", "2025-04-01", 5));
        ApiFixture.Reply backwards = post("/stairwells/sw-4/costs", cost("repairs", "2025-04-01", "2025-03-01", 5));
        ApiFixture.Reply scheme = put("/stairwells/sw-4/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "lottery")));
        ApiFixture.Reply stranger = put("/stairwells/sw-4/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal")).put("exemptHouseholds", new JsonArray().add("sw-1-201")));
        ApiFixture.Reply noScheme = api.get("/api/v1/stairwells/sw-4/statements/preview?from=2025-03-01&to=2025-04-01");
        ApiFixture.Reply unknown = api.get("/api/v1/stairwells/sw-99/statements/preview?from=2025-03-01&to=2025-04-01");
        ApiFixture.Reply chargeByHand = post("/stairwells/sw-4/fund", new JsonObject().put("kind", "charge")
                .put("householdId", "sw-4-201").put("amountFen", 100).put("onDate", "2025-03-01"));
        ApiFixture.Reply unfinished = post("/stairwells/sw-4/statements", new JsonObject().put("periodFrom", "2025-01-01")
                .put("periodTo", java.time.LocalDate.now().plusDays(2).toString()));
        ApiFixture.Reply paymentOfNobody = post("/stairwells/sw-4/fund", new JsonObject().put("kind", "payment")
                .put("amountFen", 100).put("onDate", "2025-03-01"));

        assertThat(List.of(both, negative, yuan, kind, backwards, scheme, stranger, noScheme, chargeByHand,
                paymentOfNobody, unfinished)).allSatisfy(reply -> {
                    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
                    assertThat(reply.contentType()).isEqualTo("application/problem+json");
                });
        assertThat(both.json().getString("detail")).contains("either amountFen or");
        assertThat(yuan.json().getString("detail")).contains("whole, non-negative number of fen");
        assertThat(kind.json().getString("detail")).contains("parking");
        assertThat(scheme.json().getString("detail")).contains("lottery");
        assertThat(stranger.json().getString("detail")).contains("sw-1-201").contains("not a household of stairwell sw-4");
        assertThat(noScheme.json().getString("detail")).contains("no cost-sharing scheme");
        assertThat(chargeByHand.json().getString("detail")).contains("charges come from statements");
        assertThat(unfinished.json().getString("detail")).contains("not all in yet");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aYearlyPremiumIsBilledMonthByMonthAndARepairAcrossAMonthEndInBothMonths() throws Exception {
        owners("sw-5");
        assertThat(put("/stairwells/sw-5/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal"))).status()).isEqualTo(200);
        assertThat(post("/stairwells/sw-5/costs", cost("insurance", "2025-07-01", "2026-07-01", 100_000)).status())
                .isEqualTo(201);
        assertThat(post("/stairwells/sw-5/costs", cost("repairs", "2025-07-15", "2025-08-15", 31_000)).status())
                .isEqualTo(201);
        assertThat(post("/stairwells/sw-5/costs", cost("maintenance", "2025-06-01", "2025-07-01", 36_000)).status())
                .isEqualTo(201);

        JsonArray julyCosts = api.get("/api/v1/stairwells/sw-5/costs?from=2025-07-01&to=2025-08-01").json()
                .getJsonArray("items");
        assertThat(julyCosts.stream().map(JsonObject.class::cast).map(i -> i.getString("kind")))
                .containsExactly("insurance", "repairs");

        JsonObject july = issue("sw-5", "2025-07-01", "2025-08-01");
        JsonObject insurance = poolItem(july, "insurance");
        // 100,000 fen over 365 days: due by 31 days 8,493.15 → 8,493; the repair's 31 days are 17 in July.
        assertThat(insurance.getLong("fen")).isEqualTo(8_493);
        assertThat(insurance.getLong("amountFen")).isEqualTo(100_000);
        assertThat(insurance.getString("periodFrom")).isEqualTo("2025-07-01");
        assertThat(insurance.getString("periodTo")).isEqualTo("2026-07-01");
        assertThat(insurance.getString("partTo")).isEqualTo("2025-08-01");
        assertThat(poolItem(july, "repairs").getLong("fen")).isEqualTo(17_000);
        assertThat(poolItem(july, "repairs").getString("partFrom")).isEqualTo("2025-07-15");
        assertThat(july.getLong("poolFen")).isEqualTo(25_493);
        assertThat(sum(july)).isEqualTo(25_493);

        JsonObject august = issue("sw-5", "2025-08-01", "2025-09-01");
        assertThat(poolItem(august, "repairs").getLong("fen")).isEqualTo(14_000);
        assertThat(poolItem(august, "insurance").getLong("fen")).isEqualTo(16_986 - 8_493);

        JsonObject unbilled = api.get("/api/v1/stairwells/sw-5/unbilled").json();
        Map<String, JsonObject> open = unbilled.getJsonArray("items").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(i -> i.getString("kind"), i -> i));
        assertThat(open).containsOnlyKeys("insurance", "maintenance");
        assertThat(open.get("insurance").getLong("billedFen")).isEqualTo(16_986);
        assertThat(open.get("insurance").getLong("unbilledFen")).isEqualTo(100_000 - 16_986);
        assertThat(open.get("insurance").getJsonArray("unbilled").getJsonObject(0).getString("from"))
                .isEqualTo("2025-09-01");
        assertThat(open.get("maintenance").getLong("unbilledFen")).isEqualTo(36_000);
        assertThat(api.get("/api/v1/stairwells/sw-5/unbilled?until=2025-06-01").json().getJsonArray("items"))
                .isEmpty();

        // An item recorded for July after July was stated is listed until a correction bills it.
        assertThat(post("/stairwells/sw-5/costs", cost("other", "2025-07-10", "2025-07-20", 500)).status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/stairwells/sw-5/unbilled?until=2025-09-01").json().getJsonArray("items")
                .stream().map(JsonObject.class::cast).map(i -> i.getString("kind")))
                .containsExactlyInAnyOrder("maintenance", "other");
        ApiFixture.Reply corrected = post("/statements/" + july.getLong("id") + "/corrections",
                new JsonObject().put("reason", "the lift-pit cleaning invoice came late"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        assertThat(corrected.json().getLong("poolFen")).isEqualTo(25_993);
        JsonObject afterCorrection = api.get("/api/v1/stairwells/sw-5/unbilled?until=2025-09-01").json();
        assertThat(afterCorrection.getJsonArray("items").stream().map(JsonObject.class::cast)
                .map(i -> i.getString("kind"))).containsExactly("maintenance");
        assertThat(afterCorrection.getLong("unbilledFen")).isEqualTo(36_000);
        assertThatThrownBy(() -> api.sql("UPDATE statement_cost_part SET fen = 0")).hasMessageContaining("immutable");
        assertThatThrownBy(() -> api.sql("DELETE FROM statement_cost_part")).hasMessageContaining("immutable");
        assertThatThrownBy(() -> api.sql("TRUNCATE statement_cost_part")).hasMessageContaining("immutable");
        assertThat(api.count("SELECT count(*) FROM statement_cost_part WHERE statement_id = " + july.getLong("id")))
                .isEqualTo(2);
    }

    @Test
    void schemesThatDoNotFitTheStairwellAreRefusedNamingKeysAndSumsAndNothingIsWritten() throws Exception {
        List<String> flats = householdsOf("sw-6");
        JsonObject ninety = new JsonObject();
        flats.forEach(h -> ninety.put(h, 0));
        ninety.put(flats.get(0), 50).put(flats.get(1), 40);
        JsonObject stranger = ninety.copy().put(flats.get(1), 50).put("sw-6-999", 0);
        JsonObject unlisted = new JsonObject().put(flats.get(0), 100);
        JsonObject floors = new JsonObject();
        liftOf("sw-6").floorLabels().forEach(f -> floors.put(f, 1));
        floors.remove("3");
        floors.put("3F", 0.7);
        JsonObject zero = new JsonObject();
        liftOf("sw-6").floorLabels().forEach(f -> zero.put(f, 0));

        ApiFixture.Reply notHundred = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "fixedPercent").put("percentByHousehold", ninety)));
        ApiFixture.Reply unknownKey = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "fixedPercent").put("percentByHousehold", stranger)));
        ApiFixture.Reply flatLeftOut = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "fixedPercent").put("percentByHousehold", unlisted)));
        ApiFixture.Reply floorTypo = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "floorCoefficient").put("coefficients", floors)));
        ApiFixture.Reply nobodyWeighs = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "floorCoefficient").put("coefficients", zero)));
        ApiFixture.Reply allExempt = put("/stairwells/sw-6/schemes/2025-01-01", new JsonObject().put("scheme",
                new JsonObject().put("type", "equal")).put("exemptHouseholds", new JsonArray(flats)));

        assertThat(List.of(notHundred, unknownKey, flatLeftOut, floorTypo, nobodyWeighs, allExempt))
                .allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(422));
        assertThat(notHundred.json().getString("detail")).contains("sums to 90, not exactly 100");
        assertThat(unknownKey.json().getString("detail")).contains("not households of the stairwell: sw-6-999");
        assertThat(flatLeftOut.json().getString("detail")).contains("neither weighted by the scheme nor exempt")
                .contains(flats.get(1));
        assertThat(floorTypo.json().getString("detail")).contains("not floor labels: 3F")
                .contains("(floor 3)");
        assertThat(nobodyWeighs.json().getString("detail")).contains("weight of 0");
        assertThat(allExempt.json().getString("detail")).contains("every household is exempt");
        assertThat(api.get("/api/v1/stairwells/sw-6/schemes").json().getJsonArray("items")).isEmpty();
        assertThat(api.count("SELECT count(*) FROM billing_scheme WHERE stairwell_id = 'sw-6'")).isZero();
    }

    private static JsonObject timeline(Object... partyFromTo) {
        JsonArray parties = new JsonArray();
        for (int i = 0; i < partyFromTo.length; i += 3) {
            parties.add(new JsonObject().put("party", partyFromTo[i]).put("validFrom", partyFromTo[i + 1])
                    .put("validTo", partyFromTo[i + 2]));
        }
        return new JsonObject().put("parties", parties);
    }

    private ApiFixture.Reply pay(String stairwell, String household, String party, long fen, String on) throws Exception {
        return post("/stairwells/" + stairwell + "/fund", new JsonObject().put("kind", "payment")
                .put("householdId", household).put("party", party).put("amountFen", fen).put("onDate", on));
    }

    private List<JsonObject> entriesOf(long statement) throws Exception {
        return api.get("/api/v1/stairwells/sw-7/fund").json().getJsonArray("entries").stream()
                .map(JsonObject.class::cast).filter(e -> Long.valueOf(statement).equals(e.getLong("statementId")))
                .toList();
    }

    @Test
    void eachPartyOwesItsOwnDaysAndACorrectionReversesEveryChargeAndBooksTheNewOnes() throws Exception {
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        List<String> others = householdsOf("sw-7").stream()
                .filter(h -> !List.of("sw-7-201", "sw-7-202", "sw-7-301").contains(h)).toList();
        owners("sw-7");
        // 201 and 202 are recorded the wrong way round; 301 is sold on the 11th of March.
        assertThat(put("/households/sw-7-201/parties", timeline("Wang", "2010-01-01", null)).status()).isEqualTo(200);
        assertThat(put("/households/sw-7-202/parties", timeline("Zhao", "2010-01-01", null)).status()).isEqualTo(200);
        assertThat(put("/households/sw-7-301/parties", timeline("Seller", "2010-01-01", "2025-03-11",
                "Buyer", "2025-03-11", null)).status()).isEqualTo(200);
        assertThat(put("/stairwells/sw-7/schemes/2025-01-01", new JsonObject().put("scheme", new JsonObject()
                .put("type", "fixedPercent").put("percentByHousehold", new JsonObject().put("sw-7-201", 10)
                        .put("sw-7-202", 20).put("sw-7-301", 70))).put("exemptHouseholds", new JsonArray(others)))
                .status()).isEqualTo(200);
        assertThat(post("/stairwells/sw-7/costs", cost("maintenance", "2025-03-01", "2025-04-01", 31_000)).status())
                .isEqualTo(201);

        JsonObject march = issue("sw-7", "2025-03-01", "2025-04-01");
        // Weights 10 × 31, 20 × 31, 70 × 10 (seller) and 70 × 21 (buyer) of 3,100 percent-days.
        assertThat(fenByLine(march)).containsEntry("sw-7-201", 3_100L).containsEntry("sw-7-202", 6_200L)
                .containsEntry("sw-7-301/Seller", 7_000L).containsEntry("sw-7-301/Buyer", 14_700L);
        assertThat(line(march, "sw-7-301", "Seller").getValue("weight").toString()).isEqualTo("70");
        assertThat(line(march, "sw-7-301", "Seller").getString("weightUnit")).isEqualTo("percent");
        assertThat(line(march, "sw-7-301", "Seller").getInteger("days")).isEqualTo(10);
        assertThat(entriesOf(march.getLong("id"))).allSatisfy(e -> {
            assertThat(e.getString("kind")).isEqualTo("charge");
            assertThat(e.getString("onDate")).isEqualTo(today);
        }).extracting(e -> e.getString("householdId") + "/" + e.getString("party") + "=" + e.getLong("amountFen"))
                .containsExactlyInAnyOrder("sw-7-201/Wang=3100", "sw-7-202/Zhao=6200", "sw-7-301/Seller=7000",
                        "sw-7-301/Buyer=14700");

        // Each party pays its own share; the buyer paying in full leaves the seller's debt with the seller.
        assertThat(pay("sw-7", "sw-7-301", "Buyer", 14_700, today).status()).isEqualTo(201);
        assertThat(pay("sw-7", "sw-7-301", "Seller", 3_000, today).status()).isEqualTo(201);
        ApiFixture.Reply stranger = pay("sw-7", "sw-7-301", "Wang", 100, today);
        assertThat(stranger.status()).isEqualTo(422);
        assertThat(stranger.json().getString("detail")).contains("'Wang'").contains("Seller").contains("Buyer");
        assertThat(pay("sw-7", "sw-7-301", null, 100, today).status()).isEqualTo(422);
        assertThat(api.count("SELECT count(*) FROM fund_entry WHERE kind = 'payment' AND amount_fen = 100")).isZero();
        String yesterday = java.time.LocalDate.parse(today).minusDays(1).toString();
        JsonObject yesterdaysBook = api.get("/api/v1/stairwells/sw-7/arrears?asOf=" + yesterday).json();
        assertThat(pay("sw-7", "sw-7-202", "Zhao", 1_000, yesterday).status()).isEqualTo(201);

        Map<String, Long> owed = owedByParty(api.get("/api/v1/stairwells/sw-7/arrears").json());
        assertThat(owed).containsEntry("sw-7-301/Seller", 4_000L).containsEntry("sw-7-301/Buyer", 0L)
                .containsEntry("sw-7-201/Wang", 3_100L).containsEntry("sw-7-202/Zhao", 5_200L);
        JsonObject seller = api.get("/api/v1/stairwells/sw-7/account?household=sw-7-301&party=Seller").json();
        assertThat(seller.getLong("owedFen")).isEqualTo(4_000);
        assertThat(seller.getJsonArray("entries").stream().map(JsonObject.class::cast)
                .map(e -> e.getString("kind") + " " + e.getLong("amountFen") + " → " + e.getLong("owedFen")))
                .containsExactly("charge 7000 → 7000", "payment 3000 → 4000");
        ApiFixture.Reply page = api.get("/api/v1/statements/" + march.getLong("id") + "/households/sw-7-301/print?lang=en");
        assertThat(page.body()).contains("Due from <b>Seller</b>: <b>¥70.00</b>")
                .contains("Due from <b>Buyer</b>: <b>¥147.00</b>").contains("70 percent");

        // Wang in fact owns 202 and Zhao 201: the timelines are restated whole and March is corrected.
        assertThat(put("/households/sw-7-201/parties", timeline("Zhao", "2010-01-01", null).put("restate", true)
                .put("reason", "owners of 201 and 202 were swapped"))
                .status()).isEqualTo(200);
        assertThat(put("/households/sw-7-202/parties", timeline("Wang", "2010-01-01", null).put("restate", true)
                .put("reason", "owners of 201 and 202 were swapped"))
                .status()).isEqualTo(200);
        ApiFixture.Reply corrected = post("/statements/" + march.getLong("id") + "/corrections",
                new JsonObject().put("reason", "owners of 201 and 202 were swapped"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        long correction = corrected.json().getLong("id");
        assertThat(entriesOf(correction)).allSatisfy(e -> assertThat(e.getString("onDate")).isEqualTo(today))
                .extracting(e -> e.getString("kind") + " " + e.getString("householdId") + "/" + e.getString("party")
                        + "=" + e.getLong("amountFen"))
                .containsExactlyInAnyOrder("reversal sw-7-201/Wang=-3100", "reversal sw-7-202/Zhao=-6200",
                        "reversal sw-7-301/Seller=-7000", "reversal sw-7-301/Buyer=-14700",
                        "charge sw-7-201/Zhao=3100", "charge sw-7-202/Wang=6200", "charge sw-7-301/Seller=7000",
                        "charge sw-7-301/Buyer=14700");
        owed = owedByParty(api.get("/api/v1/stairwells/sw-7/arrears").json());
        assertThat(owed).containsEntry("sw-7-201/Wang", 0L).containsEntry("sw-7-202/Zhao", -1_000L)
                .containsEntry("sw-7-201/Zhao", 3_100L).containsEntry("sw-7-202/Wang", 6_200L)
                .containsEntry("sw-7-301/Seller", 4_000L).containsEntry("sw-7-301/Buyer", 0L);
        // The book as it stood yesterday is what it was before today's payment and correction.
        assertThat(api.get("/api/v1/stairwells/sw-7/arrears?asOf=" + yesterday).json()).isEqualTo(yesterdaysBook);
        assertThat(post("/statements/" + correction + "/corrections", new JsonObject().put("reason", "again"))
                .status()).isEqualTo(201);
        assertThat(owedByParty(api.get("/api/v1/stairwells/sw-7/arrears").json()))
                .containsEntry("sw-7-201/Zhao", 3_100L).containsEntry("sw-7-202/Wang", 6_200L);
    }

    @Test
    void aFlatNobodyAnswersForIsRefusedAtIssueNamingItAndNothingIsWritten() throws Exception {
        owners("sw-8");
        List<String> flats = householdsOf("sw-8");
        String nobody = flats.get(0);
        String lateStart = flats.get(1);
        assertThat(api.send("DELETE", "/api/v1/households/" + nobody + "/parties", null, "").json()
                .getJsonArray("parties")).isEmpty();
        assertThat(put("/households/" + lateStart + "/parties", timeline("New owner", "2025-03-10", null)).status())
                .isEqualTo(200);
        assertThat(put("/stairwells/sw-8/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal"))).status()).isEqualTo(200);
        assertThat(post("/stairwells/sw-8/costs", cost("maintenance", "2025-03-01", "2025-04-01", 36_000)).status())
                .isEqualTo(201);

        ApiFixture.Reply refused = post("/stairwells/sw-8/statements", new JsonObject().put("periodFrom", "2025-03-01")
                .put("periodTo", "2025-04-01"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getString("detail")).contains("household " + nobody + "): it has no responsible party")
                .contains("household " + lateStart + "): nobody is responsible from 2025-03-01 to 2025-03-10");
        assertThat(api.count("SELECT count(*) FROM statement WHERE stairwell_id = 'sw-8'")).isZero();
        assertThat(api.count("SELECT count(*) FROM fund_entry WHERE stairwell_id = 'sw-8'")).isZero();

        // A party may start mid-period when the one before covers the days up to it.
        assertThat(put("/households/" + lateStart + "/parties", new JsonObject().put("parties", new JsonArray()
                .add(new JsonObject().put("party", "New owner").put("validFrom", "2025-03-10"))
                .add(new JsonObject().put("party", "Developer").put("validFrom", "2020-01-01")
                        .put("validTo", "2025-03-10")))).status()).isEqualTo(200);
        assertThat(put("/households/" + nobody + "/parties", timeline("Returned owner", "2000-01-01", null)).status())
                .isEqualTo(200);
        JsonObject march = issue("sw-8", "2025-03-01", "2025-04-01");
        assertThat(line(march, lateStart, "Developer").getInteger("days")).isEqualTo(9);
        assertThat(line(march, lateStart, "New owner").getInteger("days")).isEqualTo(22);
        assertThat(sum(march)).isEqualTo(36_000);
    }

    @Test
    void theRideSummaryAccountsForEveryRunIncludingExpiredAndUnknownCards() throws Exception {
        api.sql("INSERT INTO card (id, household_id, valid_from, valid_to)"
                + " VALUES ('C4-OLD', 'sw-4-201', '2020-01-01', '2025-01-01')");
        runs("sw-4", 1, "2025-03-02 08:00+08", "{C4-201-1}", "2025-03-02 09:00+08", "{C4-OLD}",
                "2025-03-02 10:00+08", "{NOBODY-9}", "2025-03-02 11:00+08", "{C4-OLD,C4-202-1}",
                "2025-03-02 12:00+08", "{}");

        JsonObject rides = api.get("/api/v1/stairwells/sw-4/rides?from=2025-03-01&to=2025-03-04").json();

        assertThat(rides.getLong("runs")).isEqualTo(5);
        assertThat(rides.getLong("runsWithRides")).isEqualTo(2);
        assertThat(rides.getLong("runsWithInvalidCardsOnly")).isEqualTo(2);
        assertThat(rides.getLong("unattributedRuns")).isEqualTo(1);
        assertThat(rides.getLong("runsWithRides") + rides.getLong("runsWithInvalidCardsOnly")
                + rides.getLong("unattributedRuns")).isEqualTo(rides.getLong("runs"));
        assertThat(rides.getLong("expiredCardRides")).isEqualTo(2);
        assertThat(rides.getLong("unknownCardRides")).isEqualTo(1);
    }
}
