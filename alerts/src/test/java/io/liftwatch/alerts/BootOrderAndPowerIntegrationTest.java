package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
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
 * Device order through the real broker and database: order holds within one boot of the controller, so
 * a message with a boot far ahead does not make the controller's genuine reports late, while a
 * redelivery in the same boot still changes nothing; and a power failure the controller reported as a
 * fault outlasts its heartbeats with power mains — across a restart of alerts too — and ends with that
 * fault's clear, while one that event 41 raised still ends when mains power is back.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootOrderAndPowerIntegrationTest {
    private static final long BOGUS_BOOT = 1_900_000_000L;
    private static final long REAL_BOOT = 1_796_387_809L;
    private final Registry fleet = FleetPlan.generate(6, 5);
    @AutoClose
    private LiveServices services;
    private Vertx vertx;
    private String deployment;
    private FleetPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        services = LiveServices.start(fleet);
        vertx = TestAlerts.vertxClosedWith(services);
        deployment = TestAlerts.defaults().deploy(vertx, services, "boot-order-alerts");
        publisher = services.closesFirst(new FleetPublisher(services.mqtt(), "boot-order-pub", 100, new Ledger()));
        publisher.connectShared(1);
    }

    private String lift(int index) {
        return fleet.lifts().get(index).id();
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

    private String text(String sql) throws Exception {
        return services.text(sql);
    }

    private void awaitText(String sql, String expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> services.text(sql), expected::equals);
    }

    @Test
    void aRaiseFromTheControllersLowerBootAfterAPersonsClearOpensTheAlarmAndItsRescue() throws Exception {
        String lift = lift(0);
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
        String lift = lift(1);
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
        String lift = lift(2);
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
        String reported = lift(3);
        String event = lift(4);
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
        deployment = TestAlerts.defaults().deploy(vertx, services, "boot-order-alerts");

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
}
