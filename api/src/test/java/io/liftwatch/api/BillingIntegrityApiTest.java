package io.liftwatch.api;

import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What statements and the fund have recorded stays recorded: billed cost items, a billed flat's stairwell and
 * the parties of stated days cannot be changed under them. Each test works on its own stairwell of the fleet.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingIntegrityApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(8, 7);
    @AutoClose
    private final ApiFixture api = ApiFixture.over(fleet);

    private ApiFixture.Reply post(String path, JsonObject body) throws Exception {
        return api.send("POST", "/api/v1" + path, JSON, body.encode());
    }

    private ApiFixture.Reply put(String path, JsonObject body) throws Exception {
        return api.send("PUT", "/api/v1" + path, JSON, body.encode());
    }

    private List<Household> householdsOf(String stairwell) {
        return fleet.households().stream().filter(h -> h.stairwellId().equals(stairwell)).toList();
    }

    private static JsonObject owner(String party, String from, String to) {
        return new JsonObject().put("party", party).put("validFrom", from).put("validTo", to);
    }

    /** Every flat owned since 2000, an equal scheme, March's maintenance, and March stated. */
    private JsonObject statedMarch(String stairwell) throws Exception {
        for (Household household : householdsOf(stairwell)) {
            assertThat(put("/households/" + household.id() + "/parties", new JsonObject().put("parties",
                    new JsonArray().add(owner("Owner of " + household.flat(), "2000-01-01", null)))).status())
                    .isEqualTo(200);
        }
        assertThat(put("/stairwells/" + stairwell + "/schemes/2025-01-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal"))).status()).isEqualTo(200);
        ApiFixture.Reply cost = post("/stairwells/" + stairwell + "/costs", new JsonObject().put("kind", "maintenance")
                .put("periodFrom", "2025-03-01").put("periodTo", "2025-04-01").put("amountFen", 36_000)
                .put("issuedBy", "someone else"));
        assertThat(cost.status()).as(cost.body()).isEqualTo(201);
        // The reply is the stored item: a field the body carried besides is not echoed as if it were recorded.
        assertThat(cost.json().fieldNames()).doesNotContain("issuedBy").contains("recordedBy", "recordedAt");
        assertThat(cost.json().getLong("amountFen")).isEqualTo(36_000);
        ApiFixture.Reply issued = post("/stairwells/" + stairwell + "/statements", new JsonObject()
                .put("periodFrom", "2025-03-01").put("periodTo", "2025-04-01"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().put("costId", cost.json().getLong("id"));
    }

    @Test
    void aBilledCostItemCannotBeDeletedAndTheReplyNamesItsStatements() throws Exception {
        JsonObject march = statedMarch("sw-1");
        long billed = march.getLong("costId");
        ApiFixture.Reply corrected = post("/statements/" + march.getLong("id") + "/corrections",
                new JsonObject().put("reason", "recount"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        long unbilled = post("/stairwells/sw-1/costs", new JsonObject().put("kind", "repairs")
                .put("periodFrom", "2025-05-01").put("periodTo", "2025-06-01").put("amountFen", 500)).json().getLong("id");

        ApiFixture.Reply refused = api.send("DELETE", "/api/v1/costs/" + billed, null, "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("detail")).contains("cost item " + billed + " is billed by statements "
                + march.getLong("id") + ", " + corrected.json().getLong("id"));
        assertThat(api.count("SELECT count(*) FROM cost_item WHERE id = " + billed)).isEqualTo(1);
        assertThat(api.send("DELETE", "/api/v1/costs/" + unbilled, null, "").status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/api/v1/costs/" + unbilled, null, "").status()).isEqualTo(404);
    }

    @Test
    void aBilledHouseholdKeepsItsStairwellByPutAndByImport() throws Exception {
        statedMarch("sw-2");
        Household billed = householdsOf("sw-2").get(0);
        Household elsewhere = new Household(billed.id(), "sw-3", "9901", billed.floor(), billed.areaM2(),
                billed.residents());

        ApiFixture.Reply refused = put("/households/" + billed.id(), RegistryJson.household(elsewhere));
        ApiFixture.Reply imported = post("/registry", RegistryJson.toJson(new Registry(List.of(), List.of(), List.of(),
                List.of(elsewhere), List.of())));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().getString("detail")).contains("household '" + billed.id() + "'")
                .contains("stairwell sw-2");
        assertThat(imported.status()).as(imported.body()).isEqualTo(422);
        assertThat(imported.json().getJsonArray("problems").getJsonObject(0).getString("code"))
                .isEqualTo("household_billed");
        assertThat(api.count("SELECT count(*) FROM household WHERE id = '" + billed.id() + "' AND stairwell_id = 'sw-2'"))
                .isEqualTo(1);
        // The same household's other fields may change, and a flat nobody has billed may move.
        assertThat(put("/households/" + billed.id(), RegistryJson.household(new Household(billed.id(), "sw-2",
                billed.flat(), billed.floor(), billed.areaM2(), 5))).status()).isEqualTo(200);
        Household free = householdsOf("sw-4").get(0);
        assertThat(put("/households/" + free.id(), RegistryJson.household(new Household(free.id(), "sw-3", "9902",
                free.floor(), free.areaM2(), free.residents()))).status()).isEqualTo(200);
    }

    @Test
    void partiesOfStatedDaysCannotBeRewrittenButOtherDaysAndContactsCan() throws Exception {
        statedMarch("sw-5");
        Household flat = householdsOf("sw-5").get(0);
        String owner = "Owner of " + flat.flat();
        String path = "/households/" + flat.id() + "/parties";

        ApiFixture.Reply rewritten = put(path, new JsonObject().put("parties", new JsonArray()
                .add(owner("Someone else", "2020-01-01", null))));
        ApiFixture.Reply emptied = put(path, new JsonObject().put("parties", new JsonArray()));
        ApiFixture.Reply deleted = api.send("DELETE", "/api/v1" + path, null, "");
        ApiFixture.Reply soldMidMarch = put(path, new JsonObject().put("parties", new JsonArray()
                .add(owner(owner, "2000-01-01", "2025-03-15")).add(owner("Buyer", "2025-03-15", null))));

        assertThat(List.of(rewritten.status(), emptied.status(), deleted.status(), soldMidMarch.status()))
                .containsOnly(409);
        assertThat(rewritten.json().getString("detail")).contains("stated from 2025-03-01 to 2025-04-01")
                .contains(owner + " from 2025-03-01 to 2025-04-01").contains("cannot rewrite a stated period");
        assertThat(api.count("SELECT count(*) FROM household_party WHERE household_id = '" + flat.id()
                + "' AND party = '" + owner + "'")).isEqualTo(1);

        ApiFixture.Reply soldInMay = put(path, new JsonObject().put("parties", new JsonArray()
                .add(owner(owner, "2010-01-01", "2025-01-01").put("contact", "138 0000 0000"))
                .add(owner(owner, "2025-01-01", "2025-05-01")).add(owner("Buyer", "2025-05-01", null))));
        assertThat(soldInMay.status()).as(soldInMay.body()).isEqualTo(200);
        assertThat(soldInMay.json().getJsonArray("parties")).hasSize(3);
        // A party recorded wrongly is put right only when the request says so, and why; March is then corrected.
        JsonObject someoneElse = new JsonObject().put("restate", true).put("parties", new JsonArray()
                .add(owner("Someone else", "2020-01-01", null)));
        assertThat(put(path, someoneElse.copy()).status()).as("a restatement without a reason").isEqualTo(422);
        ApiFixture.Reply restated = put(path, someoneElse.put("reason", "the flat was recorded under its agent"));
        assertThat(restated.status()).as(restated.body()).isEqualTo(200);
        JsonObject kept = restated.json().getJsonArray("restatements").getJsonObject(0);
        assertThat(kept.getString("reason")).isEqualTo("the flat was recorded under its agent");
        assertThat(kept.getString("restatedBy")).isNotBlank();
        assertThat(kept.getJsonArray("replaced").stream().map(p -> ((JsonObject) p).getString("party")).toList())
                .containsExactly(owner, owner, "Buyer");
        assertThatThrownBy(() -> api.sql("DELETE FROM household_party_restatement")).hasMessageContaining("immutable");

        ApiFixture.Reply holes = put(path, new JsonObject().put("parties", new JsonArray().addNull()));
        assertThat(holes.status()).as(holes.body()).isEqualTo(422);
        assertThat(holes.json().getString("detail")).contains("parties[0] must be an object");
    }

    @Test
    void aPaymentRepeatedWithItsKeyIsBookedOnceAndAnotherBodyUnderTheKeyIsRefused() throws Exception {
        statedMarch("sw-6");
        Household flat = householdsOf("sw-6").get(0);
        JsonObject payment = new JsonObject().put("kind", "payment").put("householdId", flat.id())
                .put("party", "Owner of " + flat.flat()).put("amountFen", 1_200).put("onDate", "2025-04-02");
        String fund = "/api/v1/stairwells/sw-6/fund";

        ApiFixture.Reply first = api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "form-1");
        ApiFixture.Reply again = api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "form-1");
        ApiFixture.Reply changed = api.sendWithHeaders("POST", fund, payment.copy().put("amountFen", 1_300).encode(),
                "Idempotency-Key", "form-1");
        ApiFixture.Reply another = api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "form-2");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.json().getString("detail")).contains("Idempotency-Key 'form-1' was used for another request");
        assertThat(another.status()).isEqualTo(201);
        assertThat(api.count("SELECT count(*) FROM fund_entry WHERE stairwell_id = 'sw-6' AND kind = 'payment'"))
                .isEqualTo(2);
        // A key the server could not store as sent, or two keys, book nothing.
        assertThat(api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "caf\u00e9").status())
                .isEqualTo(400);
        assertThat(api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "form 3").status())
                .isEqualTo(400);
        assertThat(api.sendWithHeaders("POST", fund, payment.encode(), "Idempotency-Key", "form-3",
                "Idempotency-Key", "form-4").status()).isEqualTo(400);
        assertThat(api.count("SELECT count(*) FROM fund_entry WHERE stairwell_id = 'sw-6' AND kind = 'payment'"))
                .isEqualTo(2);
        // Without a key every request books: the header is the client's promise, not a guess by the server.
        assertThat(post("/stairwells/sw-6/fund", payment).status()).isEqualTo(201);
        assertThat(api.count("SELECT count(*) FROM fund_entry WHERE stairwell_id = 'sw-6' AND kind = 'payment'"))
                .isEqualTo(3);

        // The arrears count a reversed payment as not paid, not as a reversed charge.
        assertThat(post("/stairwells/sw-6/fund", new JsonObject().put("kind", "reversal")
                .put("reverses", another.json().getLong("id")).put("reason", "booked twice")).status()).isEqualTo(201);
        JsonObject owner = api.get("/api/v1/stairwells/sw-6/arrears").json().getJsonArray("parties").stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("householdId").equals(flat.id())).findFirst()
                .orElseThrow();
        assertThat(owner.getLong("reversedFen")).isZero();
        assertThat(owner.getLong("paidFen")).isEqualTo(2 * 1_200);
        assertThat(owner.getLong("owedFen")).isEqualTo(owner.getLong("chargedFen") - 2 * 1_200);
    }

    @Test
    void aCostItemIsMoreThanNothingAndWithinTheFundsLimit() throws Exception {
        for (long fen : new long[] {0, 100_000_001L, 10_000_000_000L}) {
            ApiFixture.Reply refused = post("/stairwells/sw-3/costs", new JsonObject().put("kind", "repairs")
                    .put("periodFrom", "2025-03-01").put("periodTo", "2025-04-01").put("amountFen", fen));
            assertThat(refused.status()).as("%d fen", fen).isEqualTo(422);
            assertThat(refused.json().getString("detail")).contains("more than 0 and at most 100000000");
        }
        assertThat(api.count("SELECT count(*) FROM cost_item WHERE stairwell_id = 'sw-3'")).isZero();
    }

    @Test
    void aStatementAndItsCorrectionRepeatedWithTheirKeysAreIssuedOnce() throws Exception {
        statedMarch("sw-7");
        JsonObject april = new JsonObject().put("periodFrom", "2025-04-01").put("periodTo", "2025-05-01");
        ApiFixture.Reply issued = api.sendWithHeaders("POST", "/api/v1/stairwells/sw-7/statements", april.encode(),
                "Idempotency-Key", "april");
        ApiFixture.Reply repeated = api.sendWithHeaders("POST", "/api/v1/stairwells/sw-7/statements", april.encode(),
                "Idempotency-Key", "april");
        String corrections = "/api/v1/statements/" + issued.json().getLong("id") + "/corrections";
        JsonObject reason = new JsonObject().put("reason", "late invoice");
        ApiFixture.Reply corrected = api.sendWithHeaders("POST", corrections, reason.encode(), "Idempotency-Key", "fix");
        ApiFixture.Reply correctedAgain = api.sendWithHeaders("POST", corrections, reason.encode(),
                "Idempotency-Key", "fix");

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().getLong("id")).isEqualTo(issued.json().getLong("id"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        assertThat(correctedAgain.status()).isEqualTo(200);
        assertThat(correctedAgain.json().getLong("id")).isEqualTo(corrected.json().getLong("id"));
        assertThat(api.count("SELECT count(*) FROM statement WHERE stairwell_id = 'sw-7'")).isEqualTo(3);
    }

    @Test
    void moneyRecordsNameWhoRecordedThemAndAReplacedSchemeIsKept() throws Exception {
        JsonObject march = statedMarch("sw-8");
        Household flat = householdsOf("sw-8").get(0);
        ApiFixture.Reply paid = post("/stairwells/sw-8/fund", new JsonObject().put("kind", "payment")
                .put("householdId", flat.id()).put("party", "Owner of " + flat.flat()).put("amountFen", 100)
                .put("onDate", "2025-04-02").put("by", "cashier Li"));
        ApiFixture.Reply scheme = put("/stairwells/sw-8/schemes/2025-06-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal")).put("note", "meeting of 1 May"));
        ApiFixture.Reply replaced = put("/stairwells/sw-8/schemes/2025-06-01", new JsonObject()
                .put("scheme", new JsonObject().put("type", "equal")).put("note", "meeting of 20 May").put("by", "Wang"));

        assertThat(paid.json().getString("recordedBy")).isEqualTo("cashier Li");
        assertThat(march.getString("recordedBy")).isEqualTo("unrestricted");
        JsonArray entries = api.get("/api/v1/stairwells/sw-8/fund").json().getJsonArray("entries");
        assertThat(entries.stream().map(JsonObject.class::cast).map(e -> e.getString("recordedBy")))
                .containsOnly("unrestricted", "cashier Li").contains("cashier Li");
        assertThat(api.get("/api/v1/stairwells/sw-8/costs?from=2025-03-01&to=2025-04-01").json().getJsonArray("items")
                .getJsonObject(0).getString("recordedBy")).isEqualTo("unrestricted");
        assertThat(scheme.status()).isEqualTo(200);
        JsonObject schemes = replaced.json();
        JsonObject june = schemes.getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("effectiveFrom").equals("2025-06-01")).findFirst().orElseThrow();
        assertThat(june.getString("note")).isEqualTo("meeting of 20 May");
        assertThat(june.getString("recordedBy")).isEqualTo("Wang");
        assertThat(schemes.getJsonArray("replaced")).hasSize(1);
        assertThat(schemes.getJsonArray("replaced").getJsonObject(0).getString("note")).isEqualTo("meeting of 1 May");
        assertThat(schemes.getJsonArray("replaced").getJsonObject(0).getString("replacedBy")).isEqualTo("Wang");
    }
}
