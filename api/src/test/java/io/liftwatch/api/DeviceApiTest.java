package io.liftwatch.api;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-lift MQTT credentials and the HTTP authentication and authorisation a broker such as EMQX asks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceApiTest {
    private static final String JSON = "application/json";
    private final Registry fleet = FleetPlan.generate(2, 3);
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private String authenticate(String username, String password) throws Exception {
        return api.send("POST", "/api/v1/broker/authenticate", JSON, new JsonObject().put("username", username)
                .put("password", password).put("clientid", username).encode()).json().getString("result");
    }

    private String authorize(String username, String action, String topic) throws Exception {
        return api.send("POST", "/api/v1/broker/authorize", JSON, new JsonObject().put("username", username)
                .put("action", action).put("topic", topic).encode()).json().getString("result");
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
}
