package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may clear what, and device order, as the rules decide them (no services): a status that shows a
 * normal, idle, levelled car with no passenger never ends what the controller reported; each source lets
 * go by its own clear; and a message older in (boot, seq) than the one that last changed an alarm is
 * late — it neither raises nor clears. Order holds within a boot: another boot is another power-up of the
 * controller, whose boot number may go down.
 */
class AlarmSourcesTest {
    private static final String LIFT = "31103201162023050042";
    private static final long T0 = 1_760_000_000_000L;
    private final AlarmRules rules = new AlarmRules();

    private static Envelope at(long boot, long seq) {
        return new Envelope(LIFT, boot, seq, T0 + boot * 1_000_000 + seq);
    }

    private static FaultReport fault(FaultType type, long boot, long seq, boolean raised) {
        return new FaultReport(at(boot, seq), type, raised, "3", null);
    }

    /** A normal, idle car, levelled, door open or closed, and no passenger: nothing the rules could infer. */
    private static StatusReport idle(long boot, long seq) {
        return new StatusReport(at(boot, seq), ServiceMode.NORMAL, false, "none", "3", true, true, false, "mains",
                false, false, null, null);
    }

    private static StatusReport trapped(long boot, long seq) {
        return new StatusReport(at(boot, seq), ServiceMode.NORMAL, false, "none", "3", false, true, true, "mains",
                false, false, null, null);
    }

    private List<AlarmChange> evaluate(LiftMessage message, long receivedAt) {
        return rules.evaluate(message, receivedAt);
    }

    private List<AlarmChange.Kind> kinds(LiftMessage message, long receivedAt) {
        return evaluate(message, receivedAt).stream().map(AlarmChange::kind).toList();
    }

    @Test
    void aReportedEntrapmentOutlastsAnyNumberOfIdleStatusesAndEndsOnlyWithTheControllersClear() {
        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 1, true), 0)).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.DEVICE));
        for (int seq = 2; seq < 10; seq++) {
            assertThat(evaluate(idle(1, seq), seq * 1_000L)).isEmpty();
        }
        assertThat(rules.due(3_600_000)).isEmpty();

        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 10, false), 10_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.DEVICE));
    }

    @Test
    void aReportedSafetyCircuitFaultIsNotClearedByStatus() {
        evaluate(fault(FaultType.SAFETY_CIRCUIT_OPEN, 1, 1, true), 0);
        assertThat(evaluate(idle(1, 2), 1_000)).isEmpty();
        assertThat(evaluate(fault(FaultType.SAFETY_CIRCUIT_OPEN, 1, 3, false), 2_000)).extracting(AlarmChange::kind)
                .containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void theInferredEntrapmentStillClearsOnStatus() {
        evaluate(trapped(1, 1), 0);
        assertThat(rules.due(30_000)).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.INFERRED))
                .satisfies(c -> assertThat(c.order()).isEqualTo(new AlarmChange.Order(1, 1)));

        assertThat(evaluate(idle(1, 2), 31_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.INFERRED));
    }

    @Test
    void anAlarmBothSourcesRaisedClearsOnlyWhenBothHaveLetGo() {
        evaluate(trapped(1, 1), 0);
        rules.due(30_000);
        evaluate(fault(FaultType.ENTRAPMENT, 1, 2, true), 31_000);

        // The status ends the inferred hold; the controller's report still holds the alarm open.
        assertThat(evaluate(idle(1, 3), 32_000)).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.INFERRED));
        assertThat(evaluate(idle(1, 4), 33_000)).isEmpty();
        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 5, false), 34_000)).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.DEVICE));
        // Nothing holds it now: a further clear changes nothing.
        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 6, false), 35_000)).isEmpty();
    }

    @Test
    void aPersonsClearEndsEveryHold() {
        evaluate(fault(FaultType.ENTRAPMENT, 1, 1, true), 0);
        rules.clearedByPerson(LIFT, "entrapment");

        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 2, false), 1_000)).isEmpty();
        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 3, true), 2_000)).extracting(AlarmChange::kind)
                .containsExactly(AlarmChange.Kind.RAISE);
    }

    @Test
    void aDeviceClearOlderInSequenceThanTheRaiseIsLate() {
        evaluate(fault(FaultType.ENTRAPMENT, 1, 20, true), 0);

        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 19, false), 1_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.LATE))
                .satisfies(c -> assertThat(c.detail()).contains("(1, 19)").contains("(1, 20)"));
        // Still open: the controller's own newer clear ends it.
        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1, 21, false), 2_000)).extracting(AlarmChange::kind)
                .containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aRaiseFromALowerBootAfterAPersonsClearOpensTheAlarmAndSaysTheBootWentDown() {
        // One message with a boot far ahead (a clock gone wrong), then the controller's real, lower boot.
        evaluate(fault(FaultType.ENTRAPMENT, 1_900_000_000L, 2, true), 0);
        rules.clearedByPerson(LIFT, "entrapment");

        assertThat(evaluate(fault(FaultType.ENTRAPMENT, 1_796_387_809L, 999_998, true), 1_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.RAISE))
                .satisfies(c -> assertThat(c.detail()).contains("boot went down from 1900000000 to 1796387809"));
        assertThat(kinds(fault(FaultType.POWER_FAILURE, 1_796_387_809L, 999_999, true), 2_000))
                .containsExactly(AlarmChange.Kind.RAISE);
    }

    @Test
    void aDeviceRaiseFromAnotherBootReopensAClearedAlarm() {
        evaluate(fault(FaultType.SAFETY_CIRCUIT_OPEN, 2, 1, true), 0);
        evaluate(fault(FaultType.SAFETY_CIRCUIT_OPEN, 2, 2, false), 1_000);

        assertThat(kinds(fault(FaultType.SAFETY_CIRCUIT_OPEN, 1, 500, true), 2_000))
                .containsExactly(AlarmChange.Kind.RAISE);
        assertThat(kinds(fault(FaultType.SAFETY_CIRCUIT_OPEN, 1, 501, false), 3_000))
                .containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aRedeliveredRaiseAfterAPersonsClearInTheSameBootDoesNotRaiseAgain() {
        evaluate(fault(FaultType.ENTRAPMENT, 5, 10, true), 0);
        rules.clearedByPerson(LIFT, "entrapment");

        assertThat(kinds(fault(FaultType.ENTRAPMENT, 5, 10, true), 1_000)).containsExactly(AlarmChange.Kind.LATE);
        assertThat(kinds(fault(FaultType.ENTRAPMENT, 5, 9, true), 2_000)).containsExactly(AlarmChange.Kind.LATE);
        // A raise the person could not have seen when clearing is a new occurrence.
        assertThat(kinds(fault(FaultType.ENTRAPMENT, 5, 11, true), 3_000)).containsExactly(AlarmChange.Kind.RAISE);
    }

    @Test
    void aRedeliveredClearFromBeforeTheControllerRestartedDoesNotCloseTheNewBootsRaise() {
        evaluate(fault(FaultType.DOOR_LOCK_CIRCUIT_OPEN, 1, 20, true), 0);
        evaluate(fault(FaultType.DOOR_LOCK_CIRCUIT_OPEN, 1, 21, false), 1_000);
        evaluate(fault(FaultType.DOOR_LOCK_CIRCUIT_OPEN, 2, 1, true), 2_000);

        assertThat(evaluate(fault(FaultType.DOOR_LOCK_CIRCUIT_OPEN, 1, 21, false), 3_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.LATE))
                .satisfies(c -> assertThat(c.detail()).contains("(1, 21)"));
        assertThat(kinds(fault(FaultType.DOOR_LOCK_CIRCUIT_OPEN, 2, 2, false), 4_000))
                .containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aStatusFromALowerBootStillFeedsTheInferredEntrapment() {
        evaluate(idle(1_900_000_000L, 2), 0);
        evaluate(trapped(1_796_387_809L, 5), 1_000);

        assertThat(rules.due(31_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.RAISE))
                .satisfies(c -> assertThat(c.type()).isEqualTo(AlarmType.ENTRAPMENT));
    }

    @Test
    void aPowerFailureTheControllerReportedOutlastsEveryHeartbeatAndEndsWithItsOwnClear() {
        assertThat(kinds(fault(FaultType.POWER_FAILURE, 1, 1, true), 0)).containsExactly(AlarmChange.Kind.RAISE);
        for (int seq = 2; seq < 20; seq++) {
            assertThat(evaluate(idle(1, seq), seq * 1_000L)).as("heartbeat %d with power mains", seq).isEmpty();
        }
        assertThat(evaluate(fault(FaultType.POWER_FAILURE, 1, 20, false), 20_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.DEVICE));
    }

    @Test
    void mainsPowerBackEndsOnlyAPowerFailureThatTheEventRaised() {
        evaluate(new EventReport(at(1, 1), EventType.MAINS_POWER_LOST, null, null), 0);
        assertThat(evaluate(idle(1, 2), 1_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.detail()).isEqualTo("mains power back"));

        // The event and the fault both: the fault's hold outlasts mains power.
        evaluate(new EventReport(at(1, 3), EventType.MAINS_POWER_LOST, null, null), 2_000);
        evaluate(fault(FaultType.POWER_FAILURE, 1, 4, true), 3_000);
        assertThat(evaluate(idle(1, 5), 4_000)).isEmpty();
        assertThat(kinds(fault(FaultType.POWER_FAILURE, 1, 6, false), 5_000)).containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aPersonsClearEndsTheFaultsHoldSoMainsPowerEndsALaterEventsAlarm() {
        evaluate(fault(FaultType.POWER_FAILURE, 1, 1, true), 0);
        rules.clearedByPerson(LIFT, AlarmType.POWER_FAILURE);
        evaluate(new EventReport(at(1, 2), EventType.MAINS_POWER_LOST, null, null), 1_000);

        assertThat(kinds(idle(1, 3), 2_000)).containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aSeededFaultHoldOutlastsHeartbeatsAfterARestart() {
        rules.knowOpen(LIFT, AlarmType.POWER_FAILURE, java.util.Set.of(AlarmSource.DEVICE));
        rules.knowReported(LIFT, AlarmType.POWER_FAILURE);

        assertThat(evaluate(idle(1, 1), 0)).isEmpty();
    }

    @Test
    void aDeviceEventOlderThanTheOneThatRaisedIsLate() {
        evaluate(new EventReport(at(1, 10), EventType.EARTHQUAKE, null, null), 0);

        assertThat(evaluate(new EventReport(at(1, 9), EventType.BACK_TO_NORMAL, null, null), 1_000))
                .extracting(AlarmChange::kind).containsExactly(AlarmChange.Kind.LATE);
        assertThat(evaluate(new EventReport(at(1, 11), EventType.BACK_TO_NORMAL, null, null), 2_000))
                .extracting(AlarmChange::kind).containsExactly(AlarmChange.Kind.CLEAR);
    }

    @Test
    void aStaleStatusNeitherStartsNorStopsAnInferredCondition() {
        evaluate(trapped(1, 10), 0);
        // Older than the status that started the condition: it does not stop the timer ...
        assertThat(evaluate(idle(1, 9), 1_000)).isEmpty();
        assertThat(rules.due(30_000)).extracting(AlarmChange::kind).containsExactly(AlarmChange.Kind.RAISE);
        // ... nor, once raised, clear the alarm; nor does a status from an earlier boot.
        assertThat(evaluate(idle(1, 8), 31_000)).isEmpty();
        assertThat(evaluate(idle(1, 11), 33_000)).extracting(AlarmChange::kind).containsExactly(AlarmChange.Kind.CLEAR);

        // And a stale status showing the condition starts nothing.
        evaluate(trapped(1, 5), 40_000);
        assertThat(rules.due(500_000)).isEmpty();
    }

    @Test
    void anInferredRaiseAsOfAStatusOlderThanTheControllersClearIsLate() {
        evaluate(trapped(1, 1), 0);
        evaluate(fault(FaultType.ENTRAPMENT, 1, 2, true), 1_000);
        evaluate(fault(FaultType.ENTRAPMENT, 1, 3, false), 2_000);

        // The condition timer started with status 1; the controller's clear (seq 3) is newer.
        assertThat(rules.due(30_000)).extracting(AlarmChange::kind).containsExactly(AlarmChange.Kind.LATE);
    }

    @Test
    void timersRunOnReceiveTimeWhateverTheDeviceOrder() {
        rules.silent(LIFT, 0, 180_000);
        // Silence ended by any message of the lift, even one from an earlier boot: it proves the lift is alive.
        assertThat(evaluate(idle(0, 1), 1_000)).extracting(AlarmChange::type).containsExactly(AlarmType.OFFLINE);
    }
}
