package io.liftwatch.api;

import io.liftwatch.alerts.AlertsConfig;
import io.liftwatch.alerts.AlertsService;
import io.liftwatch.alerts.Partition;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.screen.MessageScreen;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rescue arrival limit as a rule setting per district (TSG T5002: 30 minutes in a city with
 * districts, one hour elsewhere), used alike by the alerts service's rescue clock and the bureau's
 * compliance report: two entrapments, one in a district at 60 minutes and one at the default 30, each
 * reached after 45 minutes. Only the second is late — for rescue_late and for compliance. Dispatch is
 * recorded on the rescue through the API, so the time to dispatch shows beside the time to arrive.
 */
@IntegrationTest
class RescueLimitsApiTest {
    private static final String JSON = "application/json";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void aDistrictAtSixtyMinutesAndOneAtThirtyAgreeBetweenRescueLateAndCompliance() throws Exception {
        Registry fleet = FleetPlan.generate(2, 31);
        Lift thirty = fleet.lifts().get(0);
        Lift sixty = fleet.lifts().get(1);
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        try (ApiFixture api = ApiFixture.withRegistry(fleet); LocalMosquitto broker = TestBroker.start()) {
            for (Lift lift : fleet.lifts()) { // contracts cover the day, so compliance has only rescues to say
                send(api, "POST", "/lifts/" + lift.id() + "/maintenance-contracts", new JsonObject()
                        .put("companyId", lift.maintainerId()).put("startsOn", "2020-01-01").put("endsOn", "2029-12-31")
                        .put("by", "pm-zhou"), 201);
            }
            api.sql("UPDATE stairwell SET district_code = '320115' WHERE id = '" + sixty.stairwellId() + "'");
            send(api, "PUT", "/rule-settings/district/320115", new JsonObject()
                    .put("settings", new JsonObject().put("rescueArrivalMinutes", 60)).put("by", "bureau-jiangning"), 200);
            send(api, "PUT", "/rule-settings/district/32011X", new JsonObject()
                    .put("settings", new JsonObject().put("rescueArrivalMinutes", 60)).put("by", "bureau"), 422);
            assertThat(api.get("/api/v1/lifts/" + sixty.id() + "/rule-settings").json()
                    .getJsonObject("effective").getInteger("rescueArrivalMinutes")).isEqualTo(60);

            MqttConfig mqtt = new MqttConfig(broker.uri(), null, null);
            AlertsConfig config = new AlertsConfig(api.db, mqtt, "limits-alerts", Topics.ALL, Duration.ofHours(1), 100,
                    50, Duration.ofMillis(5), Duration.ofHours(6), RuleSettings.defaults(), Duration.ofHours(3),
                    List.of(), null, null, "127.0.0.1", 0, ZONE, Partition.whole(), null, false,
                    MessageScreen.DEFAULT_MAX_PAYLOAD_BYTES);
            api.vertx.deployVerticle(new AlertsService(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    null, clock::get)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try (FleetPublisher publisher = new FleetPublisher(mqtt, "limits-pub", 10, new Ledger())) {
                publisher.connectShared(1);
                long raised = clock.get();
                for (Lift lift : fleet.lifts()) {
                    publisher.publish(new FaultReport(new Envelope(lift.id(), 1, 1, raised), FaultType.ENTRAPMENT,
                            true, "2", null));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> api.count("SELECT count(*) FROM rescue") == 2);

                clock.addAndGet(Duration.ofMinutes(12).toMillis());
                long first = api.count("SELECT id FROM alarm WHERE type = 'entrapment' AND lift_id = '" + thirty.id() + "'");
                assertThat(send(api, "POST", "/alarms/" + first + "/arrived", new JsonObject().put("by", "tech-wang"), 409)
                        .getString("detail")).as("on site before anyone was sent").contains("dispatch one first");
                for (Lift lift : fleet.lifts()) {
                    long alarm = api.count("SELECT id FROM alarm WHERE type = 'entrapment' AND lift_id = '" + lift.id() + "'");
                    send(api, "POST", "/alarms/" + alarm + "/dispatch", new JsonObject().put("by", "dispatcher-liu")
                            .put("technician", "tech-wang"), 200);
                }
                send(api, "POST", "/alarms/1/dispatch", new JsonObject().put("by", "dispatcher-liu"), 422);

                clock.addAndGet(Duration.ofMinutes(33).toMillis()); // 45 minutes after the entrapments
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        api.count("SELECT count(*) FROM alarm WHERE type = 'rescue_late'") == 1);
                long late = api.count("SELECT id FROM alarm WHERE type = 'rescue_late'");
                send(api, "POST", "/alarms/" + late + "/dispatch", new JsonObject().put("by", "dispatcher-liu")
                        .put("technician", "tech-wang"), 409); // not an entrapment: no rescue to send anyone to
                for (Lift lift : fleet.lifts()) {
                    publisher.publish(new EventReport(new Envelope(lift.id(), 1, 2, clock.get()),
                            EventType.INSPECTION_MODE, null, null));
                }
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        api.count("SELECT count(*) FROM rescue WHERE arrived_at IS NOT NULL") == 2);
                send(api, "POST", "/alarms/" + first + "/dispatch", new JsonObject().put("by", "dispatcher-liu")
                        .put("technician", "tech-li"), 409); // the technician is on site already
            }

            JsonArray rescues = api.get("/api/v1/rescues?from=" + Instant.ofEpochMilli(clock.get()).atZone(ZONE)
                    .toLocalDate().minusDays(1) + "&to=" + Instant.ofEpochMilli(clock.get()).atZone(ZONE).toLocalDate()
                    .plusDays(1)).json().getJsonArray("items");
            assertThat(rescues).hasSize(2);
            for (Object item : rescues) {
                JsonObject rescue = (JsonObject) item;
                assertThat(rescue.getString("dispatchedTo")).isEqualTo("tech-wang");
                assertThat(rescue.getInteger("dispatchSeconds")).isEqualTo(12 * 60);
                assertThat(rescue.getInteger("arrivalLimitMinutes"))
                        .isEqualTo(rescue.getString("liftId").equals(sixty.id()) ? 60 : 30);
            }
            assertThat(api.count("SELECT count(*) FROM alarm WHERE type = 'rescue_late' AND lift_id = '"
                    + thirty.id() + "'")).isEqualTo(1);

            LocalDate asOf = Instant.ofEpochMilli(clock.get()).atZone(ZONE).toLocalDate();
            JsonArray findings = api.get("/api/v1/compliance?asOf=" + asOf).json().getJsonArray("findings");
            List<String> late = findings.stream().map(JsonObject.class::cast)
                    .filter(f -> f.getString("finding").equals("rescue_late")).map(f -> f.getString("liftId")).toList();
            assertThat(late).containsExactly(thirty.id());
        }
    }

    private static JsonObject send(ApiFixture api, String method, String path, JsonObject body, int expected) throws Exception {
        ApiFixture.Reply reply = api.send(method, "/api/v1" + path, JSON, body.encode());
        assertThat(reply.status()).as(method + " " + path + " " + reply.body()).isEqualTo(expected);
        return reply.json();
    }
}
