package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The fund's hand-recorded entries: dated no later than today, bounded, and undone by a reversal naming them. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FundEntriesApiTest {
    private TwoTenants tenants;
    private String stairwell;
    private String household;

    @BeforeAll
    void start() throws Exception {
        tenants = TwoTenants.start();
        stairwell = tenants.own.get("stairwell");
        household = tenants.own.get("household");
        assertThat(send("PUT", "/households/" + household + "/parties", new JsonObject().put("parties", new JsonArray()
                .add(new JsonObject().put("party", "Zhang").put("validFrom", "2020-01-01")))).getInteger("status", 200))
                .isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        tenants.close();
    }

    private JsonObject send(String method, String path, JsonObject body) throws Exception {
        HttpResponse<InputStream> response = tenants.send("property", method, path, body == null ? null : body.encode());
        String text = TwoTenants.text(response);
        JsonObject json = text.isEmpty() ? new JsonObject() : new JsonObject(text);
        return json.put("status", response.statusCode());
    }

    private JsonObject fund(JsonObject entry) throws Exception {
        return send("POST", "/stairwells/" + stairwell + "/fund", entry);
    }

    @Test
    void anEntryIsDatedNoLaterThanTodayAndBounded() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        JsonObject ahead = fund(new JsonObject().put("kind", "payment").put("householdId", household).put("party", "Zhang")
                .put("amountFen", 100).put("onDate", "2099-12-31"));
        JsonObject huge = fund(new JsonObject().put("kind", "expense").put("amountFen", 10_000_000_000L).put("onDate", today));
        JsonObject largest = fund(new JsonObject().put("kind", "expense").put("amountFen", 100_000_000L).put("onDate", today));

        assertThat(ahead.getInteger("status")).isEqualTo(422);
        assertThat(ahead.getString("detail")).contains("after today");
        assertThat(huge.getInteger("status")).isEqualTo(422);
        assertThat(huge.getString("detail")).contains("at most 100000000");
        assertThat(largest.getInteger("status")).as(largest.encode()).isEqualTo(201);
    }

    @Test
    void aMistakenEntryIsUndoneByAReversalThatNamesIt() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        long before = send("GET", "/stairwells/" + stairwell + "/fund", null).getLong("balanceFen");
        long owedBefore = send("GET", "/stairwells/" + stairwell + "/account?household=" + household + "&party=Zhang", null)
                .getLong("owedFen");
        JsonObject payment = fund(new JsonObject().put("kind", "payment").put("householdId", household).put("party", "Zhang")
                .put("amountFen", 5_000).put("onDate", today));
        JsonObject expense = fund(new JsonObject().put("kind", "expense").put("amountFen", 7_000).put("onDate", today));
        assertThat(send("GET", "/stairwells/" + stairwell + "/fund", null).getLong("balanceFen"))
                .isEqualTo(before + 5_000 - 7_000);

        JsonObject undoPayment = fund(new JsonObject().put("kind", "reversal").put("reverses", payment.getLong("id"))
                .put("reason", "paid to the wrong flat"));
        JsonObject undoExpense = fund(new JsonObject().put("kind", "reversal").put("reverses", expense.getLong("id"))
                .put("reason", "entered twice"));
        JsonObject twice = fund(new JsonObject().put("kind", "reversal").put("reverses", payment.getLong("id"))
                .put("reason", "again"));
        JsonObject noReason = fund(new JsonObject().put("kind", "reversal").put("reverses", expense.getLong("id")));
        JsonObject elsewhere = fund(new JsonObject().put("kind", "reversal").put("reverses", 999_999).put("reason", "x"));

        assertThat(undoPayment.getInteger("status")).as(undoPayment.encode()).isEqualTo(201);
        assertThat(undoPayment.getString("party")).isEqualTo("Zhang");
        assertThat(undoExpense.getInteger("status")).isEqualTo(201);
        assertThat(twice.getInteger("status")).isEqualTo(409);
        assertThat(noReason.getInteger("status")).isEqualTo(422);
        assertThat(elsewhere.getInteger("status")).isEqualTo(422);
        assertThat(send("GET", "/stairwells/" + stairwell + "/fund", null).getLong("balanceFen")).isEqualTo(before);
        assertThat(send("GET", "/stairwells/" + stairwell + "/account?household=" + household + "&party=Zhang", null)
                .getLong("owedFen")).as("the reversed payment no longer settles anything").isEqualTo(owedBefore);
    }
}
