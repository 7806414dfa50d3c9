package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.StatusReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Alarms read from status that count only when the condition lasts: an entrapment inferred when the
 * controller does not report one (passenger present, door closed, car stopped, in normal service) and a
 * car stopped outside the door zone. A condition starts its timer at the first status that shows it
 * (receive time) and raises at the timer's own instant if no status has ended it; a status that ends it
 * stops the timer, or clears the alarm once raised. The holds are each lift's settings; field experience
 * sets the defaults: entrapment after 30 s; outside the door zone after 45 s (30 s gives false alarms).
 */
final class StatusConditions {
    record Condition(String type, Severity severity, Function<RuleSettings, Duration> hold,
                     Predicate<StatusReport> holds, String detail) {
    }

    record Key(String liftId, String type) {
    }

    private final List<Condition> conditions;
    private final Function<String, RuleSettings> settings;
    private final Deadlines<Key> timers = new Deadlines<>();

    StatusConditions(Function<String, RuleSettings> settings) {
        this.settings = settings;
        this.conditions = List.of(
                new Condition(AlarmType.ENTRAPMENT, Severity.CRITICAL, RuleSettings::entrapmentAfter,
                        s -> s.mode() == ServiceMode.NORMAL && s.passenger() && s.doorLocked() && !s.moving(),
                        "inferred: passenger in the car, door closed, car stopped"),
                new Condition(AlarmType.STOPPED_OUTSIDE_DOOR_ZONE, Severity.MAJOR, RuleSettings::outsideDoorZoneAfter,
                        s -> s.mode() == ServiceMode.NORMAL && !s.moving() && !s.doorZone(),
                        "inferred: car stopped outside the door zone"));
    }

    /**
     * Starts or stops the lift's timers; returns clears for conditions that ended while their alarm is
     * open ({@code open} tells which types are).
     */
    List<AlarmChange> onStatus(StatusReport status, long receivedAt, Predicate<String> open) {
        List<AlarmChange> changes = new ArrayList<>();
        for (Condition condition : conditions) {
            Key key = new Key(status.liftId(), condition.type());
            if (condition.holds().test(status)) {
                timers.startIfAbsent(key, receivedAt + condition.hold().apply(settings.apply(status.liftId())).toMillis());
            } else {
                timers.cancel(key);
                if (open.test(condition.type())) {
                    changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, status.liftId(), condition.type(), null,
                            status.envelope().deviceTime(), "condition ended"));
                }
            }
        }
        return changes;
    }

    /** Raises for every condition that has lasted its hold by {@code now}, unless its alarm is already open. */
    List<AlarmChange> due(long now, java.util.function.BiPredicate<String, String> open) {
        List<AlarmChange> changes = new ArrayList<>();
        for (Key key : timers.expired(now)) {
            Condition condition = conditions.stream().filter(c -> c.type().equals(key.type())).findFirst().orElseThrow();
            if (!open.test(key.liftId(), key.type())) {
                changes.add(new AlarmChange(AlarmChange.Kind.RAISE, key.liftId(), key.type(), condition.severity(), now,
                        condition.detail() + " for " + condition.hold().apply(settings.apply(key.liftId())).toSeconds()
                                + " s"));
            }
        }
        return changes;
    }

    long nextDeadline() {
        return timers.next();
    }
}
