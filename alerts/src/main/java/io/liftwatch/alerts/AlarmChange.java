package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.Severity;

/**
 * What a rule decides about one alarm of one lift.
 *
 * @param type     the alarm type: a fault code from the taxonomy, or {@code offline}
 * @param at       device time of the message that caused it, epoch ms
 * @param severity for raises; null otherwise
 */
public record AlarmChange(Kind kind, String liftId, String type, Severity severity, long at, String detail) {

    public enum Kind {
        /** Open the alarm, or count a repeat of the open one. */
        RAISE,
        /** Clear the open alarm, if there is one. */
        CLEAR,
        /** The condition occurred while it is expected (inspection mode): recorded, not raised. */
        SUPPRESS,
        /** A technician is on site: stops the rescue clock's arrival deadline, if a rescue is open. */
        ARRIVED
    }
}
