package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * People and dashboards on alarms: acknowledging and clearing through the API (applied by the alerts
 * service, their owner), and the live stream showing each alarm event as it happens.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlarmCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final Registry fleet = FleetPlan.generate(3, 6);
    private LiveServices live;
    private Services services;
    private FleetPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        live = LiveServices.start(fleet);
        services = new Services();
        services.start(Set.of("api", "alerts"), new Env(Map.of("LIFTWATCH_DB_URL", live.db.url(),
                "LIFTWATCH_DB_USER", live.db.user(), "LIFTWATCH_MQTT_URI", live.broker.uri(),
                "LIFTWATCH_API_PORT", "0", "LIFTWATCH_API_ACCESS_CONTROL", "off", "LIFTWATCH_ALERTS_OPS_PORT", "0")));
        publisher = new FleetPublisher(live.mqtt(), "command-pub", 10, new Ledger());
        publisher.connectShared(1);
    }

    @AfterAll
    void stop() throws Exception {
        publisher.close();
        services.close();
        live.close();
    }

    /** Publishes an entrapment for the lift and returns the API path of the alarm it opens. */
    private String entrapment(String lift) throws Exception {
        publisher.publish(new FaultReport(new Envelope(lift, 1, 1, System.currentTimeMillis()),
                FaultType.ENTRAPMENT, true, "3", null));
        String query = "SELECT id FROM alarm WHERE lift_id = '" + lift + "'";
        await().atMost(Duration.ofSeconds(20)).until(() -> live.text(query), id -> id != null);
        return "/api/v1/alarms/" + live.text(query);
    }

    @Test
    void acknowledgeThenClearWithAReasonAndEveryOtherRequestIsRefusedClearly() throws Exception {
        String lift = fleet.lifts().get(0).id();
        String alarm = entrapment(lift);

        HttpResponse<String> acknowledged = post(alarm + "/acknowledge", "{\"by\":\"Wang (Anjia)\"}");
        HttpResponse<String> again = post(alarm + "/acknowledge", "{\"by\":\"Li\"}");
        HttpResponse<String> noReason = post(alarm + "/clear", "{\"by\":\"Wang\"}");
        HttpResponse<String> cleared = post(alarm + "/clear",
                "{\"by\":\"Wang (Anjia)\",\"reason\":\"passengers released, door contact replaced\"}");
        HttpResponse<String> clearedAgain = post(alarm + "/clear", "{\"by\":\"Li\",\"reason\":\"dup\"}");
        HttpResponse<String> missing = post("/api/v1/alarms/999999/acknowledge", "{\"by\":\"Li\"}");

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
        assertThat(live.text("SELECT string_agg(kind || ':' || actor, ',' ORDER BY id) FROM alarm_event"
                + " WHERE lift_id = '" + lift + "'"))
                .isEqualTo("raised:device,acknowledged:Wang (Anjia),refused:Li,cleared:Wang (Anjia),refused:Li");
    }

    @Test
    void theLiveStreamShowsEachAlarmEventAsItHappens() throws Exception {
        String lift = fleet.lifts().get(1).id();
        List<String> lines = new CopyOnWriteArrayList<>();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/api/v1/alarms/stream?lift=" + lift))
                .build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = stream.get();
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains(": connected"));

        String alarm = entrapment(lift);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line ->
                line.startsWith("data: ") && line.contains("\"kind\":\"raised\"") && line.contains("\"severity\":\"critical\"")));
        post(alarm + "/acknowledge", "{\"by\":\"Zhao\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line ->
                line.contains("\"kind\":\"acknowledged\"") && line.contains("\"actor\":\"Zhao\"")));
        assertThat(lines).filteredOn(line -> line.startsWith("data: "))
                .allMatch(line -> line.contains(lift));
    }

    @Test
    void aDeclaredMaintenanceWindowSuppressesTheLiftGoingOffline() throws Exception {
        String lift = fleet.lifts().get(2).id();
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        HttpResponse<String> backwards = post("/api/v1/lifts/" + lift + "/maintenance-windows", new JsonObject()
                .put("startsAt", now.toString()).put("endsAt", now.minusHours(1).toString())
                .put("by", "Anjia").put("reason", "half-monthly maintenance").encode());
        HttpResponse<String> declared = post("/api/v1/lifts/" + lift + "/maintenance-windows", new JsonObject()
                .put("startsAt", now.minusMinutes(1).toString()).put("endsAt", now.plusHours(1).toString())
                .put("by", "Anjia").put("reason", "half-monthly maintenance").encode());
        assertThat(backwards.statusCode()).isEqualTo(422);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);

        publisher.publish(new io.liftwatch.common.wire.ConnectionReport(
                new Envelope(lift, 1, 7, System.currentTimeMillis()), false, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.text("SELECT detail FROM alarm_event"
                + " WHERE lift_id = '" + lift + "' AND kind = 'suppressed'"), "declared maintenance: half-monthly maintenance"::equals);
        assertThat(live.count("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'")).isZero();
    }

    private String base() {
        return "http://127.0.0.1:" + services.apiPort();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
