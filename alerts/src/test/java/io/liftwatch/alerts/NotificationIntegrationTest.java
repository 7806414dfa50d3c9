package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.liftwatch.common.mqtt.MqttSubscriber;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks retried until delivered and signed, MQTT republishing, and storm control on repeats. */
class NotificationIntegrationTest {
    private static final String SECRET = "s3cret";

    @Test
    void alarmEventsReachWebhooksAndTheAlertTopicOnceEachWithRetriesAndWithoutAStorm() throws Exception {
        Registry fleet = FleetPlan.generate(1, 14);
        String lift = fleet.lifts().get(0).id();
        Vertx vertx = Vertx.vertx();
        List<JsonObject> delivered = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (requests.incrementAndGet() == 1) {
                request.response().setStatusCode(503).end();
                return;
            }
            delivered.add(body.toJsonObject());
            signatures.add(request.getHeader("x-liftwatch-signature") + " " + sign(body.toString()));
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
            TestAlerts.defaults().withNotifications(List.of("http://127.0.0.1:" + receiver.actualPort() + "/hook"),
                    SECRET, "lw/alerts/v1").deploy(vertx, services, "notify-alerts");
            publisher.connectShared(1);

            for (int seq = 1; seq <= 4; seq++) {
                publisher.publish(new FaultReport(new Envelope(lift, 1, seq, System.currentTimeMillis()),
                        FaultType.DOOR_CLOSE_FAILURE, true, "2", null));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 3);

            assertThat(delivered).extracting(event -> event.getString("kind") + "/" + event.getInteger("count"))
                    .containsExactlyInAnyOrder("raised/1", "repeated/2", "repeated/4");
            assertThat(requests.get()).as("the first delivery failed and was retried").isEqualTo(4);
            assertThat(signatures).allSatisfy(pair -> {
                String[] parts = pair.split(" ");
                assertThat(parts[0]).isEqualTo("sha256=" + parts[1]);
            });
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

    private static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
