package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions from status that must last, and event-driven alarms; the clock is the test's. */
class LastingConditionsTest {
    private static final String LIFT = "31103201162023050042";
    private final AlarmRules rules = new AlarmRules();

    private static StatusReport status(long seq, boolean moving, boolean doorZone, boolean doorLocked,
                                       boolean passenger, ServiceMode mode, String power) {
        return new StatusReport(new Envelope(LIFT, 1, seq, 1_760_000_000_000L + seq), mode, moving,
                moving ? "up" : "none", "3", doorZone, doorLocked, passenger, power, false, false, null, null);
    }

    private static StatusReport trapped(long seq) {
        return status(seq, false, false, true, true, ServiceMode.NORMAL, "mains");
    }

    private static StatusReport released(long seq) {
        return status(seq, false, true, false, false, ServiceMode.NORMAL, "mains");
    }

    @Test
    void anEntrapmentIsInferredWhenTheConditionLasts30Seconds() {
        assertThat(rules.evaluate(trapped(1), 0)).isEmpty();
        assertThat(rules.evaluate(trapped(2), 10_000)).isEmpty();
        assertThat(rules.nextDeadline()).isEqualTo(30_000);
        assertThat(rules.due(29_999)).isEmpty();

        List<AlarmChange> raised = rules.due(30_000);
        assertThat(raised).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlarmChange.Kind.RAISE);
            assertThat(c.type()).isEqualTo("entrapment");
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.detail()).startsWith("inferred");
        });
        assertThat(rules.evaluate(released(3), 31_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.type()).isEqualTo("entrapment"));
    }

    @Test
    void aConditionThatEndsInTimeRaisesNothing() {
        rules.evaluate(trapped(1), 0);
        rules.evaluate(released(2), 20_000);

        assertThat(rules.due(100_000)).isEmpty();
    }

    @Test
    void theCarOutsideTheDoorZoneWaits45SecondsNot30() {
        rules.evaluate(status(1, false, false, true, false, ServiceMode.NORMAL, "mains"), 0);

        assertThat(rules.due(30_000)).isEmpty();
        assertThat(rules.due(45_000)).singleElement().extracting(AlarmChange::type).isEqualTo("stopped_outside_door_zone");
    }

    @Test
    void anEntrapmentTheControllerReportedIsJoinedByTheInferredOneNotRaisedTwice() {
        rules.evaluate(new FaultReport(new Envelope(LIFT, 1, 1, 0), FaultType.ENTRAPMENT, true, "3", null), 0);
        rules.evaluate(trapped(2), 0);

        // One alarm: the inferred condition joins the reported one as a second source (a repeat), once.
        assertThat(rules.due(60_000)).filteredOn(c -> c.type().equals("entrapment")).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(AlarmSource.INFERRED));
        rules.evaluate(trapped(3), 61_000);
        assertThat(rules.due(200_000)).filteredOn(c -> c.type().equals("entrapment")).isEmpty();
    }

    @Test
    void aTechnicianInTheCarIsNoEntrapment() {
        rules.evaluate(status(1, false, false, true, true, ServiceMode.INSPECTION, "mains"), 0);

        assertThat(rules.due(100_000)).isEmpty();
    }

    @Test
    void powerFailureIsClearedWhenMainsPowerIsBack() {
        assertThat(rules.evaluate(new EventReport(new Envelope(LIFT, 1, 1, 0), EventType.MAINS_POWER_LOST, null, null), 0))
                .singleElement().satisfies(c -> assertThat(c.type()).isEqualTo("power_failure"));
        assertThat(rules.evaluate(status(2, false, true, true, false, ServiceMode.EMERGENCY_POWER, "battery"), 1))
                .isEmpty();
        assertThat(rules.evaluate(status(3, false, true, true, false, ServiceMode.NORMAL, "mains"), 2))
                .singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.type()).isEqualTo("power_failure"));
    }

    @Test
    void anEarthquakeIsCriticalUntilTheLiftIsBackToNormal() {
        assertThat(rules.evaluate(new EventReport(new Envelope(LIFT, 1, 1, 0), EventType.EARTHQUAKE, null, null), 0))
                .singleElement().satisfies(c -> assertThat(c.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(rules.evaluate(new EventReport(new Envelope(LIFT, 1, 2, 0), EventType.BACK_TO_NORMAL, null, null), 1))
                .singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR));
    }

    @Test
    void thePassengerAlarmButtonRaisesAnAlarmForAPerson() {
        assertThat(rules.evaluate(new EventReport(new Envelope(LIFT, 1, 1, 0), EventType.ALARM_BUTTON, "4", null), 0))
                .singleElement().satisfies(c -> assertThat(c.type()).isEqualTo("alarm_button"))
                .satisfies(c -> assertThat(c.severity()).isEqualTo(Severity.MAJOR));
    }

    @Test
    void theDoorOpeningFourTimesAtOneStopIsAnAlarmUntilTheCarMovesOn() {
        long seq = 1;
        rules.evaluate(status(seq++, false, true, true, false, ServiceMode.NORMAL, "mains"), 0);
        for (int opening = 1; opening <= 3; opening++) {
            assertThat(rules.evaluate(status(seq++, false, true, false, true, ServiceMode.NORMAL, "mains"), 0)).isEmpty();
            rules.evaluate(status(seq++, false, true, true, true, ServiceMode.NORMAL, "mains"), 0);
        }
        assertThat(rules.evaluate(status(seq++, false, true, false, true, ServiceMode.NORMAL, "mains"), 0))
                .singleElement().satisfies(c -> assertThat(c.type()).isEqualTo("repeated_door_reopen"))
                .satisfies(c -> assertThat(c.severity()).isEqualTo(Severity.MINOR));
        assertThat(rules.evaluate(status(seq, true, false, true, true, ServiceMode.NORMAL, "mains"), 0))
                .extracting(AlarmChange::type, AlarmChange::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("repeated_door_reopen", AlarmChange.Kind.CLEAR));
    }

    @Test
    void maintenanceIsDueFifteenDaysAfterTheLastVisitAndTheNextVisitClearsIt() {
        long day = 86_400_000L;
        rules.knowVisit(LIFT, 0);
        rules.evaluate(status(1, false, true, true, false, ServiceMode.NORMAL, "mains"), day);

        assertThat(rules.due(15 * day - 1)).isEmpty();
        assertThat(rules.nextDeadline()).isEqualTo(15 * day);
        assertThat(rules.due(15 * day)).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo("maintenance_due"))
                .satisfies(c -> assertThat(c.detail()).contains("15 days"));
        assertThat(rules.evaluate(new EventReport(new Envelope(LIFT, 1, 2, 0), EventType.INSPECTION_MODE, null, null),
                16 * day)).extracting(AlarmChange::type).contains("maintenance_due");
        assertThat(rules.due(30 * day)).isEmpty();
        assertThat(rules.due(31 * day)).extracting(AlarmChange::type).containsExactly("maintenance_due");
    }

    @Test
    void doorCyclesAboveTwoPerRunRaiseAWarningThatClearsOnlyBelowTheLowerLevel() {
        long hour = 3_600_000L;
        long[] counters = {1_000, 1_300};
        java.util.function.LongFunction<List<AlarmChange>> reading = seq -> rules.evaluate(
                new io.liftwatch.common.wire.CounterReport(new Envelope(LIFT, 1, seq, seq * hour), counters[0],
                        counters[0] * 14, counters[1], counters[0] * 3, java.math.BigDecimal.ONE), 0);
        reading.apply(1);
        counters[0] += 40;
        counters[1] += 100;
        assertThat(reading.apply(2)).as("too few runs to judge").isEmpty();
        counters[0] += 40;
        counters[1] += 100;
        assertThat(reading.apply(3)).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo("door_cycle_ratio"))
                .satisfies(c -> assertThat(c.detail()).startsWith("2.50 door cycles per run"));

        counters[0] += 100;
        counters[1] += 150;
        assertThat(reading.apply(4)).as("1.94 is below the limit but above the clear level").isEmpty();
        counters[0] += 200;
        counters[1] += 200;
        assertThat(reading.apply(5)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR));
    }
}
