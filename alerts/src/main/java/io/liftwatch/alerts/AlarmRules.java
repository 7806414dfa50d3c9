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
 * The alarm rules: every fault of the taxonomy (raised and cleared by the device, with the taxonomy's
 * severity), and the lift going offline — its Last Will, or silence past its deadline — or coming back.
 * A lift in inspection mode is expected to drop off-line while a technician works: its offline alarm
 * is suppressed and the suppression recorded. Rules for one lift see its messages in order; they keep
 * the lift's service mode, newest by (boot, seq), and whether it is offline.
 */
public final class AlarmRules {
    public static final String OFFLINE = "offline";

    private record Mode(ServiceMode mode, long boot, long seq) {
    }

    private final Map<String, Mode> modes = new HashMap<>();
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
        if (offline.putIfAbsent(lift, OfflineCause.SILENCE) != null) {
            return List.of();
        }
        String detail = "no message for " + silentMillis / 1000 + " s";
        return List.of(inspecting(lift)
                ? new AlarmChange(AlarmChange.Kind.SUPPRESS, lift, OFFLINE, null, at, detail + " during inspection")
                : new AlarmChange(AlarmChange.Kind.RAISE, lift, OFFLINE, Severity.MAJOR, at, detail));
    }

    public List<AlarmChange> evaluate(LiftMessage message) {
        String lift = message.liftId();
        long at = message.envelope().deviceTime();
        if (!(message instanceof ConnectionReport) && offline.get(lift) == OfflineCause.SILENCE) {
            // Heard from again. After a Last Will a data message may only be late; a new connection announces itself.
            offline.remove(lift);
            return java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(new AlarmChange(AlarmChange.Kind.CLEAR, lift, OFFLINE, null, at, "heard again")),
                    evaluate(message).stream()).toList();
        }
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
                offline.remove(lift);
                return List.of(new AlarmChange(AlarmChange.Kind.CLEAR, lift, OFFLINE, null, at, "back online"));
            }
            offline.put(lift, OfflineCause.WILL);
            return List.of(inspecting(lift)
                    ? new AlarmChange(AlarmChange.Kind.SUPPRESS, lift, OFFLINE, null, at, "offline during inspection")
                    : new AlarmChange(AlarmChange.Kind.RAISE, lift, OFFLINE, Severity.MAJOR, at, "connection lost"));
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
        if (known == null || message.envelope().isAfter(known.boot(), known.seq())) {
            modes.put(message.liftId(), new Mode(mode, boot, seq));
        }
    }
}
