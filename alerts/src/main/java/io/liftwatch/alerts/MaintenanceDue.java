package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.CounterReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Maintenance at least every 15 days (TSG T5002), evidenced by the lift entering inspection mode while a
 * technician works. Each lift's deadline runs from its last visit — or, for a lift never seen visited,
 * from when it was first heard — and raises {@code maintenance_due} at its own instant; the next visit
 * clears it and starts the next interval. A lift under an on-demand policy has its own interval and is
 * also due once its runs or door cycles since the last visit reach the policy's limits, counted from
 * the counters' increases (a reset starts a new baseline and loses nothing already counted).
 */
final class MaintenanceDue {

    /** Counted since the last visit, and the last reading they were counted to. */
    private static final class Usage {
        long runs;
        long doorCycles;
        long lastRuns = -1;
        long lastDoorCycles = -1;
    }

    private final Function<String, RuleSettings> settings;
    private final Deadlines<String> deadlines = new Deadlines<>();
    private final Map<String, Usage> usage = new HashMap<>();

    MaintenanceDue(Function<String, RuleSettings> settings) {
        this.settings = settings;
    }

    void visited(String liftId, long at) {
        deadlines.set(liftId, at + interval(liftId));
        usage.remove(liftId);
    }

    void heard(String liftId, long at) {
        deadlines.startIfAbsent(liftId, at + interval(liftId));
    }

    /** Seeds what a lift under an on-demand policy has run since its last visit (at start-up). */
    void knowUsage(String liftId, long runs, long doorCycles, long lastRuns, long lastDoorCycles) {
        Usage known = new Usage();
        known.runs = runs;
        known.doorCycles = doorCycles;
        known.lastRuns = lastRuns;
        known.lastDoorCycles = lastDoorCycles;
        usage.put(liftId, known);
    }

    List<AlarmChange> onCounters(CounterReport counters, BiPredicate<String, String> open) {
        String lift = counters.liftId();
        RuleSettings policy = settings.apply(lift);
        if (policy.maintenanceRunsLimit() == 0 && policy.maintenanceDoorCyclesLimit() == 0) {
            return List.of();
        }
        Usage used = usage.computeIfAbsent(lift, k -> new Usage());
        if (used.lastRuns >= 0 && counters.runs() >= used.lastRuns && counters.doorCycles() >= used.lastDoorCycles) {
            used.runs += counters.runs() - used.lastRuns;
            used.doorCycles += counters.doorCycles() - used.lastDoorCycles;
        }
        used.lastRuns = counters.runs();
        used.lastDoorCycles = counters.doorCycles();
        boolean runsDue = policy.maintenanceRunsLimit() > 0 && used.runs >= policy.maintenanceRunsLimit();
        boolean doorsDue = policy.maintenanceDoorCyclesLimit() > 0 && used.doorCycles >= policy.maintenanceDoorCyclesLimit();
        if ((runsDue || doorsDue) && !open.test(lift, AlarmType.MAINTENANCE_DUE)) {
            return List.of(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.MAINTENANCE_DUE, Severity.MINOR,
                    counters.envelope().deviceTime(), used.runs + " runs and " + used.doorCycles
                    + " door cycles since the last visit (on-demand policy: " + limits(policy) + ")"));
        }
        return List.of();
    }

    List<AlarmChange> due(long now, BiPredicate<String, String> open) {
        List<AlarmChange> changes = new ArrayList<>();
        for (String lift : deadlines.expired(now)) {
            if (!open.test(lift, AlarmType.MAINTENANCE_DUE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.MAINTENANCE_DUE, Severity.MINOR, now,
                        "no maintenance visit (inspection mode) for " + interval(lift) / 86_400_000L + " days"));
            }
        }
        return changes;
    }

    long nextDeadline() {
        return deadlines.next();
    }

    private long interval(String liftId) {
        return settings.apply(liftId).maintenanceInterval().toMillis();
    }

    private static String limits(RuleSettings policy) {
        List<String> limits = new ArrayList<>();
        if (policy.maintenanceRunsLimit() > 0) {
            limits.add(policy.maintenanceRunsLimit() + " runs");
        }
        if (policy.maintenanceDoorCyclesLimit() > 0) {
            limits.add(policy.maintenanceDoorCyclesLimit() + " door cycles");
        }
        limits.add(policy.maintenanceInterval().toDays() + " days");
        return String.join(" or ", limits);
    }
}
