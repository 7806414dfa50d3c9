package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.FleetPublisher;
import io.liftwatch.simulator.Ledger;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Alarms through the real broker and database: one per lift and type, counted, cleared, suppressed, restart-safe. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIntegrationTest {
    private static final long T0 = 1_760_000_000_000L;
    private final Registry fleet = FleetPlan.generate(4, 2);
    @AutoClose
    private LiveServices services;
    private Vertx vertx;
    private String deployment;
    private FleetPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        services = LiveServices.start(fleet);
        vertx = TestAlerts.vertxClosedWith(services);
        deployAlerts();
        publisher = services.closesFirst(new FleetPublisher(services.mqtt(), "alerts-pub", 100, new Ledger()));
        publisher.connectShared(1);
    }

    private void deployAlerts() throws Exception {
        deployment = TestAlerts.defaults().deploy(vertx, services, "alerts-test");
    }

    private String lift(int index) {
        return fleet.lifts().get(index).id();
    }

    private static FaultReport entrapment(String lift, long seq, long ts, boolean raised) {
        return new FaultReport(new Envelope(lift, 1, seq, ts), FaultType.ENTRAPMENT, raised, "3", null);
    }

    @Test
    void alertsLogsInAsItsOwnRoleNotTheSchemasOwner() throws Exception {
        assertThat(services.text("SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'alerts'")).isEqualTo("lw_alerts");
    }

    @Test
    void twoFaultsAtTheSameInstantMakeOneAlarmCountedTwiceAndARedeliveryChangesNothing() throws Exception {
        String lift = lift(0);
        publisher.publish(entrapment(lift, 10, T0, true));
        publisher.publish(entrapment(lift, 11, T0, true));
        publisher.publish(entrapment(lift, 10, T0, true));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text("SELECT count || '/' || status || '/' || severity FROM alarm WHERE lift_id = '" + lift + "'"),
                value -> "2/raised/critical".equals(value));

        // Redelivered after its batch committed: found in the database, not in the batch.
        publisher.publish(entrapment(lift, 11, T0, true));
        publisher.publish(entrapment(lift, 12, T0 + 60_000, false));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text("SELECT status FROM alarm WHERE lift_id = '" + lift + "'"), "cleared"::equals);
        assertThat(text("SELECT string_agg(kind, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '" + lift + "'"))
                .isEqualTo("raised,repeated,cleared");
        assertThat(count("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'")).isEqualTo(1);
    }

    @Test
    void aLastWillRaisesOfflineAndReconnectingClearsIt() throws Exception {
        String lift = lift(1);
        publisher.publish(new ConnectionReport(new Envelope(lift, 1, 2, T0), false, null));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text("SELECT type || '/' || status FROM alarm WHERE lift_id = '" + lift + "'"), "offline/raised"::equals);

        publisher.publish(new ConnectionReport(new Envelope(lift, 2, 0, T0 + 5_000), true, null));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text("SELECT status || '/' || cleared_by FROM alarm WHERE lift_id = '" + lift + "'"), "cleared/device"::equals);
    }

    @Test
    void offlineDuringInspectionIsRecordedAsSuppressed() throws Exception {
        String lift = lift(2);
        publisher.publish(new EventReport(new Envelope(lift, 1, 1, T0), EventType.INSPECTION_MODE, null, null));
        publisher.publish(new ConnectionReport(new Envelope(lift, 1, 3, T0 + 1_000), false, null));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "' AND kind = 'suppressed'") == 1);
        assertThat(count("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'")).isZero();
    }

    @Test
    void messagesArrivingWhileAlertsIsDownAreEvaluatedOnceAfterItRestarts() throws Exception {
        String lift = lift(3);
        publisher.publish(entrapment(lift, 20, T0, true));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'") == 1);

        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        publisher.publish(entrapment(lift, 21, T0 + 1_000, true));
        publisher.publish(entrapment(lift, 22, T0 + 2_000, true));
        assertThat(publisher.drain(10_000)).isTrue();
        deployAlerts();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                text("SELECT count FROM alarm WHERE lift_id = '" + lift + "'"), "3"::equals);
        assertThat(count("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "'")).isEqualTo(3);
    }

    private String text(String sql) throws Exception {
        return services.text(sql);
    }

    private long count(String sql) throws Exception {
        return services.count(sql);
    }
}
