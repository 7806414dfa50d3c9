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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fault storm — a controller raising and clearing the same fault again and again — is counted across
 * its clears, and notifications go out at the 1st, 2nd, 4th and 8th raise (and the clears that follow
 * them). Alerts restarted in the middle of the storm keeps counting where it was: the count and the
 * schedule live in the database, not in the process.
 */
@IntegrationTest
class StormRestartIntegrationTest {

    @Test
    void aRestartMidStormKeepsTheRepeatCountAndTheNotifySchedule() throws Exception {
        Registry fleet = FleetPlan.generate(1, 21);
        String lift = fleet.lifts().get(0).id();
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "storm-pub", 100, new Ledger())) {
            Vertx vertx = Vertx.vertx();
            TestAlerts alerts = TestAlerts.defaults().withNotifications(java.util.List.of(), "lw/alerts/v1");
            String first = alerts.deploy(vertx, services, "storm-alerts");
            publisher.connectShared(1);
            long now = System.currentTimeMillis();
            long seq = 0;
            for (int flap = 1; flap <= 5; flap++) {
                publisher.publish(new FaultReport(new Envelope(lift, 1, ++seq, now + seq), FaultType.DOOR_CLOSE_FAILURE,
                        true, "2", null));
                publisher.publish(new FaultReport(new Envelope(lift, 1, ++seq, now + seq), FaultType.DOOR_CLOSE_FAILURE,
                        false, "2", null));
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    services.count("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "'") == 10);

            vertx.undeploy(first).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            alerts.deploy(vertx, services, "storm-alerts");
            for (int flap = 6; flap <= 9; flap++) {
                publisher.publish(new FaultReport(new Envelope(lift, 1, ++seq, now + seq), FaultType.DOOR_CLOSE_FAILURE,
                        true, "2", null));
                publisher.publish(new FaultReport(new Envelope(lift, 1, ++seq, now + seq), FaultType.DOOR_CLOSE_FAILURE,
                        false, "2", null));
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    services.count("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "'") == 18);

            assertThat(services.text("SELECT occurrences FROM alarm_rule_state WHERE lift_id = '" + lift + "'"))
                    .isEqualTo("9");
            // The nth raise is the nth alarm of the storm (each flap clears it): notified at 1, 2, 4, 8.
            assertThat(services.text("""
                    SELECT string_agg(n::text, ',' ORDER BY n) FROM (
                        SELECT row_number() OVER (ORDER BY e.id) AS n, e.id FROM alarm_event e
                        WHERE e.lift_id = '%s' AND e.kind = 'raised') r
                    WHERE EXISTS (SELECT 1 FROM notification o WHERE o.event_id = r.id)""".formatted(lift)))
                    .isEqualTo("1,2,4,8");
            assertThat(services.count("SELECT count(*) FROM notification o JOIN alarm_event e ON e.id = o.event_id"
                    + " WHERE e.lift_id = '" + lift + "' AND e.kind = 'cleared'")).isEqualTo(4);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
