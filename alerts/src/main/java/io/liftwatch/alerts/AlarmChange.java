package io.liftwatch.alerts;

import io.liftwatch.common.taxonomy.Severity;
import io.liftwatch.common.wire.Envelope;

/**
 * What a rule decides about one alarm of one lift.
 *
 * @param type     the alarm type: a fault code from the taxonomy, or {@code offline}
 * @param at       device time of the message that caused it, epoch ms
 * @param severity for raises; null otherwise
 * @param source   who speaks: the controller's report, a condition inferred from status, a timer; set by
 *                 {@link AlarmRules} for what the rules decide
 * @param order    the device message that caused it, by which late messages are told apart; null for a
 *                 timer (silence, lasting conditions and rescue deadlines run on receive time)
 */
public record AlarmChange(Kind kind, String liftId, String type, Severity severity, long at, String detail,
                          AlarmSource source, Order order) {

    public enum Kind {
        /** Open the alarm, or count a repeat of the open one; the source joins those holding it open. */
        RAISE,
        /** The source no longer sees the alarm: it lets go; the alarm clears when no source holds it. */
        CLEAR,
        /** The condition occurred while it is expected (inspection mode): recorded, not raised. */
        SUPPRESS,
        /** A technician is on site: stops the rescue clock's arrival deadline, if a rescue is open. */
        ARRIVED,
        /** A raise or clear from a message that does not come after one of its boot already applied to the alarm. */
        LATE
    }

    /** A message's place in its lift's device order: {@code seq} orders messages of one {@code boot} only. */
    public record Order(long boot, long seq) {
        static Order of(Envelope envelope) {
            return new Order(envelope.boot(), envelope.seq());
        }
    }

    /** A change whose source the rules attribute afterwards. */
    public AlarmChange(Kind kind, String liftId, String type, Severity severity, long at, String detail) {
        this(kind, liftId, type, severity, at, detail, null, null);
    }

    AlarmChange from(AlarmSource by, Order cause) {
        return new AlarmChange(kind, liftId, type, severity, at, detail, source != null ? source : by,
                order != null ? order : cause);
    }

    AlarmChange as(Kind other, String why) {
        return new AlarmChange(other, liftId, type, severity, at, why, source, order);
    }
}
