package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
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
 * The rescue clock on the service's clock, which the test moves: an unacknowledged entrapment escalates,
 * a missed arrival is an alarm of its own, the technician's arrival (inspection mode) ends it, and the
 * release closes the rescue.
 */
@IntegrationTest
class RescueClockIntegrationTest {

    @Test
    void anEntrapmentEscalatesBreachesTheArrivalLimitAndIsClosedByArrivalAndRelease() throws Exception {
        Registry fleet = FleetPlan.generate(1, 12);
        String lift = fleet.lifts().get(0).id();
        try (LiveServices services = LiveServices.start(fleet);
             FleetPublisher publisher = new FleetPublisher(services.mqtt(), "rescue-pub", 10, new Ledger())) {
            Vertx vertx = Vertx.vertx();
            long now = System.currentTimeMillis();
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(now);
            TestAlerts.defaults().withRescue(Duration.ofMinutes(5), Duration.ofMinutes(30))
                    .deploy(vertx, services, "rescue-alerts", clock::get);
            publisher.connectShared(1);

            publisher.publish(new FaultReport(new Envelope(lift, 1, 1, now), FaultType.ENTRAPMENT, true, "4", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> services.text("SELECT count(*) FROM rescue"), "1"::equals);
            clock.addAndGet(Duration.ofMinutes(5).toMillis());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT string_agg(kind, ',' ORDER BY id) FROM alarm_event WHERE type = 'entrapment'"),
                    "raised,escalated"::equals);
            assertThat(services.text("SELECT count(*) FROM alarm WHERE type = 'rescue_late'")).isEqualTo("0");
            clock.addAndGet(Duration.ofMinutes(25).toMillis());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT severity || '/' || status FROM alarm WHERE type = 'rescue_late'"),
                    "critical/raised"::equals);

            publisher.publish(new EventReport(new Envelope(lift, 1, 2, now + 3_000), EventType.INSPECTION_MODE, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT status FROM alarm WHERE type = 'rescue_late'"), "cleared"::equals);
            publisher.publish(new FaultReport(new Envelope(lift, 1, 3, now + 60_000), FaultType.ENTRAPMENT, false, "4", null));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    services.text("SELECT released_at IS NOT NULL FROM rescue"), "t"::equals);

            assertThat(services.text("SELECT concat_ws(',', acknowledged_at IS NULL, escalated_at - raised_at,"
                    + " arrival_breached_at - raised_at, arrival_limit, arrived_by) FROM rescue"))
                    .isEqualTo("t,00:05:00,00:30:00,00:30:00,device (inspection mode)");
            assertThat(services.text("SELECT string_agg(kind, ',' ORDER BY id) FROM alarm_event WHERE type = 'entrapment'"))
                    .isEqualTo("raised,escalated,arrived,cleared");
            // The finished rescue is a record regulators rely on: chained as it was released, and intact.
            assertThat(services.text("SELECT kind || ':' || seq FROM audit_chain")).isEqualTo("rescue:1");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(services.db.url(), services.db.user(),
                    services.db.password())) {
                assertThat(io.liftwatch.common.audit.AuditChain.verify(c, lift).intact()).isTrue();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
