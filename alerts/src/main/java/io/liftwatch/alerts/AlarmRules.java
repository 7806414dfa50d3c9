package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.EventType;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.EventReport;
import io.liftwatch.common.wire.FaultReport;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.StatusReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The message-driven alarm rules: every fault of the taxonomy (raised and cleared by the device, with
 * the taxonomy's severity) and the lift going offline (its Last Will) or coming back. A lift in
 * inspection mode is expected to drop off-line while a technician works: its offline alarm is
 * suppressed and the suppression recorded. Rules for one lift see its messages in order; they keep
 * only the lift's service mode, newest by (boot, seq).
 */
public final class AlarmRules {
    public static final String OFFLINE = "offline";

    private record Mode(ServiceMode mode, long boot, long seq) {
    }

    private final Map<String, Mode> modes = new HashMap<>();

    /** Seeds a lift's mode, e.g. from the latest state stored by ingest, before its messages arrive. */
    public void knowMode(String liftId, ServiceMode mode) {
        modes.putIfAbsent(liftId, new Mode(mode, Long.MIN_VALUE, Long.MIN_VALUE));
    }

    public List<AlarmChange> evaluate(LiftMessage message) {
        String lift = message.liftId();
        long at = message.envelope().deviceTime();
        if (message instanceof FaultReport fault) {
            return List.of(new AlarmChange(fault.raised() ? AlarmChange.Kind.RAISE : AlarmChange.Kind.CLEAR, lift,
                    fault.type().wireName(), fault.raised() ? fault.type().severity() : null, at, fault.detail()));
        }
        if (message instanceof StatusReport status) {
            remember(message, status.mode());
        } else if (message instanceof EventReport event) {
            if (event.type() == EventType.INSPECTION_MODE) {
                remember(message, ServiceMode.INSPECTION);
            } else if (event.type() == EventType.BACK_TO_NORMAL) {
                remember(message, ServiceMode.NORMAL);
            }
        } else if (message instanceof ConnectionReport connection) {
            if (connection.online()) {
                return List.of(new AlarmChange(AlarmChange.Kind.CLEAR, lift, OFFLINE, null, at, "back online"));
            }
            boolean inspection = modes.containsKey(lift) && modes.get(lift).mode() == ServiceMode.INSPECTION;
            return List.of(inspection
                    ? new AlarmChange(AlarmChange.Kind.SUPPRESS, lift, OFFLINE, null, at, "offline during inspection")
                    : new AlarmChange(AlarmChange.Kind.RAISE, lift, OFFLINE, Severity.MAJOR, at, "connection lost"));
        }
        return List.of();
    }

    private void remember(LiftMessage message, ServiceMode mode) {
        long boot = message.envelope().boot();
        long seq = message.envelope().seq();
        Mode known = modes.get(message.liftId());
        if (known == null || message.envelope().isAfter(known.boot(), known.seq())) {
            modes.put(message.liftId(), new Mode(mode, boot, seq));
        }
    }
}
