package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms the rules believe open, per lift and type, with the sources holding each open
 * ({@link ClearingRules} says who ends whose hold), the alarms a controller's fault report holds (only
 * that fault's clear or a person ends such a hold), and the device messages {@code (boot, seq)} applied to
 * each alarm, open or cleared ({@link DeviceOrder}). Seeded from the database at start-up; owned by the
 * alert pipeline's thread.
 */
final class OpenAlarms {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAlarms.class);

    private record Key(String liftId, String type) {
    }

    private final Map<String, Map<String, EnumSet<AlarmSource>>> open = new HashMap<>();
    private final Set<Key> reported = new HashSet<>();
    private final DeviceOrder<Key> changedBy = new DeviceOrder<>();

    /** Seeds an open alarm and its holds (an alarm recorded before sources were, as the device's). */
    void know(String liftId, String type, Set<AlarmSource> holds) {
        EnumSet<AlarmSource> sources = holds.isEmpty() ? EnumSet.of(AlarmSource.DEVICE) : EnumSet.copyOf(holds);
        open.computeIfAbsent(liftId, k -> new HashMap<>()).put(type, sources);
    }

    void knowChangedBy(String liftId, String type, AlarmChange.Order order) {
        changedBy.apply(new Key(liftId, type), order);
    }

    /** The controller's fault report holds the open alarm: a status or an event does not end that hold. */
    void reported(String liftId, String type) {
        reported.add(new Key(liftId, type));
    }

    boolean heldByReport(String liftId, String type) {
        return reported.contains(new Key(liftId, type));
    }

    /**
     * A person cleared the alarm: no source holds it any more. Its device order stays that of the last
     * message applied to it, which is what the person saw: a redelivery of it, or of anything before it in
     * its boot, is late; a raise the person could not have seen opens the alarm again.
     */
    void clearedByPerson(String liftId, String type) {
        Map<String, EnumSet<AlarmSource>> types = open.get(liftId);
        if (types != null) {
            types.remove(type);
        }
        reported.remove(new Key(liftId, type));
    }

    /** Whether {@code source} holds the lift's alarm of a type open. */
    boolean held(String liftId, String type, AlarmSource source) {
        Map<String, EnumSet<AlarmSource>> types = open.get(liftId);
        EnumSet<AlarmSource> holds = types == null ? null : types.get(type);
        return holds != null && holds.contains(source);
    }

    /**
     * Decides what each change does and keeps the view in step: a clear from a source that holds nothing
     * changes nothing (a status cannot end a reported fault), and a raise or clear that does not come after
     * a message of its boot already applied to the alarm (a redelivery, a duplicate, a late message) becomes
     * late. A raise of a cleared alarm is judged against the message that cleared it. A message of another
     * boot is applied; when its boot is lower its event says so.
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
            Key key = new Key(change.liftId(), change.type());
            AlarmChange.Order applied = ordered ? changedBy.stale(key, change.order()) : null;
            if (applied != null) {
                decided.add(change.as(AlarmChange.Kind.LATE, change.kind().name().toLowerCase() + " from message ("
                        + change.order().boot() + ", " + change.order().seq() + ") ignored: the alarm was changed by ("
                        + applied.boot() + ", " + applied.seq() + ") of the same boot"));
                continue;
            }
            String bootChange = ordered
                    ? DeviceOrder.bootChange(changedBy.apply(key, change.order()), change.order()) : null;
            if (bootChange != null) {
                // Visible in the event and the log: a boot that went down is trusted, but not silently.
                LOG.warn("{} {} of {}: {}", change.kind().name().toLowerCase(), change.type(), change.liftId(),
                        bootChange);
                change = change.as(change.kind(),
                        change.detail() == null ? bootChange : change.detail() + "; " + bootChange);
            }
            if (change.kind() == AlarmChange.Kind.RAISE) {
                if (holds == null) {
                    types.put(change.type(), EnumSet.of(change.source()));
                } else {
                    holds.add(change.source());
                }
            } else {
                holds.removeAll(ended);
                if (ended.contains(AlarmSource.DEVICE)) {
                    reported.remove(key);
                }
                if (holds.isEmpty()) {
                    types.remove(change.type());
                }
            }
            decided.add(change);
        }
        return decided;
    }
}
