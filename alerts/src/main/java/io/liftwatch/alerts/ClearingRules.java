package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.AlarmType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may end whose hold on an alarm (docs/alarms.md has the table of every rule). A source lets go of
 * an alarm only by its own clear: a status that no longer shows an inferred entrapment never ends the
 * controller's reported one. A person (a clear with a reason, a technician's release) ends every hold.
 * One exception: whatever the lift says ends an offline alarm, whether its Last Will or silence raised it.
 * Within the device's hold the same holds for its reports: a fault the controller reported ends only with
 * that fault's clear, so mains power in a status ends only a power failure event 41 raised ({@link AlarmRules}).
 */
final class ClearingRules {
    private ClearingRules() {
    }

    /** The holds a clear from {@code clearer} ends on an alarm of {@code type}. */
    static Set<AlarmSource> ended(String type, AlarmSource clearer) {
        if (clearer == AlarmSource.PERSON) {
            return EnumSet.allOf(AlarmSource.class);
        }
        if (type.equals(AlarmType.OFFLINE) && clearer == AlarmSource.DEVICE) {
            return EnumSet.of(AlarmSource.DEVICE, AlarmSource.TIMER);
        }
        return EnumSet.of(clearer);
    }

    static String[] codes(Set<AlarmSource> sources) {
        return sources.stream().map(AlarmSource::code).toArray(String[]::new);
    }
}
