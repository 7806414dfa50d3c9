package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.liftwatch.common.mqtt.MqttSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks retried until delivered, each attempt signed for its receiver (the retry under the same delivery
 * id), MQTT republishing, and storm control on repeats.
 */
@IntegrationTest
class NotificationIntegrationTest {
    private static final String SECRET = "webhook-secret-0123456789";

    @Test
    void alarmEventsReachWebhooksAndTheAlertTopicOnceEachWithRetriesAndWithoutAStorm() throws Exception {
        Registry fleet = FleetPlan.generate(1, 14);
        String lift = fleet.lifts().get(0).id();
        Vertx vertx = Vertx.vertx();
        List<JsonObject> delivered = new CopyOnWriteArrayList<>();
        List<PushSignature.Verdict> verdicts = new CopyOnWriteArrayList<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            // What a receiver does: check the signature and the timestamp before believing the body.
            verdicts.add(PushSignature.verify(SECRET, request.getHeader(PushSignature.ID),
                    request.getHeader(PushSignature.TIMESTAMP), body.getBytes(), request.getHeader(PushSignature.SIGNATURE),
                    Instant.now(), PushSignature.REPLAY_WINDOW));
            ids.add(request.getHeader(PushSignature.ID));
            if (requests.incrementAndGet() == 1) {
                request.response().setStatusCode(503).end();
                return;
            }
            delivered.add(body.toJsonObject());
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "notify-pub", 10, new Ledger())) {
            List<String> republished = new CopyOnWriteArrayList<>();
            MqttSubscriber listener = new MqttSubscriber(vertx, new MqttSubscriber.Settings(services.mqtt(), "alert-listener",
                    "lw/alerts/v1/#", Duration.ofMinutes(1), 100), (topic, payload, at, ack) -> {
                republished.add(topic);
                ack.run();
            }, System::currentTimeMillis);
            listener.connect();
            TestAlerts.defaults().withNotifications(List.of(new PushTarget("http://127.0.0.1:" + receiver.actualPort()
                    + "/hook", SECRET)), "lw/alerts/v1").deploy(vertx, services, "notify-alerts");
            publisher.connectShared(1);

            for (int seq = 1; seq <= 4; seq++) {
                publisher.publish(new FaultReport(new Envelope(lift, 1, seq, System.currentTimeMillis()),
                        FaultType.DOOR_CLOSE_FAILURE, true, "2", null));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 3);

            assertThat(delivered).extracting(event -> event.getString("kind") + "/" + event.getInteger("count"))
                    .containsExactlyInAnyOrder("raised/1", "repeated/2", "repeated/4");
            assertThat(requests.get()).as("the first delivery failed and was retried").isEqualTo(4);
            assertThat(verdicts).hasSize(4).containsOnly(PushSignature.Verdict.VALID);
            assertThat(ids).as("the failed delivery was retried under its own id").filteredOn(ids.get(0)::equals).hasSize(2);
            assertThat(new java.util.HashSet<>(ids)).as("three deliveries, one retried").hasSize(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> republished.size() == 3);
            assertThat(republished).containsOnly("lw/alerts/v1/" + lift);
            assertThat(services.text("SELECT string_agg(channel || ':' || attempts, ',' ORDER BY id) FROM notification"
                    + " WHERE delivered_at IS NOT NULL AND event_id = (SELECT min(event_id) FROM notification)"))
                    .isEqualTo("webhook:2,mqtt:1");
            listener.disconnect();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
