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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records people rely on, written with access control on: each in its author's own name — visits, alarm
 * commands, rule settings, device credentials: a body naming someone else as {@code by} is refused, writes nothing
 * in that name, and the write log keeps who tried — within the bounds the rules give, and a visit confirmed by its
 * lift's use unit alone.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordsTrustApiTest {
    private TwoTenants tenants;
    private String lift;

    @BeforeAll
    void start() {
        tenants = TwoTenants.start();
        lift = tenants.own.get("lift");
    }

    @AfterAll
    void stop() throws Exception {
        tenants.close();
    }

    private record Reply(int status, JsonObject json) {
        String detail() {
            return json.getString("detail", "");
        }
    }

    private Reply send(String role, String method, String path, JsonObject body) throws Exception {
        HttpResponse<InputStream> response = tenants.send(role, method, path, body == null ? null : body.encode());
        String text = TwoTenants.text(response);
        return new Reply(response.statusCode(), text.isEmpty() ? new JsonObject() : new JsonObject(text));
    }

    private static JsonObject visit(OffsetDateTime from, OffsetDateTime to) {
        return new JsonObject().put("tier", "half_monthly").put("startedAt", from.toString()).put("endedAt", to.toString())
                .put("items", new JsonArray().add("A1 machine room")).put("technicians", new JsonArray().add("Wang Lei"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aVisitIsRecordedInTheSignedInAccountsNameAndMustHaveHappened() throws Exception {
        OffsetDateTime now = now();
        Reply own = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits", visit(now.minusHours(2), now.minusHours(1)));
        Reply sameName = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(3), now.minusHours(2)).put("by", "anjia"));
        Reply otherName = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(2), now.minusHours(1)).put("by", "pm-residents-42"));
        Reply selfConfirmed = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(2), now.minusHours(1)).put("confirmedBy", "Safety manager, pm-residents-42"));
        Reply future = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(OffsetDateTime.parse("2030-01-01T09:00:00+08:00"), OffsetDateTime.parse("2030-01-01T10:00:00+08:00")));
        Reply endsAhead = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(1), now.plusHours(1)));
        Reply tooLong = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(26), now.minusHours(1)));
        Reply backwards = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(1), now.minusHours(2)));

        assertThat(own.status()).as(own.detail()).isEqualTo(201);
        assertThat(own.json().getString("recordedBy")).isEqualTo("anjia");
        assertThat(own.json().getValue("confirmedBy")).isNull();
        assertThat(sameName.status()).as(sameName.detail()).isEqualTo(201);
        assertThat(otherName.status()).isEqualTo(422);
        assertThat(otherName.detail()).contains("signed-in account (anjia)");
        assertThat(selfConfirmed.status()).isEqualTo(422);
        assertThat(selfConfirmed.detail()).contains("confirmedBy").contains("/confirmation");
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.detail()).contains("not be later than now");
        assertThat(endsAhead.status()).isEqualTo(422);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.detail()).contains("at most 24 hours");
        assertThat(backwards.status()).isEqualTo(422);
    }

    @Test
    void aCorrectionNamesAVisitByAWholeId() throws Exception {
        OffsetDateTime now = now();
        long first = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(5), now.minusHours(4))).json().getLong("id");
        String huge = visit(now.minusHours(5), now.minusHours(4)).encode()
                .replaceFirst("\\}$", ", \"corrects\": 99999999999999999999}");
        HttpResponse<InputStream> wrapped = tenants.send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits", huge);
        Reply fraction = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(5), now.minusHours(4)).put("corrects", 1.5));
        Reply correction = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(5), now.minusHours(4)).put("corrects", first));

        assertThat(wrapped.statusCode()).isEqualTo(422);
        assertThat(TwoTenants.text(wrapped)).contains("99999999999999999999");
        assertThat(fraction.status()).isEqualTo(422);
        assertThat(correction.status()).as(correction.detail()).isEqualTo(201);
        assertThat(correction.json().getLong("corrects")).isEqualTo(first);
    }

    @Test
    void theLiftsUseUnitConfirmsAVisitOnceAndTheConfirmationIsChained() throws Exception {
        OffsetDateTime now = now();
        long visit = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-visits",
                visit(now.minusHours(8), now.minusHours(7))).json().getLong("id");
        String path = "/maintenance-visits/" + visit + "/confirmation";

        Reply byCompany = send("maintenance", "POST", path, new JsonObject());
        Reply byStranger = send("property", "POST", "/maintenance-visits/" + tenants.foreign.get("visit") + "/confirmation",
                new JsonObject());
        Reply inAnotherName = send("property", "POST", path, new JsonObject().put("by", "anjia"));
        Reply confirmed = send("property", "POST", path, new JsonObject().put("note", "items checked with the technician"));
        Reply again = send("property", "POST", path, new JsonObject());

        assertThat(byCompany.status()).isEqualTo(403);
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(inAnotherName.status()).isEqualTo(422);
        assertThat(confirmed.status()).as(confirmed.detail()).isEqualTo(201);
        assertThat(confirmed.json().getString("confirmedBy")).isEqualTo("greenfield");
        assertThat(again.status()).isEqualTo(409);
        JsonObject shown = send("property", "GET", "/lifts/" + lift + "/maintenance-visits", null).json()
                .getJsonArray("items").stream().map(JsonObject.class::cast).filter(v -> v.getLong("id") == visit)
                .findFirst().orElseThrow();
        assertThat(shown.getString("confirmedBy")).isEqualTo("greenfield");
        assertThat(shown.getString("confirmedAt")).isNotNull();
        assertThat(tenants.api.count("SELECT count(*) FROM audit_chain WHERE kind = 'visit_confirmation' AND record_id = "
                + confirmed.json().getLong("id"))).isEqualTo(1);
        assertThat(send("admin", "GET", "/audit/verify", null).json().getJsonArray("breaks").stream()
                .map(JsonObject.class::cast).map(b -> b.getString("kind")))
                .as("the fixture's own visits were written unchained; the confirmation is linked").doesNotContain("visit_confirmation");
    }

    @Test
    void aFailedInspectionNeverClearsTheOverdueInspection() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        JsonObject lapsed = new JsonObject().put("inspectedOn", today.minusYears(1).minusDays(20).toString())
                .put("nextDue", today.minusDays(20).toString()).put("body", "Nanjing SEI").put("result", "pass");
        assertThat(send("property", "POST", "/lifts/" + lift + "/inspections", lapsed).status()).isEqualTo(201);
        assertThat(overdue()).isTrue();

        Reply farAhead = send("property", "POST", "/lifts/" + lift + "/inspections", new JsonObject()
                .put("inspectedOn", today.toString()).put("nextDue", "2099-12-31").put("body", "anyone").put("result", "fail"));
        Reply inFuture = send("property", "POST", "/lifts/" + lift + "/inspections", new JsonObject()
                .put("inspectedOn", today.plusDays(1).toString()).put("nextDue", today.plusYears(1).toString())
                .put("body", "Nanjing SEI").put("result", "pass"));
        Reply failed = send("property", "POST", "/lifts/" + lift + "/inspections", new JsonObject()
                .put("inspectedOn", today.minusDays(1).toString()).put("nextDue", today.plusYears(1).toString())
                .put("body", "Nanjing SEI").put("result", "fail"));

        assertThat(farAhead.status()).isEqualTo(422);
        assertThat(farAhead.detail()).contains("at most 13 months later");
        assertThat(inFuture.status()).isEqualTo(422);
        assertThat(failed.status()).as(failed.detail()).isEqualTo(201);
        assertThat(failed.json().getString("recordedBy")).isEqualTo("greenfield");
        assertThat(overdue()).as("a failed inspection leaves the lift overdue").isTrue();

        Reply passed = send("property", "POST", "/lifts/" + lift + "/inspections", new JsonObject()
                .put("inspectedOn", today.minusDays(1).toString()).put("nextDue", today.plusYears(1).toString())
                .put("body", "Nanjing SEI").put("result", "pass_after_rectification"));
        assertThat(passed.status()).isEqualTo(201);
        assertThat(overdue()).isFalse();
    }

    private boolean overdue() throws Exception {
        return send("admin", "GET", "/compliance", null).json().getJsonArray("findings").stream()
                .map(JsonObject.class::cast)
                .anyMatch(f -> f.getString("liftId").equals(lift) && f.getString("finding").equals("inspection_overdue"));
    }

    @Test
    void aContractIsWithAMaintenanceCompanyForABoundedTime() throws Exception {
        JsonObject contract = new JsonObject().put("companyId", "mc-anjia").put("startsOn", "2026-01-01")
                .put("endsOn", "2027-01-01");
        Reply property = send("property", "POST", "/lifts/" + lift + "/maintenance-contracts",
                contract.copy().put("companyId", "pm-greenfield"));
        Reply endless = send("property", "POST", "/lifts/" + lift + "/maintenance-contracts",
                contract.copy().put("endsOn", "2099-12-31"));
        Reply fine = send("property", "POST", "/lifts/" + lift + "/maintenance-contracts", contract);

        assertThat(property.status()).isEqualTo(422);
        assertThat(property.detail()).contains("not a registered maintenance company");
        assertThat(endless.status()).isEqualTo(422);
        assertThat(fine.status()).as(fine.detail()).isEqualTo(201);
        assertThat(fine.json().getString("recordedBy")).isEqualTo("greenfield");
    }

    @Test
    void aMaintenanceWindowLastsAWeekAtMostAndCanBeEndedEarly() throws Exception {
        Instant now = Instant.now();
        Reply decades = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-windows", new JsonObject()
                .put("startsAt", "2026-12-04T00:00:00Z").put("endsAt", "2099-12-31T00:00:00Z").put("reason", "works"));
        Reply window = send("maintenance", "POST", "/lifts/" + lift + "/maintenance-windows", new JsonObject()
                .put("startsAt", now.toString()).put("endsAt", now.plus(Duration.ofHours(4)).toString()).put("reason", "rope change"));
        assertThat(decades.status()).isEqualTo(422);
        assertThat(decades.detail()).contains("at most 7 days");
        assertThat(window.status()).as(window.detail()).isEqualTo(201);
        long id = window.json().getLong("id");

        Reply byManager = send("property", "POST", "/maintenance-windows/" + id + "/end", new JsonObject());
        Reply ended = send("maintenance", "POST", "/maintenance-windows/" + id + "/end", new JsonObject());
        Reply again = send("maintenance", "POST", "/maintenance-windows/" + id + "/end", new JsonObject());

        assertThat(byManager.status()).isEqualTo(403);
        assertThat(ended.status()).as(ended.detail()).isEqualTo(200);
        assertThat(ended.json().getString("endedEarlyBy")).isEqualTo("anjia");
        assertThat(Instant.parse(ended.json().getString("endsAt"))).isBefore(now.plus(Duration.ofHours(1)));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void ruleSettingsStayWithinTheirRanges() throws Exception {
        Reply interval = send("admin", "PUT", "/rule-settings/lift/" + lift, new JsonObject().put("by", "root")
                .put("settings", new JsonObject().put("maintenanceIntervalDays", 2147483647)));
        Reply entrapment = send("admin", "PUT", "/rule-settings/district/320116", new JsonObject().put("by", "root")
                .put("settings", new JsonObject().put("entrapmentAfterSeconds", 1e10)));
        Reply arrival = send("admin", "PUT", "/rule-settings/model/RETRO-630", new JsonObject().put("by", "root")
                .put("settings", new JsonObject().put("rescueArrivalMinutes", 0)));
        Reply longest = send("admin", "PUT", "/rule-settings/lift/" + lift, new JsonObject().put("by", "root")
                .put("settings", new JsonObject().put("maintenanceIntervalDays", 90)));

        assertThat(interval.status()).isEqualTo(422);
        assertThat(interval.detail()).contains("maintenanceIntervalDays").contains("between 1 and 90");
        assertThat(entrapment.status()).isEqualTo(422);
        assertThat(entrapment.detail()).contains("entrapmentAfterSeconds").contains("between 1 and 600");
        assertThat(arrival.status()).isEqualTo(422);
        assertThat(longest.status()).as(longest.detail()).isEqualTo(200);
        assertThat(send("admin", "GET", "/compliance", null).status()).isEqualTo(200);
        assertThat(send("admin", "GET", "/maintenance-plan", null).status()).isEqualTo(200);
        assertThat(send("admin", "DELETE", "/rule-settings/lift/" + lift, null).status()).isEqualTo(204);
    }

    /** Waits for the write log to hold {@code times} entries of this account on this path with this status. */
    private void logged(String account, String path, int status, int times) {
        // The log is written once the answer has gone out, so it may land just after the answer arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> tenants.api.count("SELECT count(*) FROM api_write WHERE account_id = '"
                + account + "' AND path = '/api/v1" + path + "' AND status = " + status) == times);
    }

    @Test
    void anAlarmCommandIsRecordedAsTheSignedInAccount() throws Exception {
        for (String action : new String[]{"acknowledge", "clear", "arrived", "dispatch"}) {
            Reply inAnotherName = send("maintenance", "POST", "/alarms/1/" + action, new JsonObject().put("by", "someone-else")
                    .put("reason", "passengers released").put("technician", "Wang Lei"));
            assertThat(inAnotherName.status()).as(action).isEqualTo(422);
            assertThat(inAnotherName.detail()).contains("signed-in account (anjia)");
            logged("anjia", "/alarms/1/" + action, 422, 1);
        }
        Reply underAnotherField = send("maintenance", "POST", "/alarms/1/acknowledge",
                new JsonObject().put("acknowledgedBy", "someone-else"));
        assertThat(underAnotherField.status()).isEqualTo(422);
        assertThat(underAnotherField.detail()).contains("'acknowledgedBy' must be the signed-in account (anjia)");
        logged("anjia", "/alarms/1/acknowledge", 422, 2);

        // No alerts service runs here: the command is recorded and answered 202.
        Reply acknowledged = send("maintenance", "POST", "/alarms/1/acknowledge", null);

        assertThat(acknowledged.status()).as(acknowledged.detail()).isEqualTo(202);
        assertThat(tenants.api.count("SELECT count(*) FROM alarm_command WHERE actor = 'someone-else'")).isZero();
        assertThat(tenants.api.count("SELECT count(*) FROM alarm_command WHERE alarm_id = 1 AND action = 'acknowledge'"
                + " AND actor = 'anjia'")).isEqualTo(1);
        logged("anjia", "/alarms/1/acknowledge", 202, 1);
    }

    @Test
    void aRuleSettingKeepsTheSignedInAccountThatWroteIt() throws Exception {
        String path = "/rule-settings/model/TKE-AUTHOR";
        JsonObject settings = new JsonObject().put("doorReopenLimit", 7);
        tenants.api.sql("UPDATE lift SET model = 'TKE-AUTHOR' WHERE id = '31103201152023010099'"); // a model in use

        Reply inAnotherName = send("admin", "PUT", path, new JsonObject().put("settings", settings).put("by", "someone-else"));
        assertThat(inAnotherName.status()).isEqualTo(422);
        assertThat(inAnotherName.detail()).contains("signed-in account (root)");
        assertThat(tenants.api.count("SELECT count(*) FROM rule_setting WHERE updated_by = 'someone-else'")).isZero();

        Reply underAnotherField = send("admin", "PUT", path, new JsonObject().put("settings", settings)
                .put("updatedBy", "someone-else"));
        assertThat(underAnotherField.status()).isEqualTo(422);
        assertThat(underAnotherField.detail()).contains("'updatedBy' must be the signed-in account (root)");

        Reply written = send("admin", "PUT", path, new JsonObject().put("settings", settings));
        Reply ownName = send("admin", "PUT", path, new JsonObject().put("settings", settings).put("by", "root"));

        assertThat(written.status()).as(written.detail()).isEqualTo(200);
        assertThat(written.json().getString("updatedBy")).isEqualTo("root");
        assertThat(ownName.status()).as(ownName.detail()).isEqualTo(200);
        assertThat(tenants.api.count("SELECT count(*) FROM rule_setting WHERE target = 'TKE-AUTHOR' AND updated_by = 'root'"))
                .isEqualTo(1);
        logged("root", path, 422, 2);
        logged("root", path, 200, 2);
        assertThat(send("admin", "DELETE", path, null).status()).isEqualTo(204);
    }

    @Test
    void deviceCredentialsAreIssuedByTheSignedInAccount() throws Exception {
        String path = "/lifts/" + lift + "/device-credentials";

        Reply inAnotherName = send("admin", "POST", path, new JsonObject().put("by", "someone-else"));
        assertThat(inAnotherName.status()).isEqualTo(422);
        assertThat(inAnotherName.detail()).contains("signed-in account (root)");
        assertThat(tenants.api.count("SELECT count(*) FROM device_credential WHERE issued_by = 'someone-else'")).isZero();

        Reply withoutBody = send("admin", "POST", path, null);

        assertThat(withoutBody.status()).as(withoutBody.detail()).isEqualTo(201);
        assertThat(withoutBody.json().getString("issuedBy")).isEqualTo("root");
        assertThat(tenants.api.count("SELECT count(*) FROM device_credential WHERE lift_id = '" + lift + "' AND issued_by = 'root'"))
                .isEqualTo(1);
        logged("root", path, 422, 1);
        logged("root", path, 201, 1);
        assertThat(send("admin", "DELETE", path, null).status()).isEqualTo(204);
    }
}
