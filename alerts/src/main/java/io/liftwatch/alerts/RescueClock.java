package io.liftwatch.alerts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deadlines of open rescues: acknowledgement within the escalation time, a technician on site
 * within the rescue's own arrival limit (its district's, model's or lift's rule setting, kept with the
 * rescue), both counted from the raise. Timers only fire; {@link Rescues} decides from the recorded
 * state whether anything is still late.
 */
final class RescueClock {
    private final long escalateAfterMillis;
    private final Deadlines<Long> escalations = new Deadlines<>();
    private final Deadlines<Long> arrivals = new Deadlines<>();
    private final Map<Long, Long> limits = new HashMap<>();

    RescueClock(long escalateAfterMillis) {
        this.escalateAfterMillis = escalateAfterMillis;
    }

    void track(Rescues.Open rescue) {
        if (!rescue.acknowledged()) {
            escalations.set(rescue.alarmId(), rescue.raisedAt() + escalateAfterMillis);
        }
        if (!rescue.arrived()) {
            arrivals.set(rescue.alarmId(), rescue.raisedAt() + rescue.arrivalLimitMillis());
            limits.put(rescue.alarmId(), rescue.arrivalLimitMillis());
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

    /** The arrival limit of a rescue whose arrival deadline fired (forgotten after). */
    long arrivalLimitMillis(long alarmId) {
        Long limit = limits.remove(alarmId);
        return limit == null ? 0 : limit;
    }
}
