package io.liftwatch.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Timers by key, fired at their own instant rather than by a periodic sweep: the owner asks for the
 * next instant, sleeps until then, and collects what expired. Moving a deadline later costs a map
 * update only — the key's queue entry is rescheduled when it comes up — so a lift heard ten times a
 * second keeps one queue entry, and the queue stays as large as the number of keys. Not thread-safe:
 * the alert pipeline's thread owns it.
 */
final class Deadlines<K> {
    private record Entry<K>(long at, K key) {
    }

    /** The deadline of each running timer. */
    private final Map<K, Long> deadlines = new HashMap<>();
    /** The instant of the one queue entry that stands for each key; other entries of the key are stale. */
    private final Map<K, Long> queued = new HashMap<>();
    private final PriorityQueue<Entry<K>> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    /** Sets the key's deadline, replacing any other. */
    void set(K key, long at) {
        deadlines.put(key, at);
        Long entry = queued.get(key);
        if (entry == null || at < entry) {
            queue.add(new Entry<>(at, key));
            queued.put(key, at);
        }
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
        while (next() <= now) {
            K key = queue.poll().key();
            queued.remove(key);
            deadlines.remove(key);
            due.add(key);
        }
        return due;
    }

    /** The earliest running deadline, or {@link Long#MAX_VALUE}; settles stale and moved entries on the way. */
    long next() {
        while (!queue.isEmpty()) {
            Entry<K> head = queue.peek();
            if (!Long.valueOf(head.at()).equals(queued.get(head.key()))) {
                queue.poll();
                continue;
            }
            Long deadline = deadlines.get(head.key());
            if (deadline == null) {
                queue.poll();
                queued.remove(head.key());
            } else if (deadline > head.at()) {
                queue.poll();
                queue.add(new Entry<>(deadline, head.key()));
                queued.put(head.key(), deadline);
            } else {
                return head.at();
            }
        }
        return Long.MAX_VALUE;
    }
}
