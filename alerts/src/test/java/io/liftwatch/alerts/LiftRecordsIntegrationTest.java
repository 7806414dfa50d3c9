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

/**
 * Inspection records and per-lift thresholds as the API stores them, read by the alerts service: an
 * overdue and an upcoming inspection raise their alarms, a newer record clears one after a restart
 * without raising anything twice, and a model's entrapment threshold applies unless a lift has its own.
 */
@IntegrationTest
class LiftRecordsIntegrationTest {

    @Test
    void inspectionRecordsAndLiftThresholdsDriveTheRules() throws Exception {
        Registry fleet = FleetPlan.generate(3, 4);
        String overdue = fleet.lifts().get(0).id();
        String upcoming = fleet.lifts().get(1).id();
        String patient = fleet.lifts().get(2).id();
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "records-pub", 10, new Ledger())) {
            services.execute("INSERT INTO inspection (lift_id, inspected_on, body, result, next_due, recorded_by) VALUES"
                    + " ('" + overdue + "', current_date - 400, 'Nanjing SEI', 'pass', current_date - 35, 'test'),"
                    + " ('" + upcoming + "', current_date - 350, 'Nanjing SEI', 'pass', current_date + 10, 'test')");
            services.execute("INSERT INTO rule_setting (scope, target, settings, updated_by) VALUES"
                    + " ('model', 'RETRO-630', '{\"entrapmentAfterSeconds\": 2}', 'test'),"
                    + " ('lift', '" + patient + "', '{\"entrapmentAfterSeconds\": 600}', 'test')");
            Vertx vertx = Vertx.vertx();
            String deployment = TestAlerts.defaults().deploy(vertx, services, "records-alerts");

            await().atMost(Duration.ofSeconds(10)).until(() -> services.text("SELECT string_agg(lift_id || ':' || type"
                    + " || ':' || severity, ',' ORDER BY lift_id) FROM alarm WHERE type LIKE 'inspection%'"),
                    (overdue + ":inspection_overdue:major," + upcoming + ":inspection_due:minor")::equals);

            // Both lifts report a passenger shut in at once. The model's 2 s applies to one; the other's own 600 s
            // overrides it. Its status goes first, so at the model's threshold its timer would expire no later
            // than the other's: once the other's alarm is there, the absence of its own settles it.
            publisher.connectShared(1);
            publisher.publish(trapped(patient));
            publisher.publish(trapped(upcoming));
            await().atMost(Duration.ofSeconds(15)).until(() -> services.count(
                    "SELECT count(*) FROM alarm WHERE type = 'entrapment' AND lift_id = '" + upcoming + "'") == 1);
            assertThat(services.count("SELECT count(*) FROM alarm WHERE type = 'entrapment' AND lift_id = '"
                    + patient + "'")).isZero();

            // The overdue lift passes; the upcoming one fails, which leaves it due from that day whatever its record says.
            services.execute("INSERT INTO inspection (lift_id, inspected_on, body, result, next_due, recorded_by)"
                    + " VALUES ('" + overdue + "', current_date, 'Nanjing SEI', 'pass', current_date + 365, 'test'),"
                    + " ('" + upcoming + "', current_date - 1, 'Nanjing SEI', 'fail', current_date + 300, 'test')");
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            TestAlerts.defaults().deploy(vertx, services, "records-alerts");
            await().atMost(Duration.ofSeconds(10)).until(() -> services.text("SELECT status || '/' || clear_reason"
                    + " FROM alarm WHERE lift_id = '" + overdue + "' AND type = 'inspection_overdue'"),
                    t -> t.startsWith("cleared/periodic inspection now due on"));
            await().atMost(Duration.ofSeconds(10)).until(() -> services.count("SELECT count(*) FROM alarm WHERE lift_id = '"
                    + upcoming + "' AND type = 'inspection_overdue' AND status <> 'cleared'") == 1);
            assertThat(services.count("SELECT count(*) FROM alarm_event WHERE kind = 'raised' AND type LIKE 'inspection%'"))
                    .as("nothing raised twice across the restart; the failed inspection's overdue alarm once").isEqualTo(3);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static StatusReport trapped(String lift) {
        return new StatusReport(new Envelope(lift, 1, 1, System.currentTimeMillis()), ServiceMode.NORMAL, false,
                "none", "2", true, true, true, "mains", false, false, 60, 0.0);
    }
}
