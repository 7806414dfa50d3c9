package io.liftwatch.alerts;

import io.liftwatch.common.rules.RuleSettings;
import io.liftwatch.common.taxonomy.AlarmType;
import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.StatusReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The door opening again and again at one stop without the car moving on (an obstruction, a faulty
 * safety edge, abuse): counted from status as door-closed → door-open transitions while stopped, raised
 * at the limit, cleared when the car moves on.
 */
final class DoorReopenings {

    private static final class Stop {
        boolean doorClosed;
        int openings;
    }

    private final Function<String, RuleSettings> settings;
    private final Map<String, Stop> stops = new HashMap<>();

    DoorReopenings(Function<String, RuleSettings> settings) {
        this.settings = settings;
    }

    List<AlarmChange> onStatus(StatusReport status, Predicate<String> open) {
        Stop stop = stops.get(status.liftId());
        if (stop == null) {
            stop = new Stop();
            stop.doorClosed = status.doorLocked();
            stops.put(status.liftId(), stop);
            return List.of();
        }
        long at = status.envelope().deviceTime();
        if (status.moving()) {
            stop.openings = 0;
            stop.doorClosed = true;
            return open.test(AlarmType.REPEATED_DOOR_REOPEN)
                    ? List.of(new AlarmChange(AlarmChange.Kind.CLEAR, status.liftId(), AlarmType.REPEATED_DOOR_REOPEN, null, at,
                            "car moved on"))
                    : List.of();
        }
        int limit = settings.apply(status.liftId()).doorReopenLimit();
        boolean opened = stop.doorClosed && !status.doorLocked();
        stop.doorClosed = status.doorLocked();
        if (opened && ++stop.openings == limit && !open.test(AlarmType.REPEATED_DOOR_REOPEN)) {
            return List.of(new AlarmChange(AlarmChange.Kind.RAISE, status.liftId(), AlarmType.REPEATED_DOOR_REOPEN, Severity.MINOR, at,
                    "door opened " + limit + " times at floor " + status.floor() + " without the car moving on"));
        }
        return List.of();
    }
}
