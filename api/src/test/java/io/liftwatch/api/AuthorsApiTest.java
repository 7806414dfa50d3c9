package io.liftwatch.api;

import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarm commands, rule settings and device credentials, with access control on: each is recorded as the
 * signed-in account; a body naming someone else as {@code by} is refused and writes nothing in that name,
 * and the write log keeps who tried.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorsApiTest {
    private static final String SOMEONE_ELSE = "someone-else";
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

    private long count(String query) throws Exception {
        return tenants.api.count(query);
    }

    /** Waits for the write log to hold {@code times} entries of this account on this path with this status. */
    private void logged(String account, String path, int status, int times) {
        // The log is written once the answer has gone out, so it may land just after the answer arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM api_write WHERE account_id = '"
                + account + "' AND path = '/api/v1" + path + "' AND status = " + status) == times);
    }

    @Test
    void anAlarmCommandIsRecordedAsTheSignedInAccount() throws Exception {
        for (String action : new String[]{"acknowledge", "clear", "arrived", "dispatch"}) {
            Reply inAnotherName = send("maintenance", "POST", "/alarms/1/" + action, new JsonObject().put("by", SOMEONE_ELSE)
                    .put("reason", "passengers released").put("technician", "Wang Lei"));
            assertThat(inAnotherName.status()).as(action).isEqualTo(422);
            assertThat(inAnotherName.detail()).contains("signed-in account (anjia)");
            logged("anjia", "/alarms/1/" + action, 422, 1);
        }

        // No alerts service runs here: the command is recorded and answered 202.
        Reply acknowledged = send("maintenance", "POST", "/alarms/1/acknowledge", null);

        assertThat(acknowledged.status()).as(acknowledged.detail()).isEqualTo(202);
        assertThat(count("SELECT count(*) FROM alarm_command WHERE actor = '" + SOMEONE_ELSE + "'")).isZero();
        assertThat(count("SELECT count(*) FROM alarm_command WHERE alarm_id = 1 AND action = 'acknowledge'"
                + " AND actor = 'anjia'")).isEqualTo(1);
        logged("anjia", "/alarms/1/acknowledge", 202, 1);
    }

    @Test
    void aRuleSettingKeepsTheSignedInAccountThatWroteIt() throws Exception {
        String path = "/rule-settings/lift/" + lift;
        JsonObject settings = new JsonObject().put("doorReopenLimit", 7);

        Reply inAnotherName = send("admin", "PUT", path, new JsonObject().put("settings", settings).put("by", SOMEONE_ELSE));
        assertThat(inAnotherName.status()).isEqualTo(422);
        assertThat(inAnotherName.detail()).contains("signed-in account (root)");
        assertThat(count("SELECT count(*) FROM rule_setting")).isZero();

        Reply written = send("admin", "PUT", path, new JsonObject().put("settings", settings));
        Reply ownName = send("admin", "PUT", path, new JsonObject().put("settings", settings).put("by", "root"));

        assertThat(written.status()).as(written.detail()).isEqualTo(200);
        assertThat(written.json().getString("updatedBy")).isEqualTo("root");
        assertThat(ownName.status()).as(ownName.detail()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM rule_setting WHERE target = '" + lift + "' AND updated_by = 'root'"))
                .isEqualTo(1);
        logged("root", path, 422, 1);
        logged("root", path, 200, 2);
        assertThat(send("admin", "DELETE", path, null).status()).isEqualTo(204);
    }

    @Test
    void deviceCredentialsAreIssuedByTheSignedInAccount() throws Exception {
        String path = "/lifts/" + lift + "/device-credentials";

        Reply inAnotherName = send("admin", "POST", path, new JsonObject().put("by", SOMEONE_ELSE));
        assertThat(inAnotherName.status()).isEqualTo(422);
        assertThat(inAnotherName.detail()).contains("signed-in account (root)");
        assertThat(count("SELECT count(*) FROM device_credential")).isZero();

        Reply withoutBody = send("admin", "POST", path, null);

        assertThat(withoutBody.status()).as(withoutBody.detail()).isEqualTo(201);
        assertThat(withoutBody.json().getString("issuedBy")).isEqualTo("root");
        assertThat(count("SELECT count(*) FROM device_credential WHERE lift_id = '" + lift + "' AND issued_by = 'root'"))
                .isEqualTo(1);
        logged("root", path, 422, 1);
        logged("root", path, 201, 1);
        assertThat(send("admin", "DELETE", path, null).status()).isEqualTo(204);
    }
}
