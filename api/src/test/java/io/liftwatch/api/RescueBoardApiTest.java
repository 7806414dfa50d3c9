package io.liftwatch.api;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The rescue board's question: every rescue not yet released, however long ago it was raised. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RescueBoardApiTest {
    private final Registry fleet = FleetPlan.generate(2, 5);
    private final String lift = fleet.lifts().get(0).id();
    private ApiFixture api;

    @BeforeAll
    void start() throws Exception {
        api = ApiFixture.withRegistry(fleet);
        // Alarm 1: raised 40 days ago and never released; alarm 2: raised and released yesterday.
        api.sql("INSERT INTO alarm (id, lift_id, type, severity, status, first_seen, last_seen, count) VALUES"
                + " (1, '" + lift + "', 'entrapment', 'critical', 'acknowledged', now() - interval '40 days', now(), 1),"
                + " (2, '" + lift + "', 'entrapment', 'critical', 'cleared', now() - interval '1 day', now(), 1)");
        api.sql("INSERT INTO rescue (alarm_id, lift_id, raised_at, arrived_at, released_at) VALUES"
                + " (1, '" + lift + "', now() - interval '40 days', null, null),"
                + " (2, '" + lift + "', now() - interval '1 day', now() - interval '23 hours', now() - interval '22 hours')");
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    @Test
    void anUnreleasedRescueStaysOnTheBoardHoweverOld() throws Exception {
        assertThat(api.get("/api/v1/rescues?open=true").json().getJsonArray("items").stream()
                .map(JsonObject.class::cast).map(r -> r.getLong("alarmId"))).containsExactly(1L);
        assertThat(api.get("/api/v1/rescues").json().getJsonArray("items").stream()
                .map(JsonObject.class::cast).map(r -> r.getLong("alarmId"))).as("the last 30 days").containsExactly(2L);
        assertThat(api.get("/api/v1/rescues?open=yes").status()).isEqualTo(400);
    }
}
