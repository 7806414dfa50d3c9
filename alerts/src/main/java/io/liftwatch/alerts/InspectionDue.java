package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.Severity;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The periodic inspection (定期检验) each lift must pass by the due date its last certificate gives: a
 * reminder ({@code inspection_due}) from the warning period before it (30 days by default), and an
 * alarm of its own once the date has passed ({@code inspection_overdue}). A newer inspection moves the
 * date and clears what it answers. Dates are days in the service's zone; each raises at its own instant.
 */
final class InspectionDue {

    private final ZoneId zone;
    private final Function<String, RuleSettings> settings;
    private final Map<String, LocalDate> nextDue = new HashMap<>();
    private final Deadlines<String> reminders = new Deadlines<>();
    private final Deadlines<String> overdue = new Deadlines<>();

    InspectionDue(ZoneId zone, Function<String, RuleSettings> settings) {
        this.zone = zone;
        this.settings = settings;
    }

    /** The lift's next due date as the newest inspection record gives it; clears alarms it answers. */
    List<AlarmChange> dueOn(String lift, LocalDate next, long now, BiPredicate<String, String> open) {
        LocalDate previous = nextDue.put(lift, next);
        if (next.equals(previous)) {
            return List.of();
        }
        long overdueAt = millis(next);
        long remindAt = millis(next.minusDays(settings.apply(lift).inspectionWarning().toDays()));
        reminders.set(lift, remindAt);
        overdue.set(lift, overdueAt);
        List<AlarmChange> changes = new ArrayList<>();
        String detail = "periodic inspection now due on " + next;
        if (now < remindAt && open.test(lift, AlarmType.INSPECTION_DUE)) {
            changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.INSPECTION_DUE, null, now, detail));
        }
        if (now < overdueAt && open.test(lift, AlarmType.INSPECTION_OVERDUE)) {
            changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.INSPECTION_OVERDUE, null, now, detail));
        }
        return changes;
    }

    List<AlarmChange> due(long now, BiPredicate<String, String> open) {
        List<AlarmChange> changes = new ArrayList<>();
        for (String lift : overdue.expired(now)) {
            reminders.cancel(lift);
            if (!open.test(lift, AlarmType.INSPECTION_OVERDUE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.INSPECTION_OVERDUE, Severity.MAJOR, now,
                        "periodic inspection overdue since " + nextDue.get(lift)));
            }
            if (open.test(lift, AlarmType.INSPECTION_DUE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.INSPECTION_DUE, null, now, "now overdue"));
            }
        }
        for (String lift : reminders.expired(now)) {
            if (!open.test(lift, AlarmType.INSPECTION_DUE) && !open.test(lift, AlarmType.INSPECTION_OVERDUE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.INSPECTION_DUE, Severity.MINOR, now,
                        "periodic inspection due on " + nextDue.get(lift)));
            }
        }
        return changes;
    }

    long nextDeadline() {
        return Math.min(reminders.next(), overdue.next());
    }

    private long millis(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
