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
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The city's feed over real HTTP: critical events and rescue milestones in the feed's layout, with the
 * lift's place in the grid and its GB/T fault code; an ordinary fault does not go to the city.
 */
@IntegrationTest
class CityFeedIntegrationTest {

    @Test
    void theCityHearsCriticalEventsAndRescueMilestonesOnly() throws Exception {
        Registry fleet = FleetPlan.generate(1, 21);
        Lift lift = fleet.lifts().get(0);
        Vertx vertx = Vertx.vertx();
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        HttpServer city = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(body.toJsonObject());
            request.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "city-pub", 10, new Ledger())) {
            TestAlerts.defaults().withCityFeed(new PushTarget("http://127.0.0.1:" + city.actualPort() + "/feed",
                            "city-feed-secret-0123456789"))
                    .deploy(vertx, services, "city-alerts");
            publisher.connectShared(1);
            long now = System.currentTimeMillis();
            publisher.publish(new FaultReport(new Envelope(lift.id(), 1, 1, now), FaultType.DOOR_CLOSE_FAILURE, true, "2", null));
            publisher.publish(new FaultReport(new Envelope(lift.id(), 1, 2, now + 1), FaultType.ENTRAPMENT, true, "3", null));
            publisher.publish(new FaultReport(new Envelope(lift.id(), 1, 3, now + 2), FaultType.ENTRAPMENT, false, "3", null));

            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
            assertThat(received).extracting(m -> m.getJsonObject("alarm").getString("type") + "/"
                    + m.getJsonObject("alarm").getString("event")).containsExactlyInAnyOrder("entrapment/raised",
                    "entrapment/cleared");
            JsonObject raised = received.stream().filter(m -> m.getJsonObject("alarm").getString("event").equals("raised"))
                    .findFirst().orElseThrow();
            assertThat(raised.getString("schema")).isEqualTo(CityFeed.SCHEMA);
            assertThat(raised.getJsonObject("lift").getString("registrationCode")).isEqualTo(lift.id());
            assertThat(raised.getJsonObject("lift").getString("gridCell"))
                    .isEqualTo(fleet.stairwells().get(0).gridCell());
            assertThat(raised.getJsonObject("alarm").getInteger("gbtCode")).isEqualTo(FaultType.ENTRAPMENT.gbtCode());
            assertThat(raised.getJsonObject("alarm").getString("severity")).isEqualTo("critical");
            assertThat(services.count("SELECT count(*) FROM notification WHERE channel = 'city' AND delivered_at IS NOT NULL"))
                    .isEqualTo(2);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
