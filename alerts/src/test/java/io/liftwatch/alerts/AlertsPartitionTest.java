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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two alerts instances share a fleet by configuration (0/2 and 1/2) on the real broker and database:
 * every lift's fault becomes exactly one alarm with the right count, none missing and none twice, and a
 * person's acknowledgement is applied once although both instances are signalled.
 */
@IntegrationTest
class AlertsPartitionTest {

    @Test
    void twoInstancesShareTheFleetWithoutDuplicateOrMissingAlarms() throws Exception {
        Registry fleet = FleetPlan.generate(24, 6);
        Partition first = new Partition(0, 2);
        assertThat(fleet.lifts()).as("both instances own some lifts")
                .anyMatch(l -> first.owns(l.id())).anyMatch(l -> !first.owns(l.id()));
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "partition-pub", 1000, new Ledger())) {
            Vertx vertx = Vertx.vertx();
            TestAlerts.defaults().withPartition(first).deploy(vertx, services, "alerts-a");
            TestAlerts.defaults().withPartition(new Partition(1, 2)).deploy(vertx, services, "alerts-b");
            publisher.connectShared(2);

            long now = System.currentTimeMillis();
            for (int round = 1; round <= 2; round++) {
                for (Lift lift : fleet.lifts()) {
                    publisher.publish(new FaultReport(new Envelope(lift.id(), 1, round, now + round),
                            FaultType.DOOR_OPEN_FAILURE, true, "2", null));
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> services.count(
                    "SELECT count(*) FROM alarm WHERE count = 2") == fleet.lifts().size());
            assertThat(services.count("SELECT count(*) FROM alarm")).isEqualTo(fleet.lifts().size());
            assertThat(services.count("SELECT count(DISTINCT lift_id) FROM alarm")).isEqualTo(fleet.lifts().size());
            assertThat(services.count("SELECT count(*) FROM alarm_event WHERE kind = 'raised'"))
                    .isEqualTo(fleet.lifts().size());

            // One acknowledgement per partition's alarm, signalled to both instances.
            services.execute("INSERT INTO alarm_command (alarm_id, action, actor) SELECT id, 'acknowledge', 'dispatcher'"
                    + " FROM alarm");
            services.execute("NOTIFY alarm_command");
            await().atMost(Duration.ofSeconds(20)).until(() -> services.count(
                    "SELECT count(*) FROM alarm WHERE status = 'acknowledged'") == fleet.lifts().size());
            assertThat(services.count("SELECT count(*) FROM alarm_event WHERE kind = 'acknowledged'"))
                    .isEqualTo(fleet.lifts().size());
            assertThat(services.count("SELECT count(*) FROM alarm_event WHERE kind = 'refused'")).isZero();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
