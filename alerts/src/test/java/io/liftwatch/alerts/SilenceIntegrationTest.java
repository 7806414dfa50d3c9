package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A lift that falls silent is offline at its own deadline, within a second, and back when heard from. */
@IntegrationTest
class SilenceIntegrationTest {
    private static final Duration SILENCE = Duration.ofSeconds(2);

    @Test
    void aSilentLiftIsOfflineWithinASecondOfItsDeadline() throws Exception {
        Registry fleet = FleetPlan.generate(1, 8);
        String lift = fleet.lifts().get(0).id();
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "silence-pub", 10, new Ledger())) {
            Vertx vertx = Vertx.vertx();
            TestAlerts.defaults().withSilence(SILENCE).deploy(vertx, services, "silence-alerts");
            publisher.connectShared(1);

            long heard = System.currentTimeMillis();
            publisher.publish(status(lift, 1));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT status FROM alarm WHERE lift_id = '" + lift + "' AND type = 'offline'"),
                    "raised"::equals);
            long raisedAfter = services.count("SELECT (extract(epoch FROM first_seen) * 1000)::bigint FROM alarm"
                    + " WHERE lift_id = '" + lift + "'") - heard;
            assertThat(raisedAfter).as("ms from the last message to the offline alarm")
                    .isBetween(SILENCE.toMillis(), SILENCE.toMillis() + 1_000);
            assertThat(services.text("SELECT actor || ': ' || detail FROM alarm_event WHERE lift_id = '" + lift + "'"))
                    .isEqualTo("rule: no message for 2 s");

            publisher.publish(status(lift, 2));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT status || '/' || clear_reason FROM alarm WHERE lift_id = '" + lift + "'"),
                    "cleared/heard again"::equals);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static StatusReport status(String lift, long seq) {
        return new StatusReport(new Envelope(lift, 1, seq, System.currentTimeMillis()), ServiceMode.NORMAL, false,
                "none", "1", true, true, false, "mains", false, false, null, null);
    }
}
