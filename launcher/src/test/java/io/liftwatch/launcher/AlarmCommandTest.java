package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A person acknowledges and clears an alarm through the API; the alerts service, its owner, applies it. */
class AlarmCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acknowledgeThenClearWithAReasonAndEveryOtherRequestIsRefusedClearly() throws Exception {
        Registry fleet = FleetPlan.generate(1, 6);
        String lift = fleet.lifts().get(0).id();
        try (LiveServices live = LiveServices.start(fleet);
             Services services = new Services();
             FleetPublisher publisher = new FleetPublisher(live.mqtt(), "command-pub", 10, new Ledger())) {
            services.start(Set.of("api", "alerts"), new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                    "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(),
                    "LIFTWATCH_API_PORT", "0", "LIFTWATCH_ALERTS_OPS_PORT", "0")));
            publisher.connectShared(1);
            publisher.publish(new FaultReport(new Envelope(lift, 1, 1, System.currentTimeMillis()),
                    FaultType.ENTRAPMENT, true, "3", null));
            await().atMost(Duration.ofSeconds(20)).until(() -> live.text("SELECT id FROM alarm"), id -> id != null);
            String alarm = "/api/v1/alarms/" + live.text("SELECT id FROM alarm");

            HttpResponse<String> acknowledged = post(services, alarm + "/acknowledge", "{\"by\":\"Wang (Anjia)\"}");
            HttpResponse<String> again = post(services, alarm + "/acknowledge", "{\"by\":\"Li\"}");
            HttpResponse<String> noReason = post(services, alarm + "/clear", "{\"by\":\"Wang\"}");
            HttpResponse<String> cleared = post(services, alarm + "/clear",
                    "{\"by\":\"Wang (Anjia)\",\"reason\":\"passengers released, door contact replaced\"}");
            HttpResponse<String> clearedAgain = post(services, alarm + "/clear", "{\"by\":\"Li\",\"reason\":\"dup\"}");
            HttpResponse<String> missing = post(services, "/api/v1/alarms/999999/acknowledge", "{\"by\":\"Li\"}");

            assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
            assertThat(new JsonObject(acknowledged.body()).getString("acknowledgedBy")).isEqualTo("Wang (Anjia)");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(new JsonObject(again.body()).getString("detail")).contains("already acknowledged");
            assertThat(noReason.statusCode()).isEqualTo(422);
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(cleared.body()).getString("status")).isEqualTo("cleared");
            assertThat(new JsonObject(cleared.body()).getString("clearReason")).startsWith("passengers released");
            assertThat(clearedAgain.statusCode()).isEqualTo(409);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(live.text("SELECT string_agg(kind || ':' || actor, ',' ORDER BY id) FROM alarm_event"))
                    .isEqualTo("raised:device,acknowledged:Wang (Anjia),refused:Li,cleared:Wang (Anjia),refused:Li");
        }
    }

    private HttpResponse<String> post(Services services, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.apiPort() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
