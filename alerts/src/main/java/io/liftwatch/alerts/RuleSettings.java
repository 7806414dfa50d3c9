package io.liftwatch.alerts;

import java.time.Duration;

/**
 * Thresholds of the rules, with the defaults field experience and the maintenance rules give.
 *
 * @param entrapmentAfter      passenger present, door closed, car stopped this long is an entrapment (30 s)
 * @param outsideDoorZoneAfter car stopped outside the door zone this long (45 s; 30 s gives false alarms)
 * @param doorReopenLimit      the door opening this many times at one stop without the car moving on (4)
 * @param maintenanceInterval  longest time between maintenance visits, seen as inspection mode (TSG T5002: 15 days)
 */
public record RuleSettings(Duration entrapmentAfter, Duration outsideDoorZoneAfter, int doorReopenLimit,
                           Duration maintenanceInterval) {

    public static RuleSettings defaults() {
        return new RuleSettings(Duration.ofSeconds(30), Duration.ofSeconds(45), 4, Duration.ofDays(15));
    }
}
