package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms the rules believe open, per lift and type, with the sources holding each open
 * ({@link ClearingRules} says who ends whose hold), and the device message {@code (boot, seq)} that last
 * changed each alarm, open or cleared. Seeded from the database at start-up; owned by the alert
 * pipeline's thread.
 */
final class OpenAlarms {
    private final Map<String, Map<String, EnumSet<AlarmSource>>> open = new HashMap<>();
    private final Map<String, Map<String, AlarmChange.Order>> changedBy = new HashMap<>();

    /** Seeds an open alarm and its holds (an alarm recorded before sources were, as the device's). */
    void know(String liftId, String type, Set<AlarmSource> holds) {
        EnumSet<AlarmSource> sources = holds.isEmpty() ? EnumSet.of(AlarmSource.DEVICE) : EnumSet.copyOf(holds);
        open.computeIfAbsent(liftId, k -> new HashMap<>()).put(type, sources);
    }

    void knowChangedBy(String liftId, String type, AlarmChange.Order order) {
        changedBy.computeIfAbsent(liftId, k -> new HashMap<>()).put(type, order);
    }

    /** A person cleared the alarm: no source holds it any more. */
    void clearedByPerson(String liftId, String type) {
        Map<String, EnumSet<AlarmSource>> types = open.get(liftId);
        if (types != null) {
            types.remove(type);
        }
    }

    /** Whether {@code source} holds the lift's alarm of a type open. */
    boolean held(String liftId, String type, AlarmSource source) {
        Map<String, EnumSet<AlarmSource>> types = open.get(liftId);
        EnumSet<AlarmSource> holds = types == null ? null : types.get(type);
        return holds != null && holds.contains(source);
    }

    /**
     * Decides what each change does and keeps the view in step: a clear from a source that holds nothing
     * changes nothing (a status cannot end a reported fault), and a raise or clear older in device order
     * than the message that last changed the alarm becomes late.
     */
    List<AlarmChange> decide(List<AlarmChange> changes) {
        List<AlarmChange> decided = new ArrayList<>(changes.size());
        for (AlarmChange change : changes) {
            if (change.kind() != AlarmChange.Kind.RAISE && change.kind() != AlarmChange.Kind.CLEAR) {
                decided.add(change);
                continue;
            }
            Map<String, EnumSet<AlarmSource>> types = open.computeIfAbsent(change.liftId(), k -> new HashMap<>());
            EnumSet<AlarmSource> holds = types.get(change.type());
            Set<AlarmSource> ended = change.kind() == AlarmChange.Kind.CLEAR
                    ? ClearingRules.ended(change.type(), change.source()) : Set.of();
            if (change.kind() == AlarmChange.Kind.CLEAR && (holds == null || ended.stream().noneMatch(holds::contains))) {
                continue;
            }
            // The Last Will is composed when the lift connects, so it is older than the lift's messages by
            // design: the connection's own state machine (offline causes) orders it instead.
            boolean ordered = change.order() != null && !change.type().equals(AlarmType.OFFLINE);
            AlarmChange.Order last = !ordered ? null
                    : changedBy.getOrDefault(change.liftId(), Map.of()).get(change.type());
            if (last != null && !change.order().isAfter(last)) {
                decided.add(change.as(AlarmChange.Kind.LATE, change.kind().name().toLowerCase() + " from message ("
                        + change.order().boot() + ", " + change.order().seq() + ") ignored: the alarm was last changed by ("
                        + last.boot() + ", " + last.seq() + ")"));
                continue;
            }
            if (ordered) {
                changedBy.computeIfAbsent(change.liftId(), k -> new HashMap<>()).put(change.type(), change.order());
            }
            if (change.kind() == AlarmChange.Kind.RAISE) {
                if (holds == null) {
                    types.put(change.type(), EnumSet.of(change.source()));
                } else {
                    holds.add(change.source());
                }
            } else {
                holds.removeAll(ended);
                if (holds.isEmpty()) {
                    types.remove(change.type());
                }
            }
            decided.add(change);
        }
        return decided;
    }
}
