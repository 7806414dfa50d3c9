package io.liftwatch.alerts;

import java.util.List;

/**
 * The deadlines of open rescues: acknowledgement within the escalation time, a technician on site
 * within the arrival limit, both counted from the raise. Timers only fire; {@link Rescues} decides from
 * the recorded state whether anything is still late.
 */
final class RescueClock {
    private final long escalateAfterMillis;
    private final long arrivalLimitMillis;
    private final Deadlines<Long> escalations = new Deadlines<>();
    private final Deadlines<Long> arrivals = new Deadlines<>();

    RescueClock(long escalateAfterMillis, long arrivalLimitMillis) {
        this.escalateAfterMillis = escalateAfterMillis;
        this.arrivalLimitMillis = arrivalLimitMillis;
    }

    void track(Rescues.Open rescue) {
        if (!rescue.acknowledged()) {
            escalations.set(rescue.alarmId(), rescue.raisedAt() + escalateAfterMillis);
        }
        if (!rescue.arrived()) {
            arrivals.set(rescue.alarmId(), rescue.raisedAt() + arrivalLimitMillis);
        }
    }

    List<Long> escalationsDue(long now) {
        return escalations.expired(now);
    }

    List<Long> arrivalsDue(long now) {
        return arrivals.expired(now);
    }

    long nextDeadline() {
        return Math.min(escalations.next(), arrivals.next());
    }

    long escalateAfterMillis() {
        return escalateAfterMillis;
    }

    long arrivalLimitMillis() {
        return arrivalLimitMillis;
    }
}
