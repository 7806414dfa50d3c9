package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
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

/**
 * Alarms through the real broker and database: one per lift and type, counted, cleared, suppressed,
 * restart-safe. Device order holds within one boot of the controller, so a message with a boot far ahead
 * does not make the controller's genuine reports late, while a redelivery in the same boot still changes
 * nothing; and a power failure the controller reported as a fault outlasts its heartbeats with power mains
 * — across a restart too — and ends with that fault's clear, while one that event 41 raised still ends
 * when mains power is back.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIntegrationTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long BOGUS_BOOT = 1_900_000_000L;
    private static final long REAL_BOOT = 1_796_387_809L;
    private final Registry fleet = FleetPlan.generate(9, 2);
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

    private void fault(String lift, FaultType type, long boot, long seq, boolean raised) throws Exception {
        publisher.publish(new FaultReport(new Envelope(lift, boot, seq, System.currentTimeMillis()), type, raised, "3",
                null));
    }

    /** An ordinary heartbeat: normal, idle, levelled, and power mains, as every status carries it. */
    private void heartbeat(String lift, long boot, long seq) throws Exception {
        publisher.publish(new StatusReport(new Envelope(lift, boot, seq, System.currentTimeMillis()), ServiceMode.NORMAL,
                false, "none", "3", true, true, false, "mains", false, false, null, null));
    }

    /** A fault raised after the messages before it: once its alarm is in, they have been evaluated. */
    private void marker(String lift, long boot, long seq) throws Exception {
        fault(lift, FaultType.STUCK_BUTTON, boot, seq, true);
        awaitText("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "' AND type = 'stuck_button'"
                + " AND source_boot = " + boot + " AND source_seq = " + seq, "1");
    }

    private void clearByPerson(String lift, String type) throws Exception {
        services.execute("INSERT INTO alarm_command (alarm_id, action, actor, reason) SELECT id, 'clear', 'tech-wang',"
                + " 'passengers released' FROM alarm WHERE lift_id = '" + lift + "' AND type = '" + type
                + "' AND status <> 'cleared'");
        services.execute("NOTIFY alarm_command");
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "' AND type = '" + type
                + "' AND status <> 'cleared'", "0");
    }

    private void awaitText(String sql, String expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> services.text(sql), expected::equals);
    }

    @Test
    void aRaiseFromTheControllersLowerBootAfterAPersonsClearOpensTheAlarmAndItsRescue() throws Exception {
        String lift = lift(4);
        fault(lift, FaultType.ENTRAPMENT, BOGUS_BOOT, 2, true);
        awaitText("SELECT count(*) FROM rescue WHERE lift_id = '" + lift + "'", "1");
        clearByPerson(lift, "entrapment");

        fault(lift, FaultType.ENTRAPMENT, REAL_BOOT, 999_998, true);
        fault(lift, FaultType.POWER_FAILURE, REAL_BOOT, 999_999, true);
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "' AND status = 'raised'", "2");
        assertThat(text("SELECT count(*) FROM rescue WHERE lift_id = '" + lift + "' AND released_at IS NULL"))
                .isEqualTo("1");
        assertThat(text("SELECT detail FROM alarm_event WHERE lift_id = '" + lift + "' AND type = 'entrapment'"
                + " AND kind = 'raised' AND source_boot = " + REAL_BOOT))
                .isEqualTo("boot went down from " + BOGUS_BOOT + " to " + REAL_BOOT + ", taken as a new power-up");
        assertThat(text("SELECT count(*) FROM alarm_event WHERE lift_id = '" + lift + "' AND kind = 'late'"))
                .isEqualTo("0");
    }

    @Test
    void aRedeliveredOrOlderRaiseAfterAPersonsClearInTheSameBootRaisesNothing() throws Exception {
        String lift = lift(5);
        fault(lift, FaultType.ENTRAPMENT, 7, 10, true);
        awaitText("SELECT count(*) FROM rescue WHERE lift_id = '" + lift + "'", "1");
        clearByPerson(lift, "entrapment");

        fault(lift, FaultType.ENTRAPMENT, 7, 10, true); // redelivered: already applied, nothing to record
        fault(lift, FaultType.ENTRAPMENT, 7, 9, true); // sent before the raise the person cleared
        marker(lift, 7, 11);

        assertThat(text("SELECT string_agg(status, ',') FROM alarm WHERE lift_id = '" + lift + "' AND type = 'entrapment'"))
                .isEqualTo("cleared");
        assertThat(text("SELECT string_agg(kind || ':' || source, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '"
                + lift + "' AND type = 'entrapment'")).isEqualTo("raised:device,cleared:person,late:device");
        assertThat(text("SELECT count(*) FROM rescue WHERE lift_id = '" + lift + "'")).isEqualTo("1");
    }

    @Test
    void aLateClearFromBeforeTheControllerRestartedDoesNotCloseTheNewBootsRaise() throws Exception {
        String lift = lift(6);
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 3, 20, true);
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 3, 21, false);
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 4, 1, true);
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 3, 19, false); // the earlier boot, older than its own clear
        marker(lift, 4, 2);

        assertThat(text("SELECT string_agg(status, ',' ORDER BY id) FROM alarm WHERE lift_id = '" + lift
                + "' AND type = 'door_lock_circuit_open'")).isEqualTo("cleared,raised");
        assertThat(text("SELECT string_agg(kind, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '" + lift
                + "' AND type = 'door_lock_circuit_open'")).isEqualTo("raised,cleared,raised,late");
    }

    @Test
    void aReportedPowerFailureOutlastsHeartbeatsAndARestartAndEndsWithTheFaultsClear() throws Exception {
        String reported = lift(7);
        String event = lift(8);
        fault(reported, FaultType.POWER_FAILURE, 1, 1, true);
        publisher.publish(new EventReport(new Envelope(event, 1, 1, System.currentTimeMillis()),
                EventType.MAINS_POWER_LOST, null, null));
        for (long seq = 2; seq <= 6; seq++) {
            heartbeat(reported, 1, seq);
        }
        marker(reported, 1, 7);
        assertThat(text("SELECT status || ':' || array_to_string(open_sources, '+') FROM alarm WHERE lift_id = '"
                + reported + "' AND type = 'power_failure'")).isEqualTo("raised:device");

        // Restarted, alerts reads who holds the open power failures; ingest has stored event 41.
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + event + "' AND type = 'power_failure'", "1");
        services.execute("INSERT INTO lift_event (lift_id, ts, boot, seq, received_at, type, gbt_code) VALUES ('"
                + event + "', now(), 1, 1, now(), 'mains_power_lost', 41)");
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        deployAlerts();

        for (long seq = 8; seq <= 10; seq++) {
            heartbeat(reported, 1, seq);
        }
        heartbeat(event, 1, 2);
        marker(reported, 1, 11);
        awaitText("SELECT status || '/' || clear_reason FROM alarm WHERE lift_id = '" + event
                + "' AND type = 'power_failure'", "cleared/mains power back");
        assertThat(text("SELECT status FROM alarm WHERE lift_id = '" + reported + "' AND type = 'power_failure'"))
                .isEqualTo("raised");

        fault(reported, FaultType.POWER_FAILURE, 1, 12, false);
        awaitText("SELECT status || '/' || cleared_by FROM alarm WHERE lift_id = '" + reported
                + "' AND type = 'power_failure'", "cleared/device");
        assertThat(text("SELECT string_agg(kind || ':' || source, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '"
                + reported + "' AND type = 'power_failure'")).isEqualTo("raised:device,cleared:device");
    }

    private String text(String sql) throws Exception {
        return services.text(sql);
    }

    private long count(String sql) throws Exception {
        return services.count(sql);
    }
}
