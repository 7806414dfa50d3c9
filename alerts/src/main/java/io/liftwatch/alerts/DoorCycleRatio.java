package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.CounterReport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Door cycles per run over the last days: healthy doors cycle 1.0–1.5 times a run, a sustained ratio
 * above 2 points to door trouble or abuse. Increases come from consecutive counter readings (a reading
 * lower than the one before is a reset and starts a new baseline); they are summed per day, and the
 * ratio over the window raises above the limit and clears only below the lower clear level, so a lift
 * hovering at the limit does not flap.
 */
final class DoorCycleRatio {
    private static final long DAY = 86_400_000L;

    private record Day(long index, long runs, long doorCycles) {
    }

    private record Reading(long boot, long seq, long runs, long doorCycles) {
    }

    private final int days;
    private final long minimumRuns;
    private final Function<String, RuleSettings> settings;
    private final Map<String, Reading> last = new HashMap<>();
    private final Map<String, ArrayDeque<Day>> windows = new HashMap<>();

    /** The raise and clear levels are each lift's settings (2.0 and 1.8 by default). */
    DoorCycleRatio(int days, long minimumRuns, Function<String, RuleSettings> settings) {
        this.days = days;
        this.minimumRuns = minimumRuns;
        this.settings = settings;
    }

    List<AlarmChange> onCounters(CounterReport counters, Predicate<String> open) {
        String lift = counters.liftId();
        Reading previous = last.get(lift);
        Reading current = new Reading(counters.envelope().boot(), counters.envelope().seq(), counters.runs(),
                counters.doorCycles());
        if (previous != null && previous.boot() == current.boot() && current.seq() <= previous.seq()) {
            return List.of(); // a late reading: its increase was already counted in the next one
        }
        last.put(lift, current);
        if (previous == null || current.runs() < previous.runs() || current.doorCycles() < previous.doorCycles()) {
            return List.of();
        }
        long today = counters.envelope().deviceTime() / DAY;
        ArrayDeque<Day> window = windows.computeIfAbsent(lift, k -> new ArrayDeque<>());
        Day latest = window.peekLast();
        long runs = current.runs() - previous.runs();
        long doors = current.doorCycles() - previous.doorCycles();
        if (latest != null && latest.index() == today) {
            window.pollLast();
            window.addLast(new Day(today, latest.runs() + runs, latest.doorCycles() + doors));
        } else {
            window.addLast(new Day(today, runs, doors));
        }
        while (!window.isEmpty() && window.peekFirst().index() <= today - days) {
            window.pollFirst();
        }
        long totalRuns = window.stream().mapToLong(Day::runs).sum();
        long totalDoors = window.stream().mapToLong(Day::doorCycles).sum();
        if (totalRuns < minimumRuns) {
            return List.of();
        }
        double ratio = (double) totalDoors / totalRuns;
        long at = counters.envelope().deviceTime();
        String detail = String.format("%.2f door cycles per run over %d days (%d runs)", ratio, days, totalRuns);
        RuleSettings levels = settings.apply(lift);
        if (ratio > levels.doorCycleRatioRaise() && !open.test(AlarmType.DOOR_CYCLE_RATIO)) {
            return List.of(new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.DOOR_CYCLE_RATIO, Severity.WARNING, at, detail));
        }
        if (ratio < levels.doorCycleRatioClear() && open.test(AlarmType.DOOR_CYCLE_RATIO)) {
            return List.of(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.DOOR_CYCLE_RATIO, null, at, detail));
        }
        return List.of();
    }
}
