package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Maintenance at least every 15 days (TSG T5002), evidenced by the lift entering inspection mode while a
 * technician works. Each lift's deadline runs from its last visit — or, for a lift never seen visited,
 * from when it was first heard — and raises {@code maintenance_due} at its own instant; the next visit
 * clears it and starts the next interval.
 */
final class MaintenanceDue {
    static final String TYPE = "maintenance_due";

    private final long intervalMillis;
    private final Deadlines<String> deadlines = new Deadlines<>();

    MaintenanceDue(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    void visited(String liftId, long at) {
        deadlines.set(liftId, at + intervalMillis);
    }

    void heard(String liftId, long at) {
        deadlines.startIfAbsent(liftId, at + intervalMillis);
    }

    List<AlarmChange> due(long now, BiPredicate<String, String> open) {
        List<AlarmChange> changes = new ArrayList<>();
        for (String lift : deadlines.expired(now)) {
            if (!open.test(lift, TYPE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.RAISE, lift, TYPE, Severity.MINOR, now,
                        "no maintenance visit (inspection mode) for " + intervalMillis / 86_400_000L + " days"));
            }
        }
        return changes;
    }

    long nextDeadline() {
        return deadlines.next();
    }
}
