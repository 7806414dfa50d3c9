package io.liftwatch.alerts;

import java.util.List;

/**
 * Each lift's deadline for its next message: the time it was last heard plus the timeout. A lift is
 * reported once, at its own deadline — no periodic sweep, so detection is as precise as the clock —
 * and not again until it has been heard from.
 */
final class SilenceWatch {
    private final long timeoutMillis;
    private final Deadlines<String> deadlines = new Deadlines<>();

    SilenceWatch(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** The lift was heard at {@code receivedAt}; its deadline moves to {@code receivedAt + timeout}. */
    void heard(String liftId, long receivedAt) {
        deadlines.extend(liftId, receivedAt + timeoutMillis);
    }

    /** Lifts whose deadline has passed by {@code now}, each reported once; they stay silent until heard. */
    List<String> expired(long now) {
        return deadlines.expired(now);
    }

    /** The earliest pending deadline, or {@link Long#MAX_VALUE} when none. */
    long nextDeadline() {
        return deadlines.next();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }
}
