package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.FaultType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.StatusReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmRulesTest {
    private static final String LIFT = "31103201162023050042";
    private final AlarmRules rules = new AlarmRules();

    private java.util.List<AlarmChange> evaluate(io.liftwatch.common.wire.LiftMessage message) {
        return rules.evaluate(message, message.envelope().deviceTime());
    }

    private static Envelope at(long seq) {
        return new Envelope(LIFT, 5, seq, 1_760_000_000_000L + seq * 1000);
    }

    @Test
    void aRaisedFaultRaisesItsTypeWithTheTaxonomySeverity() {
        var changes = evaluate(new FaultReport(at(1), FaultType.UNINTENDED_MOVEMENT, true, "3", null));

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(AlarmChange.Kind.RAISE);
            assertThat(change.type()).isEqualTo("unintended_movement");
            assertThat(change.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(evaluate(new FaultReport(at(2), FaultType.UNINTENDED_MOVEMENT, false, "3", null)))
                .singleElement().extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.CLEAR);
    }

    @Test
    void goingOfflineRaisesAndComingBackClears() {
        assertThat(evaluate(new ConnectionReport(at(3), false, null))).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.RAISE))
                .satisfies(c -> assertThat(c.type()).isEqualTo(AlarmType.OFFLINE));
        assertThat(evaluate(new ConnectionReport(at(4), true, null))).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR));
    }

    @Test
    void offlineDuringInspectionIsSuppressedUntilTheLiftIsBackToNormal() {
        evaluate(new EventReport(at(10), EventType.INSPECTION_MODE, null, null));
        assertThat(evaluate(new ConnectionReport(at(11), false, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.SUPPRESS);

        evaluate(new EventReport(at(12), EventType.BACK_TO_NORMAL, null, null));
        assertThat(evaluate(new ConnectionReport(at(13), false, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.RAISE);
    }

    @Test
    void aLateStatusDoesNotChangeTheModeBack() {
        evaluate(status(20, ServiceMode.INSPECTION));
        evaluate(status(15, ServiceMode.NORMAL));

        assertThat(evaluate(new ConnectionReport(at(21), false, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.SUPPRESS);
    }

    @Test
    void aSeededModeCountsUntilNewerMessagesArrive() {
        rules.knowMode(LIFT, ServiceMode.INSPECTION);
        assertThat(evaluate(new ConnectionReport(at(30), false, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.SUPPRESS);
        evaluate(status(31, ServiceMode.NORMAL));
        assertThat(evaluate(new ConnectionReport(at(32), false, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.RAISE);
    }

    @Test
    void silenceRaisesOfflineOnceAndAnyMessageClearsIt() {
        assertThat(rules.silent(LIFT, 5_000, 180_000)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.RAISE))
                .satisfies(c -> assertThat(c.detail()).isEqualTo("no message for 180 s"));
        assertThat(rules.silent(LIFT, 6_000, 180_000)).isEmpty();

        assertThat(evaluate(status(50, ServiceMode.NORMAL))).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR))
                .satisfies(c -> assertThat(c.type()).isEqualTo(AlarmType.OFFLINE));
    }

    @Test
    void afterALastWillOnlyANewConnectionClearsOffline() {
        evaluate(new ConnectionReport(at(60), false, null));

        assertThat(evaluate(status(70, ServiceMode.NORMAL))).isEmpty();
        assertThat(rules.silent(LIFT, 9_000, 180_000)).isEmpty();
        assertThat(evaluate(new ConnectionReport(at(80), true, null))).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.CLEAR);
    }

    @Test
    void silenceDuringInspectionIsSuppressed() {
        evaluate(new EventReport(at(90), EventType.INSPECTION_MODE, null, null));

        assertThat(rules.silent(LIFT, 9_000, 180_000)).singleElement()
                .extracting(AlarmChange::kind).isEqualTo(AlarmChange.Kind.SUPPRESS);
    }

    @Test
    void statusAndRunsChangeNoAlarm() {
        assertThat(evaluate(status(40, ServiceMode.NORMAL))).isEmpty();
    }

    private static StatusReport status(long seq, ServiceMode mode) {
        return new StatusReport(at(seq), mode, false, "none", "1", true, true, false, "mains", false, false, null, null);
    }
}
