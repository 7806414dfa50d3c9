package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.StatusReport;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Thresholds per lift, the on-demand maintenance policy and periodic inspections; the clock is the test's. */
class LiftPoliciesTest {
    private static final String SLOW = "31103201162023010001";
    private static final String PLAIN = "31103201162023010002";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY = 86_400_000L;

    private final Map<String, RuleSettings> overrides = new HashMap<>();
    private final AlarmRules rules = new AlarmRules(lift -> overrides.getOrDefault(lift, RuleSettings.defaults()), ZONE);

    private static StatusReport trapped(String lift, long seq) {
        return new StatusReport(new Envelope(lift, 1, seq, seq), ServiceMode.NORMAL, false, "none", "3", true, true,
                true, "mains", false, false, null, null);
    }

    private static CounterReport counters(long seq, long runs, long doorCycles) {
        return new CounterReport(new Envelope(SLOW, 1, seq, seq), runs, runs * 14, doorCycles, runs * 3, BigDecimal.ONE);
    }

    @Test
    void eachLiftHasItsOwnThresholds() {
        overrides.put(SLOW, RuleSettings.defaults().with(new JsonObject().put("entrapmentAfterSeconds", 60)));
        rules.evaluate(trapped(SLOW, 1), 0);
        rules.evaluate(trapped(PLAIN, 1), 0);

        assertThat(rules.due(30_000)).extracting(AlarmChange::liftId).containsExactly(PLAIN);
        assertThat(rules.due(60_000)).singleElement().satisfies(c -> {
            assertThat(c.liftId()).isEqualTo(SLOW);
            assertThat(c.detail()).endsWith("for 60 s");
        });
    }

    @Test
    void overridesAreCheckedKeyByKey() {
        RuleSettings defaults = RuleSettings.defaults();

        assertThat(defaults.with(new JsonObject().put("doorReopenLimit", 6)).doorReopenLimit()).isEqualTo(6);
        assertThatThrownBy(() -> defaults.with(new JsonObject().put("entrapmentSeconds", 60)))
                .hasMessageContaining("unknown rule setting 'entrapmentSeconds'");
        assertThatThrownBy(() -> defaults.with(new JsonObject().put("doorReopenLimit", 2.5)))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> defaults.with(new JsonObject().put("doorCycleRatioClear", 2.5)))
                .hasMessageContaining("below doorCycleRatioRaise");
    }

    @Test
    void anOnDemandPolicyMakesMaintenanceDueByUsageCountedAcrossACounterReset() {
        overrides.put(SLOW, RuleSettings.defaults().with(new JsonObject().put("maintenanceRunsLimit", 1_000)
                .put("maintenanceIntervalDays", 30)));
        rules.knowVisit(SLOW, 0);

        assertThat(rules.evaluate(counters(1, 50_000, 60_000), DAY)).isEmpty();
        assertThat(rules.evaluate(counters(2, 50_600, 60_700), 2 * DAY)).isEmpty();
        assertThat(rules.evaluate(counters(3, 10, 12), 3 * DAY)).as("a reset starts a new baseline").isEmpty();
        assertThat(rules.evaluate(counters(4, 410, 500), 4 * DAY)).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(AlarmType.MAINTENANCE_DUE);
            assertThat(c.detail()).startsWith("1000 runs and 1188 door cycles since the last visit")
                    .contains("1000 runs or 30 days");
        });
        assertThat(rules.evaluate(counters(5, 500, 600), 5 * DAY)).as("already open").isEmpty();
        assertThat(rules.due(15 * DAY)).as("its own interval is 30 days, not 15").isEmpty();

        assertThat(rules.evaluate(new EventReport(new Envelope(SLOW, 1, 6, 6), EventType.INSPECTION_MODE, null, null),
                6 * DAY)).extracting(AlarmChange::type).contains(AlarmType.MAINTENANCE_DUE);
        assertThat(rules.evaluate(counters(7, 600, 700), 7 * DAY)).isEmpty();
        assertThat(rules.evaluate(counters(8, 1_599, 1_800), 8 * DAY)).isEmpty();
        assertThat(rules.due(36 * DAY - 1)).isEmpty();
        assertThat(rules.due(36 * DAY)).extracting(AlarmChange::type).containsExactly(AlarmType.MAINTENANCE_DUE);
    }

    @Test
    void aPeriodicInspectionIsRemindedThirtyDaysAheadOverdueOnItsDateAndClearedByTheNext() {
        LocalDate due = LocalDate.of(2026, 6, 30);
        long dueAt = due.atStartOfDay(ZONE).toInstant().toEpochMilli();
        long now = dueAt - 40 * DAY;

        assertThat(rules.inspectionDue(SLOW, due, now)).isEmpty();
        assertThat(rules.nextDeadline()).isEqualTo(dueAt - 30 * DAY);
        assertThat(rules.due(dueAt - 30 * DAY - 1)).isEmpty();
        assertThat(rules.due(dueAt - 30 * DAY)).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(AlarmType.INSPECTION_DUE);
            assertThat(c.severity()).isEqualTo(Severity.MINOR);
            assertThat(c.detail()).contains("2026-06-30");
        });
        List<AlarmChange> overdue = rules.due(dueAt);
        assertThat(overdue).extracting(AlarmChange::type, AlarmChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlarmType.INSPECTION_OVERDUE, AlarmChange.Kind.RAISE),
                org.assertj.core.groups.Tuple.tuple(AlarmType.INSPECTION_DUE, AlarmChange.Kind.CLEAR));
        assertThat(rules.inspectionDue(SLOW, due, dueAt + DAY)).as("the same record again").isEmpty();

        assertThat(rules.inspectionDue(SLOW, due.plusYears(1), dueAt + 2 * DAY)).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(AlarmType.INSPECTION_OVERDUE);
            assertThat(c.kind()).isEqualTo(AlarmChange.Kind.CLEAR);
        });
        assertThat(rules.due(dueAt + 300 * DAY)).isEmpty();
    }
}
