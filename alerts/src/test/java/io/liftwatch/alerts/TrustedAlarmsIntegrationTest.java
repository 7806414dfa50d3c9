package io.liftwatch.alerts;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarms and rescues a safety inspector can trust, through the real broker and database, on a clock the
 * test moves: controllers that report an entrapment or an open safety circuit while their status shows a
 * normal, idle, levelled car with no passenger (as many retrofit controllers without a passenger sensor
 * do) keep the alarm and the rescue open until the controller's clear or a technician's release; the
 * rescue goes late at its district's limit; the inferred entrapment still clears on status; and late
 * messages are recorded without changing anything.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedAlarmsIntegrationTest {
    private static final String OTHER_DISTRICT = "320115";
    private final Registry fleet = FleetPlan.generate(8, 5);
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    @AutoClose
    private LiveServices services;
    private Vertx vertx;
    private FleetPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        services = LiveServices.start(fleet);
        // Lift 1 stands in a district whose arrival limit is one hour (TSG T5002: one hour outside cities
        // with districts); the others keep the default 30 minutes.
        services.execute("UPDATE stairwell SET district_code = '" + OTHER_DISTRICT + "' WHERE id = '"
                + fleet.lifts().get(1).stairwellId() + "'");
        services.execute("INSERT INTO rule_setting (scope, target, settings, updated_by) VALUES ('district', '"
                + OTHER_DISTRICT + "', '{\"rescueArrivalMinutes\": 60}', 'bureau')");
        vertx = TestAlerts.vertxClosedWith(services);
        TestAlerts.defaults().withRescue(Duration.ofHours(3), Duration.ofMinutes(30))
                .deploy(vertx, services, "trusted-alerts", clock::get);
        publisher = services.closesFirst(new FleetPublisher(services.mqtt(), "trusted-pub", 100, new Ledger()));
        publisher.connectShared(1);
    }

    private String lift(int index) {
        return fleet.lifts().get(index).id();
    }

    private Envelope at(String lift, long seq) {
        return new Envelope(lift, 1, seq, clock.get() + seq);
    }

    private void fault(String lift, FaultType type, long seq, boolean raised) throws Exception {
        publisher.publish(new FaultReport(at(lift, seq), type, raised, "3", null));
    }

    /** What a controller without a passenger sensor reports: normal, idle, levelled, door closed, nobody inside. */
    private void idle(String lift, long seq) throws Exception {
        publisher.publish(new StatusReport(at(lift, seq), ServiceMode.NORMAL, false, "none", "3", true, true, false,
                "mains", false, false, null, null));
    }

    private void trapped(String lift, long seq) throws Exception {
        publisher.publish(new StatusReport(at(lift, seq), ServiceMode.NORMAL, false, "none", "3", false, true, true,
                "mains", false, false, null, null));
    }

    private String text(String sql) throws Exception {
        return services.text(sql);
    }

    private void awaitText(String sql, String expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> services.text(sql), expected::equals);
    }

    private void command(String lift, String type, String action, String reason) throws Exception {
        services.execute("INSERT INTO alarm_command (alarm_id, action, actor, reason) SELECT id, '" + action
                + "', 'tech-wang', " + (reason == null ? "NULL" : "'" + reason + "'") + " FROM alarm WHERE lift_id = '"
                + lift + "' AND type = '" + type + "' AND status <> 'cleared'");
        services.execute("NOTIFY alarm_command");
    }

    @Test
    void aReportedEntrapmentStaysOpenThroughIdleStatusesGoesLateAtItsDistrictsLimitAndEndsWithTheControllersClear()
            throws Exception {
        String thirty = lift(0);
        String sixty = lift(1);
        fault(thirty, FaultType.ENTRAPMENT, 1, true);
        fault(sixty, FaultType.ENTRAPMENT, 1, true);
        awaitText("SELECT count(*) FROM rescue WHERE lift_id IN ('" + thirty + "', '" + sixty + "')", "2");
        for (long seq = 2; seq <= 6; seq++) {
            idle(thirty, seq);
            idle(sixty, seq);
        }
        // A marker after the statuses: once it is in, the statuses before it have been evaluated.
        fault(thirty, FaultType.STUCK_BUTTON, 7, true);
        fault(sixty, FaultType.STUCK_BUTTON, 7, true);
        awaitText("SELECT count(*) FROM alarm WHERE type = 'stuck_button' AND lift_id IN ('" + thirty + "', '" + sixty
                + "')", "2");
        assertThat(text("SELECT string_agg(DISTINCT status, ',') FROM alarm WHERE type = 'entrapment' AND lift_id IN ('"
                + thirty + "', '" + sixty + "')")).isEqualTo("raised");

        clock.addAndGet(Duration.ofMinutes(30).toMillis());
        awaitText("SELECT status FROM alarm WHERE lift_id = '" + thirty + "' AND type = 'rescue_late'", "raised");
        assertThat(text("SELECT string_agg(status || ':' || array_to_string(open_sources, '+'), ',') FROM alarm"
                + " WHERE lift_id = '" + thirty + "' AND type = 'entrapment'")).isEqualTo("raised:device");
        assertThat(text("SELECT released_at IS NULL FROM rescue WHERE lift_id = '" + thirty + "'")).isEqualTo("t");
        assertThat(text("SELECT count(*) FROM alarm WHERE lift_id = '" + sixty + "' AND type = 'rescue_late'"))
                .isEqualTo("0");

        clock.addAndGet(Duration.ofMinutes(30).toMillis());
        awaitText("SELECT status FROM alarm WHERE lift_id = '" + sixty + "' AND type = 'rescue_late'", "raised");
        assertThat(text("SELECT string_agg(arrival_limit::text, ',' ORDER BY lift_id) FROM rescue WHERE lift_id IN ('"
                + thirty + "', '" + sixty + "')")).isEqualTo(thirty.compareTo(sixty) < 0
                ? "00:30:00,01:00:00" : "01:00:00,00:30:00");

        fault(thirty, FaultType.ENTRAPMENT, 8, false);
        awaitText("SELECT status || '/' || cleared_by FROM alarm WHERE lift_id = '" + thirty + "' AND type = 'entrapment'",
                "cleared/device");
        assertThat(text("SELECT cause FROM rescue WHERE lift_id = '" + thirty + "'"))
                .isEqualTo("the controller cleared the entrapment");
    }

    @Test
    void aReportedSafetyCircuitFaultStaysOpenThroughIdleStatusesUntilATechnicianClearsIt() throws Exception {
        String lift = lift(2);
        fault(lift, FaultType.SAFETY_CIRCUIT_OPEN, 1, true);
        idle(lift, 2);
        idle(lift, 3);
        fault(lift, FaultType.DOOR_CLOSE_FAILURE, 4, true); // a marker: once it is in, so are the statuses before it
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'", "2");
        assertThat(text("SELECT status FROM alarm WHERE lift_id = '" + lift + "' AND type = 'safety_circuit_open'"))
                .isEqualTo("raised");

        command(lift, "safety_circuit_open", "clear", "safety circuit repaired, contact 3 replaced");
        awaitText("SELECT status || '/' || cleared_by || '/' || cardinality(open_sources) FROM alarm WHERE lift_id = '"
                + lift + "' AND type = 'safety_circuit_open'", "cleared/tech-wang/0");
        assertThat(text("SELECT string_agg(kind || ':' || source, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '"
                + lift + "' AND type = 'safety_circuit_open'")).isEqualTo("raised:device,cleared:person");
    }

    @Test
    void aTechniciansReleaseWithACauseEndsAReportedEntrapmentAndItsRescue() throws Exception {
        String lift = lift(3);
        fault(lift, FaultType.ENTRAPMENT, 1, true);
        idle(lift, 2);
        awaitText("SELECT count(*) FROM rescue WHERE lift_id = '" + lift + "'", "1");

        command(lift, "entrapment", "clear", "passengers released at floor 3; door operator reset");
        awaitText("SELECT cause FROM rescue WHERE lift_id = '" + lift + "' AND released_at IS NOT NULL",
                "passengers released at floor 3; door operator reset");
    }

    @Test
    void theInferredEntrapmentStillClearsOnStatus() throws Exception {
        String lift = lift(4);
        trapped(lift, 1);
        fault(lift, FaultType.STUCK_BUTTON, 2, true); // the status before it has been evaluated once this is in
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "'", "1");
        clock.addAndGet(Duration.ofSeconds(31).toMillis());
        awaitText("SELECT status || ':' || array_to_string(sources, '+') FROM alarm WHERE lift_id = '" + lift
                + "' AND type = 'entrapment'", "raised:inferred");

        // A status older than the one that showed the condition (a late delivery) clears nothing.
        publisher.publish(new StatusReport(new Envelope(lift, 1, 0, clock.get()), ServiceMode.NORMAL, false, "none",
                "3", true, true, false, "mains", false, false, null, null));
        fault(lift, FaultType.STUCK_BUTTON, 3, false);
        awaitText("SELECT status FROM alarm WHERE lift_id = '" + lift + "' AND type = 'stuck_button'", "cleared");
        assertThat(text("SELECT status FROM alarm WHERE lift_id = '" + lift + "' AND type = 'entrapment'"))
                .isEqualTo("raised");

        idle(lift, 4);
        awaitText("SELECT status || '/' || cleared_by FROM alarm WHERE lift_id = '" + lift + "' AND type = 'entrapment'",
                "cleared/inferred");
        assertThat(text("SELECT released_at IS NOT NULL FROM rescue WHERE lift_id = '" + lift + "'")).isEqualTo("t");
    }

    @Test
    void whenTheInferenceAlsoSeesAReportedEntrapmentItIsOneAlarmThatOnlyTheControllersClearEnds() throws Exception {
        String lift = lift(6);
        fault(lift, FaultType.ENTRAPMENT, 1, true);
        trapped(lift, 2);
        fault(lift, FaultType.STUCK_BUTTON, 3, true); // once it is in, the status before it has been evaluated
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "' AND type = 'stuck_button'", "1");
        clock.addAndGet(Duration.ofSeconds(31).toMillis());
        awaitText("SELECT array_to_string(open_sources, '+') FROM alarm WHERE lift_id = '" + lift
                + "' AND type = 'entrapment' AND status <> 'cleared'", "device+inferred");

        idle(lift, 4);
        awaitText("SELECT array_to_string(open_sources, '+') FROM alarm WHERE lift_id = '" + lift
                + "' AND type = 'entrapment' AND status <> 'cleared'", "device");
        fault(lift, FaultType.ENTRAPMENT, 5, false);
        awaitText("SELECT count(*) FROM alarm WHERE lift_id = '" + lift + "' AND type = 'entrapment'"
                + " AND status <> 'cleared'", "0");
        assertThat(text("SELECT string_agg(e.kind || ':' || e.source, ',' ORDER BY e.id) FROM alarm_event e"
                + " JOIN alarm a ON a.id = e.alarm_id WHERE a.lift_id = '" + lift + "' AND a.type = 'entrapment'"))
                .isEqualTo("raised:device,repeated:inferred,source_cleared:inferred,cleared:device");
    }

    @Test
    void aLiftDeletedFromTheRegistryAfterTheScreenReadItRaisesNothingAndHoldsNothingUp() throws Exception {
        String gone = lift(7);
        services.execute("DELETE FROM lift WHERE id = '" + gone + "'");
        fault(gone, FaultType.ENTRAPMENT, 1, true);
        fault(lift(3), FaultType.OVERSPEED, 50, true);

        awaitText("SELECT status FROM alarm WHERE lift_id = '" + lift(3) + "' AND type = 'overspeed'", "raised");
        assertThat(text("SELECT count(*) FROM alarm WHERE lift_id = '" + gone + "'")).isEqualTo("0");
        assertThat(text("SELECT count(*) FROM rescue WHERE lift_id = '" + gone + "'")).isEqualTo("0");
    }

    @Test
    void lateMessagesAreRecordedButNeitherClearNorRaise() throws Exception {
        String lift = lift(5);
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 20, true);
        awaitText("SELECT status FROM alarm WHERE lift_id = '" + lift + "'", "raised");

        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 19, false); // older in sequence than the raise
        publisher.publish(new FaultReport(new Envelope(lift, 0, 900, clock.get()), FaultType.OVERSPEED, false, "3",
                null)); // an earlier boot, clearing what was never raised: nothing to record
        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 18, true); // older in sequence than the raise
        awaitText("SELECT string_agg(kind, ',' ORDER BY id) FROM alarm_event WHERE lift_id = '" + lift + "'",
                "raised,late,late");
        assertThat(text("SELECT status || '/' || count FROM alarm WHERE lift_id = '" + lift + "'")).isEqualTo("raised/1");
        assertThat(text("SELECT count(*) FROM alarm_event e JOIN alarm a ON a.id = e.alarm_id WHERE e.kind = 'late'"
                + " AND a.lift_id = '" + lift + "'")).as("late events are in their alarm's history").isEqualTo("2");

        fault(lift, FaultType.DOOR_LOCK_CIRCUIT_OPEN, 21, false);
        awaitText("SELECT status FROM alarm WHERE lift_id = '" + lift + "'", "cleared");
    }
}
