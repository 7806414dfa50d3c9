package io.liftwatch.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Each lift's deadline for its next message: the time it was last heard plus the timeout. A lift is
 * reported once, at its own deadline — no periodic sweep, so detection is as precise as the clock —
 * and not again until it has been heard from. Not thread-safe: the alert pipeline's thread owns it.
 */
final class SilenceWatch {
    private record Deadline(long at, String liftId) {
    }

    private final long timeoutMillis;
    private final Map<String, Long> deadlines = new HashMap<>();
    private final PriorityQueue<Deadline> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    SilenceWatch(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** The lift was heard at {@code receivedAt}; its deadline moves to {@code receivedAt + timeout}. */
    void heard(String liftId, long receivedAt) {
        long deadline = receivedAt + timeoutMillis;
        Long previous = deadlines.get(liftId);
        if (previous == null || deadline > previous) {
            deadlines.put(liftId, deadline);
            queue.add(new Deadline(deadline, liftId));
        }
    }

    /** Lifts whose deadline has passed by {@code now}, each reported once; they stay silent until heard. */
    List<String> expired(long now) {
        List<String> silent = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().at() <= now) {
            Deadline due = queue.poll();
            // Stale entries (the lift was heard since) are skipped: only its latest deadline counts.
            if (deadlines.remove(due.liftId(), due.at())) {
                silent.add(due.liftId());
            }
        }
        return silent;
    }

    /** The earliest pending deadline, or {@link Long#MAX_VALUE} when none. */
    long nextDeadline() {
        while (!queue.isEmpty() && !Long.valueOf(queue.peek().at()).equals(deadlines.get(queue.peek().liftId()))) {
            queue.poll();
        }
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }
}
