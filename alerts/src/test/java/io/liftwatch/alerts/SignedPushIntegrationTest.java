package io.liftwatch.alerts;

import io.liftwatch.common.registry.Lift;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One entrapment pushed to a webhook and to the city feed over real HTTP on 127.0.0.1: each receiver
 * verifies what it got with its own secret, neither secret validates the other's deliveries, and a
 * captured delivery replayed after the window is recognised as such.
 */
@IntegrationTest
class SignedPushIntegrationTest {
    private static final String HOOK_SECRET = "webhook-secret-0123456789";
    private static final String CITY_SECRET = "city-feed-secret-0123456789";

    /** One request as a receiver saw it. */
    private record Delivery(String id, String timestamp, String signature, byte[] body) {
        PushSignature.Verdict verify(String secret, Instant at) {
            return PushSignature.verify(secret, id, timestamp, body, signature, at, PushSignature.REPLAY_WINDOW);
        }
    }

    @Test
    void eachReceiverVerifiesWithItsOwnSecretOnly() throws Exception {
        Registry fleet = FleetPlan.generate(1, 23);
        Lift lift = fleet.lifts().get(0);
        Vertx vertx = Vertx.vertx();
        List<Delivery> toHook = new CopyOnWriteArrayList<>();
        List<Delivery> toCity = new CopyOnWriteArrayList<>();
        HttpServer hook = receiver(vertx, toHook);
        HttpServer city = receiver(vertx, toCity);
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "signed-pub", 10, new Ledger())) {
            TestAlerts.defaults()
                    .withNotifications(List.of(new PushTarget("http://127.0.0.1:" + hook.actualPort() + "/hook",
                            HOOK_SECRET)), null)
                    .withCityFeed(new PushTarget("http://localhost:" + city.actualPort() + "/feed", CITY_SECRET))
                    .deploy(vertx, services, "signed-alerts");
            publisher.connectShared(1);
            publisher.publish(new FaultReport(new Envelope(lift.id(), 1, 1, System.currentTimeMillis()),
                    FaultType.ENTRAPMENT, true, "3", null));

            await().atMost(Duration.ofSeconds(20)).until(() -> !toHook.isEmpty() && !toCity.isEmpty());
            Delivery webhook = toHook.get(0);
            Delivery feed = toCity.get(0);
            Instant now = Instant.now();
            assertThat(webhook.verify(HOOK_SECRET, now)).isEqualTo(PushSignature.Verdict.VALID);
            assertThat(feed.verify(CITY_SECRET, now)).isEqualTo(PushSignature.Verdict.VALID);
            assertThat(webhook.verify(CITY_SECRET, now)).as("the city's secret on a webhook delivery")
                    .isEqualTo(PushSignature.Verdict.BAD_SIGNATURE);
            assertThat(feed.verify(HOOK_SECRET, now)).as("a webhook's secret on the city's delivery")
                    .isEqualTo(PushSignature.Verdict.BAD_SIGNATURE);
            assertThat(feed.id()).isNotEqualTo(webhook.id());
            Instant later = Instant.ofEpochSecond(Long.parseLong(feed.timestamp()))
                    .plus(PushSignature.REPLAY_WINDOW).plusSeconds(1);
            assertThat(feed.verify(CITY_SECRET, later)).as("the same delivery replayed after the window")
                    .isEqualTo(PushSignature.Verdict.OUTSIDE_WINDOW);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpServer receiver(Vertx vertx, List<Delivery> into) throws Exception {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            into.add(new Delivery(request.getHeader(PushSignature.ID), request.getHeader(PushSignature.TIMESTAMP),
                    request.getHeader(PushSignature.SIGNATURE), body.getBytes()));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
