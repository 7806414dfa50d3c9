package io.liftwatch.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Timers by key, fired at their own instant rather than by a periodic sweep: the owner asks for the
 * next instant, sleeps until then, and collects what expired. Moving a deadline later costs a map
 * lookup only — the key's queue entry is rescheduled when it comes up — so a lift heard ten times a
 * second keeps one queue entry, and the queue stays as large as the number of keys. Each key's timer is
 * one mutable object, updated in place: a lift heard ten thousand times a day allocates nothing for it,
 * so long-lived timers do not keep handing the collector young objects that old ones point to. Not
 * thread-safe: the alert pipeline's thread owns it.
 */
final class Deadlines<K> {
    private static final long NONE = Long.MIN_VALUE;

    private record Entry<K>(long at, K key) {
    }

    private static final class Timer {
        /** The running deadline, or {@link #NONE} when the timer is stopped. */
        long deadline = NONE;
        /** The instant of the one queue entry that stands for the key; other entries of the key are stale. */
        long queuedAt = NONE;
    }

    private final Map<K, Timer> timers = new HashMap<>();
    private final PriorityQueue<Entry<K>> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    /** Sets the key's deadline, replacing any other. */
    void set(K key, long at) {
        set(key, timers.computeIfAbsent(key, k -> new Timer()), at);
    }

    private void set(K key, Timer timer, long at) {
        timer.deadline = at;
        if (timer.queuedAt == NONE || at < timer.queuedAt) {
            queue.add(new Entry<>(at, key));
            timer.queuedAt = at;
        }
    }

    /** Moves the key's deadline later, never earlier. */
    void extend(K key, long at) {
        Timer timer = timers.get(key);
        if (timer == null) {
            set(key, at);
        } else if (timer.deadline == NONE || at > timer.deadline) {
            set(key, timer, at);
        }
    }

    /** Starts the key's timer unless it is already running. */
    void startIfAbsent(K key, long at) {
        Timer timer = timers.get(key);
        if (timer == null || timer.deadline == NONE) {
            set(key, at);
        }
    }

    void cancel(K key) {
        Timer timer = timers.get(key);
        if (timer != null) {
            timer.deadline = NONE; // its queue entry is dropped when it comes up
        }
    }

    /** Keys whose deadline is at or before {@code now}, each once, in deadline order. */
    List<K> expired(long now) {
        List<K> due = new ArrayList<>();
        while (next() <= now) {
            K key = queue.poll().key();
            timers.remove(key);
            due.add(key);
        }
        return due;
    }

    /** The earliest running deadline, or {@link Long#MAX_VALUE}; settles stale and moved entries on the way. */
    long next() {
        while (!queue.isEmpty()) {
            Entry<K> head = queue.peek();
            Timer timer = timers.get(head.key());
            if (timer == null || timer.queuedAt != head.at()) {
                queue.poll();
            } else if (timer.deadline == NONE) {
                queue.poll();
                timers.remove(head.key());
            } else if (timer.deadline > head.at()) {
                queue.poll();
                queue.add(new Entry<>(timer.deadline, head.key()));
                timer.queuedAt = timer.deadline;
            } else {
                return head.at();
            }
        }
        return Long.MAX_VALUE;
    }
}
