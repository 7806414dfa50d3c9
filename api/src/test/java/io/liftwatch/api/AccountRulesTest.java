package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's id can always be addressed, its reach fits its role (a maintenance account a maintenance
 * company, a bureau a district that exists), and the installation keeps an enabled administrator. And
 * requests the API cannot serve are refused by name: a wrong method, an unknown enum value, a month out of range.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountRulesTest {
    private ApiFixture api;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        api = new ApiFixture(1024 * 1024, true);
        api.sql("INSERT INTO organisation (id, name, kind) VALUES ('mc-anjia', 'Anjia', 'maintenance'),"
                + " ('pm-greenfield', 'Greenfield', 'property'), ('bureau-jiangning', 'Jiangning', 'bureau');"
                + " INSERT INTO account (id, name, role) VALUES ('root', 'root', 'admin')");
        try (var c = api.pool.getConnection()) {
            admin = io.liftwatch.api.access.Tokens.issue(c, "root", "test", java.time.Duration.ofHours(1)).token();
        }
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private ApiFixture.Reply create(JsonObject account) throws Exception {
        return api.sendAs(admin, "POST", "/api/v1/accounts", "application/json", account.encode());
    }

    private ApiFixture.Reply reach(String account, JsonObject reach) throws Exception {
        return api.sendAs(admin, "PUT", "/api/v1/accounts/" + account + "/reach", "application/json", reach.encode());
    }

    @Test
    void anIdThatCouldNotBeAddressedIsRefused() throws Exception {
        for (String id : List.of("ops/night", "ops night", "ops\nnight", ".ops", "%2e", "o".repeat(65))) {
            ApiFixture.Reply refused = create(new JsonObject().put("id", id).put("role", "admin"));
            assertThat(refused.status()).as(id).isEqualTo(422);
            assertThat(refused.json().getString("detail")).startsWith("'id' must be 1 to 64");
        }
        assertThat(api.count("SELECT count(*) FROM account WHERE id ~ '[/ %\n]' OR id LIKE '.%' OR length(id) > 64")).isZero();
        for (String id : List.of("anjia-dispatch", "ops.night_2", "江宁:值班")) {
            assertThat(create(new JsonObject().put("id", id).put("role", "city")).status()).as(id).isEqualTo(201);
        }
        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/ops.night_2/disable", null, "").status()).isEqualTo(204);
    }

    @Test
    void anOrganisationMustBeOfTheRolesKindAndARegionADistrict() throws Exception {
        JsonObject maintenance = new JsonObject().put("id", "anjia-desk").put("role", "maintenance");
        for (String wrong : List.of("pm-greenfield", "bureau-jiangning")) {
            ApiFixture.Reply refused = create(maintenance.copy().put("organisationId", wrong));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().getString("detail")).contains(wrong).contains("needs a maintenance one");
        }
        assertThat(create(new JsonObject().put("id", "jn").put("role", "bureau").put("region", "999999")).status())
                .isEqualTo(422);
        assertThat(create(new JsonObject().put("id", "jn").put("role", "bureau").put("region", "320100")).status())
                .as("a city, not a district").isEqualTo(422);
        assertThat(create(maintenance.copy().put("organisationId", "mc-anjia")).status()).isEqualTo(201);
        assertThat(create(new JsonObject().put("id", "jn").put("role", "bureau").put("region", "320116")).status())
                .isEqualTo(201);

        ApiFixture.Reply moved = reach("anjia-desk", new JsonObject().put("role", "maintenance")
                .put("organisationId", "pm-greenfield"));
        assertThat(moved.status()).isEqualTo(422);
        assertThat(reach("jn", new JsonObject().put("role", "bureau").put("region", "999999")).status()).isEqualTo(422);
        assertThat(reach("anjia-desk", new JsonObject().put("role", "property").put("organisationId", "pm-greenfield"))
                .status()).isEqualTo(200);
        assertThat(api.count("SELECT count(*) FROM account WHERE id = 'anjia-desk' AND organisation_id = 'pm-greenfield'"))
                .isEqualTo(1);
    }

    @Test
    void theLastEnabledAdministratorIsNeitherDisabledNorDemoted() throws Exception {
        ApiFixture.Reply disabled = api.sendAs(admin, "POST", "/api/v1/accounts/root/disable", null, "");
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.json().getString("detail")).contains("last enabled administrator");
        assertThat(reach("root", new JsonObject().put("role", "city")).status()).isEqualTo(409);

        assertThat(create(new JsonObject().put("id", "second-admin").put("role", "admin")).status()).isEqualTo(201);
        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/second-admin/disable", null, "").status()).isEqualTo(204);
        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/root/disable", null, "").status())
                .as("the other administrator is disabled").isEqualTo(409);
        assertThat(api.sendAs(admin, "POST", "/api/v1/accounts/second-admin/enable", null, "").status()).isEqualTo(204);
        assertThat(reach("second-admin", new JsonObject().put("role", "city")).status()).isEqualTo(200);
        assertThat(api.count("SELECT count(*) FROM account WHERE role = 'admin' AND disabled_at IS NULL")).isEqualTo(1);
    }

    @Test
    void wrongMethodsUnknownValuesAndFarMonthsAreRefusedByName() throws Exception {
        ApiFixture.Reply head = api.sendAs(admin, "HEAD", "/api/v1/accounts", null, "");
        assertThat(head.status()).isEqualTo(405);
        ApiFixture.Reply delete = api.sendAs(admin, "DELETE", "/api/v1/accounts", null, "");
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.json().getString("detail")).contains("GET, POST");
        assertThat(api.sendAs(admin, "DELETE", "/api/v1/nowhere", null, "").status()).isEqualTo(404);
        assertThat(api.sendAs(admin, "GET", "/api/v1/accounts", null, "").status()).isEqualTo(200);

        ApiFixture.Reply bogus = api.sendAs(admin, "GET", "/api/v1/alarms?severity=bogus", null, "");
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.json().getString("detail")).contains("severity").contains("critical, major, minor, warning");
        assertThat(api.sendAs(admin, "GET", "/api/v1/alarms?severity=major", null, "").status()).isEqualTo(200);
        for (String month : List.of("1999-12", "2100-01")) {
            ApiFixture.Reply far = api.sendAs(admin, "GET", "/api/v1/reports/monthly?month=" + month + "&district=320116",
                    null, "");
            assertThat(far.status()).as(month).isEqualTo(400);
            assertThat(far.json().getString("detail")).contains("month").contains("2099-12-31");
        }
        api.sql("INSERT INTO stairwell VALUES ('sw-1', '1 Road', '320116', 'S', 'S-C1', 'S-C1-G1', 'B1', '1')");
        ApiFixture.Reply scheme = api.sendAs(admin, "PUT", "/api/v1/stairwells/sw-1/schemes/2100-01-01", "application/json",
                "{}");
        assertThat(scheme.status()).isEqualTo(400);
        assertThat(scheme.json().getString("detail")).contains("effectiveFrom");
    }
}
