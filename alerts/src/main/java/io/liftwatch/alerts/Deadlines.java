package io.liftwatch.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Timers by key, fired at their own instant rather than by a periodic sweep: the owner asks for the
 * next instant, sleeps until then, and collects what expired. A key holds at most one deadline; stale
 * queue entries are skipped. Not thread-safe: the alert pipeline's thread owns it.
 */
final class Deadlines<K> {
    private record Entry<K>(long at, K key) {
    }

    private final Map<K, Long> deadlines = new HashMap<>();
    private final PriorityQueue<Entry<K>> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    /** Sets the key's deadline, replacing any other. */
    void set(K key, long at) {
        deadlines.put(key, at);
        queue.add(new Entry<>(at, key));
    }

    /** Moves the key's deadline later, never earlier. */
    void extend(K key, long at) {
        Long current = deadlines.get(key);
        if (current == null || at > current) {
            set(key, at);
        }
    }

    /** Starts the key's timer unless it is already running. */
    void startIfAbsent(K key, long at) {
        if (!deadlines.containsKey(key)) {
            set(key, at);
        }
    }

    void cancel(K key) {
        deadlines.remove(key);
    }

    /** Keys whose deadline is at or before {@code now}, each once, in deadline order. */
    List<K> expired(long now) {
        List<K> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().at() <= now) {
            Entry<K> entry = queue.poll();
            if (deadlines.remove(entry.key(), entry.at())) {
                due.add(entry.key());
            }
        }
        return due;
    }

    /** The earliest running deadline, or {@link Long#MAX_VALUE}. */
    long next() {
        while (!queue.isEmpty() && !Long.valueOf(queue.peek().at()).equals(deadlines.get(queue.peek().key()))) {
            queue.poll();
        }
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
    }
}
