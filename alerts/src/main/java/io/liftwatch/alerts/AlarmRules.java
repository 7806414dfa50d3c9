package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.CounterReport;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The alarm rules of the lifts this alerts instance owns ({@link Partition}): what each message, in arrival
 * order, and each passed deadline change. The taxonomy's faults as the device raises and clears them; the
 * alarms of events (power lost, alarm button, earthquake, fire service, emergency power, out of service),
 * cleared by mains power, a person or {@code back_to_normal}; the lift going offline — its Last Will, or
 * silence past its deadline — and coming back, suppressed and recorded while it is in inspection mode, whose
 * start also marks a technician on site (a rescue's arrival, a maintenance visit); and the inferred conditions
 * of {@link StatusConditions}, {@link DoorReopenings}, {@link DoorCycleRatio}, {@link MaintenanceDue} and
 * {@link InspectionDue}. Device order {@code (boot, seq)} decides within a boot ({@link DeviceOrder}): a
 * status not after one of its boot already seen feeds no condition, and a raise or clear not after a
 * message of its boot already applied to its alarm becomes late and changes nothing ({@link OpenAlarms});
 * another boot is another power-up, applied in arrival order. Every change names its source; an alarm
 * clears when the last source holding it lets go ({@link ClearingRules}).
 */
public final class AlarmRules {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmRules.class);

    private record Mode(ServiceMode mode, long boot, long seq) {
    }

    /** Event-driven alarms other than faults: raised by the event, cleared as the comment says. */
    private static final Map<EventType, AlarmChange> EVENT_ALARMS = Map.of(
            EventType.MAINS_POWER_LOST, template(AlarmType.POWER_FAILURE, Severity.MAJOR),      // status power=mains clears
            EventType.ALARM_BUTTON, template(AlarmType.ALARM_BUTTON, Severity.MAJOR),          // a person clears
            EventType.EARTHQUAKE, template(AlarmType.EARTHQUAKE, Severity.CRITICAL),            // back_to_normal clears
            EventType.FIRE_RETURN, template(AlarmType.FIRE_SERVICE, Severity.MAJOR),           // back_to_normal clears
            EventType.FIREFIGHTER, template(AlarmType.FIRE_SERVICE, Severity.MAJOR),           // back_to_normal clears
            EventType.EMERGENCY_POWER, template(AlarmType.EMERGENCY_POWER, Severity.MAJOR),    // back_to_normal clears
            EventType.OUT_OF_SERVICE, template(AlarmType.OUT_OF_SERVICE, Severity.MINOR));     // back_to_normal clears
    private static final List<String> CLEARED_BY_BACK_TO_NORMAL =
            List.of(AlarmType.EARTHQUAKE, AlarmType.FIRE_SERVICE, AlarmType.EMERGENCY_POWER, AlarmType.OUT_OF_SERVICE);

    private static AlarmChange template(String type, Severity severity) {
        return new AlarmChange(AlarmChange.Kind.RAISE, "", type, severity, 0, null);
    }

    private final Map<String, Mode> modes = new HashMap<>();
    /** What is open and who holds it, so ordinary status costs no database work; and each alarm's device order. */
    private final OpenAlarms alarms = new OpenAlarms();
    /** Per lift, the statuses seen: conditions read only one newer than any of its boot. */
    private final DeviceOrder<String> newestStatus = new DeviceOrder<>();
    private final StatusConditions conditions;
    private final DoorReopenings doorReopenings;
    private final MaintenanceDue maintenance;
    private final DoorCycleRatio doorCycles;
    private final InspectionDue inspections;

    public AlarmRules() {
        this(lift -> RuleSettings.defaults(), ZoneId.of("Asia/Shanghai"));
    }

    /**
     * @param settings each lift's thresholds (defaults, then its model's and its own overrides)
     * @param zone     where inspection due dates are days
     */
    public AlarmRules(Function<String, RuleSettings> settings, ZoneId zone) {
        this.conditions = new StatusConditions(settings);
        this.doorReopenings = new DoorReopenings(settings);
        this.maintenance = new MaintenanceDue(settings);
        this.doorCycles = new DoorCycleRatio(3, 50, settings);
        this.inspections = new InspectionDue(zone, settings);
    }

    /** Seeds what a lift under an on-demand maintenance policy has run since its last visit. */
    public void knowUsageSinceVisit(String liftId, long runs, long doorCycles, long lastRuns, long lastDoorCycles) {
        maintenance.knowUsage(liftId, runs, doorCycles, lastRuns, lastDoorCycles);
    }

    /** The lift's next periodic inspection is due on {@code next} (its newest inspection record says so). */
    public List<AlarmChange> inspectionDue(String liftId, LocalDate next, long now) {
        return track(attribute(inspections.dueOn(liftId, next, now, heldByTimer), AlarmSource.TIMER, null));
    }

    /** Seeds a lift's last maintenance visit (inspection mode), e.g. from the stored events. */
    public void knowVisit(String liftId, long at) {
        maintenance.visited(liftId, at);
    }

    /** Seeds an alarm already open (at start-up, from the database) with the sources holding it. */
    public void knowOpen(String liftId, String type, Set<AlarmSource> holds) {
        alarms.know(liftId, type, holds);
        if (type.equals(AlarmType.OFFLINE)) {
            knowOffline(liftId);
        }
    }

    /** Seeds the device message that last changed a lift's alarm of a type (at start-up, from the database). */
    public void knowChangedBy(String liftId, String type, long boot, long seq) {
        alarms.knowChangedBy(liftId, type, new AlarmChange.Order(boot, seq));
    }

    /** Seeds an open alarm that a controller's fault report holds (at start-up, from the database). */
    public void knowReported(String liftId, String type) {
        alarms.reported(liftId, type);
    }

    /** A person cleared the alarm through the API: no source holds it any more. */
    public void clearedByPerson(String liftId, String type) {
        alarms.clearedByPerson(liftId, type);
    }

    private boolean held(String liftId, String type, AlarmSource source) {
        return alarms.held(liftId, type, source);
    }

    private final BiPredicate<String, String> heldByInferred = (liftId, type) -> held(liftId, type, AlarmSource.INFERRED);
    private final BiPredicate<String, String> heldByTimer = (liftId, type) -> held(liftId, type, AlarmSource.TIMER);

    /** Status conditions that have lasted their hold, and maintenance intervals that ran out, by {@code now}. */
    public List<AlarmChange> due(long now) {
        List<AlarmChange> changes = new ArrayList<>();
        // A lasting condition raises as of the newest status, which still showed it (a status that did not stopped the timer).
        for (AlarmChange change : conditions.due(now, heldByInferred)) {
            changes.add(change.from(AlarmSource.INFERRED, newestStatus.last(change.liftId())));
        }
        changes.addAll(attribute(maintenance.due(now, heldByTimer), AlarmSource.TIMER, null));
        changes.addAll(attribute(inspections.due(now, heldByTimer), AlarmSource.TIMER, null));
        return track(changes);
    }

    private static List<AlarmChange> attribute(List<AlarmChange> changes, AlarmSource source, AlarmChange.Order order) {
        if (changes.isEmpty()) {
            return changes;
        }
        List<AlarmChange> attributed = new ArrayList<>(changes.size());
        for (AlarmChange change : changes) {
            attributed.add(change.from(source, order));
        }
        return attributed;
    }

    public long nextDeadline() {
        return Math.min(Math.min(conditions.nextDeadline(), maintenance.nextDeadline()), inspections.nextDeadline());
    }

    /** Keeps the open-alarm view in step with what the rules decide ({@link OpenAlarms#decide}). */
    private List<AlarmChange> track(List<AlarmChange> changes) {
        return changes.isEmpty() ? changes : alarms.decide(changes);
    }

    /** Why a lift is offline. Silence ends with any message; a Last Will only with a new connection. */
    private enum OfflineCause { SILENCE, WILL }

    private final Map<String, OfflineCause> offline = new HashMap<>();

    /** Seeds a lift's mode, e.g. from the latest state stored by ingest, before its messages arrive. */
    public void knowMode(String liftId, ServiceMode mode) {
        modes.putIfAbsent(liftId, new Mode(mode, Long.MIN_VALUE, Long.MIN_VALUE));
    }

    /** Seeds a lift already known to be offline (an open alarm), so silence does not raise it again. */
    public void knowOffline(String liftId) {
        offline.putIfAbsent(liftId, OfflineCause.SILENCE);
    }

    /** The lift has sent nothing for {@code silentMillis}; {@code at} is when its deadline passed. */
    public List<AlarmChange> silent(String lift, long at, long silentMillis) {
        return track(attribute(silentChanges(lift, at, silentMillis), AlarmSource.TIMER, null));
    }

    private List<AlarmChange> silentChanges(String lift, long at, long silentMillis) {
        if (offline.putIfAbsent(lift, OfflineCause.SILENCE) != null) {
            return List.of();
        }
        String detail = "no message for " + silentMillis / 1000 + " s";
        return List.of(inspecting(lift)
                ? new AlarmChange(AlarmChange.Kind.SUPPRESS, lift, AlarmType.OFFLINE, null, at, detail + " during inspection")
                : new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.OFFLINE, Severity.MAJOR, at, detail));
    }

    /** The changes one message causes; {@code receivedAt} starts the timers of lasting conditions. */
    public List<AlarmChange> evaluate(LiftMessage message, long receivedAt) {
        List<AlarmChange> changes = changes(message, receivedAt);
        if (changes.isEmpty()) {
            return changes;
        }
        List<AlarmChange> decided = track(attribute(changes, AlarmSource.DEVICE,
                AlarmChange.Order.of(message.envelope())));
        if (message instanceof FaultReport) {
            // A fault the controller reports holds its alarm until that fault's clear: a status's power, or
            // an event, does not end it.
            decided.stream().filter(change -> change.kind() == AlarmChange.Kind.RAISE)
                    .forEach(change -> alarms.reported(change.liftId(), change.type()));
        }
        return decided;
    }

    private List<AlarmChange> changes(LiftMessage message, long receivedAt) {
        String lift = message.liftId();
        maintenance.heard(lift, receivedAt);
        long at = message.envelope().deviceTime();
        if (!(message instanceof ConnectionReport) && offline.get(lift) == OfflineCause.SILENCE) {
            // Heard from again. After a Last Will a data message may only be late; a new connection announces itself.
            offline.remove(lift);
            List<AlarmChange> changes = new ArrayList<>();
            changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.OFFLINE, null, at, "heard again"));
            changes.addAll(changes(message, receivedAt));
            return changes;
        }
        if (message instanceof CounterReport counters) {
            AlarmChange.Order order = AlarmChange.Order.of(message.envelope());
            List<AlarmChange> changes = new ArrayList<>(attribute(doorCycles.onCounters(counters,
                    type -> held(lift, type, AlarmSource.INFERRED)), AlarmSource.INFERRED, order));
            changes.addAll(attribute(maintenance.onCounters(counters, heldByTimer), AlarmSource.TIMER, null));
            return changes;
        }
        if (message instanceof FaultReport fault) {
            return List.of(new AlarmChange(fault.raised() ? AlarmChange.Kind.RAISE : AlarmChange.Kind.CLEAR, lift,
                    fault.type().wireName(), fault.raised() ? fault.type().severity() : null, at, fault.detail()));
        }
        if (message instanceof StatusReport status) {
            remember(message, status.mode());
            AlarmChange.Order order = AlarmChange.Order.of(message.envelope());
            if (newestStatus.stale(lift, order) != null) {
                return List.of(); // a newer status of its boot already told the car's state
            }
            String bootChange = DeviceOrder.bootChange(newestStatus.apply(lift, order), order);
            if (bootChange != null) {
                LOG.warn("status of {}: {}", lift, bootChange);
            }
            Predicate<String> inferred = type -> held(lift, type, AlarmSource.INFERRED);
            List<AlarmChange> changes = new ArrayList<>(attribute(conditions.onStatus(status, receivedAt, inferred),
                    AlarmSource.INFERRED, order));
            changes.addAll(attribute(doorReopenings.onStatus(status, inferred), AlarmSource.INFERRED, order));
            // Mains power back ends what mains power lost (event 41) raised, never the controller's fault report.
            if (status.power().equals("mains") && held(lift, AlarmType.POWER_FAILURE, AlarmSource.DEVICE)
                    && !alarms.heldByReport(lift, AlarmType.POWER_FAILURE)) {
                changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.POWER_FAILURE, null, at, "mains power back"));
            }
            return changes;
        } else if (message instanceof EventReport event) {
            if (event.type() == EventType.INSPECTION_MODE) {
                remember(message, ServiceMode.INSPECTION);
                maintenance.visited(lift, receivedAt);
                List<AlarmChange> changes = new ArrayList<>(List.of(new AlarmChange(AlarmChange.Kind.ARRIVED,
                        lift, AlarmType.ENTRAPMENT, null, at, "technician on site (inspection mode)")));
                if (held(lift, AlarmType.MAINTENANCE_DUE, AlarmSource.TIMER)) {
                    changes.add(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.MAINTENANCE_DUE, null, at,
                            "maintenance visit", AlarmSource.TIMER, null));
                }
                return changes;
            } else if (event.type() == EventType.BACK_TO_NORMAL) {
                remember(message, ServiceMode.NORMAL);
                return CLEARED_BY_BACK_TO_NORMAL.stream().filter(type -> held(lift, type, AlarmSource.DEVICE))
                        .map(type -> new AlarmChange(AlarmChange.Kind.CLEAR, lift, type, null, at, "back to normal"))
                        .toList();
            }
            AlarmChange alarm = EVENT_ALARMS.get(event.type());
            return alarm == null ? List.of() : List.of(new AlarmChange(AlarmChange.Kind.RAISE, lift, alarm.type(),
                    alarm.severity(), at, event.detail()));
        } else if (message instanceof ConnectionReport connection) {
            if (connection.online()) {
                offline.remove(lift);
                return List.of(new AlarmChange(AlarmChange.Kind.CLEAR, lift, AlarmType.OFFLINE, null, at, "back online"));
            }
            offline.put(lift, OfflineCause.WILL);
            return List.of(inspecting(lift)
                    ? new AlarmChange(AlarmChange.Kind.SUPPRESS, lift, AlarmType.OFFLINE, null, at, "offline during inspection")
                    : new AlarmChange(AlarmChange.Kind.RAISE, lift, AlarmType.OFFLINE, Severity.MAJOR, at, "connection lost"));
        }
        return List.of();
    }

    private boolean inspecting(String lift) {
        Mode mode = modes.get(lift);
        return mode != null && mode.mode() == ServiceMode.INSPECTION;
    }

    private void remember(LiftMessage message, ServiceMode mode) {
        long boot = message.envelope().boot();
        long seq = message.envelope().seq();
        Mode known = modes.get(message.liftId());
        // Within a boot the newer message tells the mode; a message of another boot is a new power-up's.
        if (known == null || known.boot() != boot || seq > known.seq()) {
            modes.put(message.liftId(), new Mode(mode, boot, seq));
        }
    }
}
