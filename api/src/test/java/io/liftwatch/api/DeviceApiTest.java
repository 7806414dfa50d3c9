package io.liftwatch.api;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-lift MQTT credentials and the HTTP authentication and authorisation a broker such as EMQX asks. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(4, 3);
    @AutoClose
    private final ApiFixture api = ApiFixture.over(fleet);

    private String authenticate(String username, String password) throws Exception {
        return authenticate(username, password, username);
    }

    private String authenticate(String username, String password, String clientId) throws Exception {
        JsonObject body = new JsonObject();
        if (username != null) {
            body.put("username", username);
        }
        if (password != null) {
            body.put("password", password);
        }
        if (clientId != null) {
            body.put("clientid", clientId);
        }
        return api.send("POST", "/api/v1/broker/authenticate", JSON, body.encode()).json().getString("result");
    }

    private String authorize(String username, String action, String topic) throws Exception {
        return api.send("POST", "/api/v1/broker/authorize", JSON, new JsonObject().put("username", username)
                .put("action", action).put("topic", topic).encode()).json().getString("result");
    }

    @Test
    void aLiftIsAdmittedOnlyAsItselfAndNobodyAnonymously() throws Exception {
        String a = fleet.lifts().get(2).id();
        String b = fleet.lifts().get(3).id();
        String password = api.send("POST", "/api/v1/lifts/" + a + "/device-credentials", JSON,
                new JsonObject().put("by", "installer-wang").encode()).json().getString("password");

        assertThat(authenticate(a, password, a)).isEqualTo("allow");
        assertThat(authenticate(a, password, "liftwatch-ingest-1")).as("ingest's client id").isEqualTo("deny");
        assertThat(authenticate(a, password, "liftwatch-alerts-1")).as("alerts' client id").isEqualTo("deny");
        assertThat(authenticate(a, password, b)).as("another lift's client id").isEqualTo("deny");
        assertThat(authenticate(a, password, null)).as("no client id").isEqualTo("deny");
        assertThat(authenticate(null, null, "liftwatch-ingest-1")).as("anonymous").isEqualTo("deny");
        assertThat(authenticate(a, null, a)).as("no password").isEqualTo("deny");
        assertThat(authenticate("ingest", password, "liftwatch-ingest-1")).as("a service's name").isEqualTo("deny");
        assertThat(api.send("POST", "/api/v1/broker/authorize", JSON, new JsonObject().put("username", a)
                .put("clientid", b).put("action", "publish").put("topic", "lw/v1/" + a + "/status").encode())
                .json().getString("result")).as("a client id not its own").isEqualTo("deny");
        assertThat(authorize(a, "subscribe", "lw/alerts/#")).isEqualTo("deny");
        assertThat(authorize(a, "publish", "lw/alerts/v1/" + a)).isEqualTo("deny");
    }

    @Test
    void aLiftAuthenticatesWithItsIssuedPasswordUntilRotatedOrRevoked() throws Exception {
        String a = fleet.lifts().get(0).id();
        String b = fleet.lifts().get(1).id();
        ApiFixture.Reply issued = api.send("POST", "/api/v1/lifts/" + a + "/device-credentials", JSON,
                new JsonObject().put("by", "installer-wang").encode());
        assertThat(issued.status()).isEqualTo(201);
        String password = issued.json().getString("password");
        assertThat(issued.json().getString("username")).isEqualTo(a);
        assertThat(api.get("/api/v1/lifts/" + a).body()).doesNotContain(password);

        assertThat(authenticate(a, password)).isEqualTo("allow");
        assertThat(authenticate(a, password + "x")).isEqualTo("deny");
        assertThat(authenticate(b, password)).isEqualTo("deny");
        assertThat(authorize(a, "publish", "lw/v1/" + a + "/status")).isEqualTo("allow");
        assertThat(authorize(a, "publish", "lw/v1/" + b + "/status")).isEqualTo("deny");
        assertThat(authorize(a, "subscribe", "lw/v1/#")).isEqualTo("deny");

        String rotated = api.send("POST", "/api/v1/lifts/" + a + "/device-credentials", JSON,
                new JsonObject().put("by", "installer-wang").encode()).json().getString("password");
        assertThat(authenticate(a, password)).isEqualTo("deny");
        assertThat(authenticate(a, rotated)).isEqualTo("allow");
        assertThat(api.send("DELETE", "/api/v1/lifts/" + a + "/device-credentials", null, "").status()).isEqualTo(204);
        assertThat(authenticate(a, rotated)).isEqualTo("deny");

        assertThat(api.send("POST", "/api/v1/lifts/31103201162099120001/device-credentials", JSON,
                new JsonObject().put("by", "x").encode()).status()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/broker/authorize", JSON, new JsonObject().put("username", a)
                .put("action", "delete").put("topic", "x").encode()).status()).isEqualTo(422);
    }

    @Test
    void theCredentialsStateIsListedByCodeOrAddressWithoutItsHash() throws Exception {
        String lift = fleet.lifts().get(1).id();
        api.send("POST", "/api/v1/lifts/" + lift + "/device-credentials", JSON,
                new JsonObject().put("by", "installer-li").encode());
        String address = fleet.stairwells().stream().filter(s -> s.id().equals(fleet.lifts().get(1).stairwellId()))
                .findFirst().orElseThrow().address();

        JsonObject byCode = api.get("/api/v1/device-credentials?q=" + lift).json();
        JsonObject byAddress = api.get("/api/v1/device-credentials?q="
                + java.net.URLEncoder.encode(address, java.nio.charset.StandardCharsets.UTF_8)).json();
        JsonObject all = api.get("/api/v1/device-credentials?limit=2").json();

        assertThat(byCode.getJsonArray("items")).hasSize(1);
        JsonObject state = byCode.getJsonArray("items").getJsonObject(0);
        assertThat(state.getBoolean("issued")).isTrue();
        assertThat(state.getString("issuedBy")).isEqualTo("installer-li");
        assertThat(state.encode()).doesNotContain("$7$").doesNotContain("passwordHash");
        assertThat(byAddress.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("liftId"))).contains(lift);
        assertThat(all.getJsonArray("items")).hasSize(2);
        assertThat(api.get("/api/v1/device-credentials?q=%00").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/device-credentials?q=" + "x".repeat(101)).status()).isEqualTo(400);
    }

    @Test
    void theBrokersFilesAreDownloadedWithTheLiftsHashesAndTheNamedServices() throws Exception {
        String lift = fleet.lifts().get(2).id();
        String password = api.send("POST", "/api/v1/lifts/" + lift + "/device-credentials", JSON,
                new JsonObject().put("by", "installer-wang").encode()).json().getString("password");

        ApiFixture.Reply passwd = api.get("/api/v1/device-credentials/mosquitto/liftwatch.passwd");
        ApiFixture.Reply acl = api.get("/api/v1/device-credentials/mosquitto/liftwatch.acl?service=liftwatch-ingest-1"
                + "&service=liftwatch-alerts-1");
        ApiFixture.Reply badService = api.get("/api/v1/device-credentials/mosquitto/liftwatch.acl?service=31103201162023050042");

        assertThat(passwd.status()).isEqualTo(200);
        String line = passwd.body().lines().filter(l -> l.startsWith(lift + ":")).findFirst().orElseThrow();
        assertThat(io.liftwatch.common.devices.DevicePasswords.verify(password, line.substring(lift.length() + 1))).isTrue();
        assertThat(acl.body()).contains("pattern write lw/v1/%u/#").contains("user liftwatch-ingest-1")
                .contains("user liftwatch-alerts-1");
        assertThat(badService.status()).as("a service named like a lift").isEqualTo(400);
    }

    @Test
    void withAccessControlOffNobodyIsSignedInAndTheStandInIssuesUnlessTheBodyNamesSomeone() throws Exception {
        String lift = fleet.lifts().get(fleet.lifts().size() - 1).id();
        String path = "/api/v1/lifts/" + lift + "/device-credentials";

        ApiFixture.Reply nameless = api.send("POST", path, null, "");
        ApiFixture.Reply named = api.send("POST", path, JSON, new JsonObject().put("by", "installer-wang").encode());
        ApiFixture.Reply blank = api.send("POST", path, JSON, new JsonObject().put("by", " ").encode());

        assertThat(nameless.status()).isEqualTo(201);
        assertThat(nameless.json().getString("issuedBy")).isEqualTo("unrestricted");
        assertThat(named.json().getString("issuedBy")).isEqualTo("installer-wang");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(api.send("DELETE", path, null, "").status()).isEqualTo(204);
    }
}
