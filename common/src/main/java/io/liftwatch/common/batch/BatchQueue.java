package io.liftwatch.common.batch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded hand-over queue from the MQTT callback thread to writer threads, taken in batches: a
 * batch closes when it is full, when its first item has waited the maximum delay, or at once when an
 * urgent item joins it (one somebody is waiting for, where the delay would only add latency). Unbounded is safe
 * because the broker's receive maximum bounds what can be unacknowledged, and so queued.
 * <p>
 * The taker is woken twice per batch at most (by its first item, and when it is full), never per item: at
 * the rates ingest takes, a wake-up per message would cost more than the work it hands over.
 */
public final class BatchQueue<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int batchSize;
    private final long maxDelayNanos;
    /** Items added and taken so far, and the number of the last urgent one added (0 for none). */
    private long added;
    private long taken;
    private long lastUrgent;

    public BatchQueue(int batchSize, Duration maxDelay) {
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** Never blocks for longer than another thread holds the lock to add or drain. */
    public void add(T item) {
        add(item, false);
    }

    /** Adds an item; an urgent one closes the batch it joins without waiting out the delay. */
    public void add(T item, boolean urgent) {
        lock.lock();
        try {
            items.add(item);
            added++;
            if (urgent) {
                lastUrgent = added;
            }
            // The first item starts a taker's delay; a full batch or an urgent item ends it.
            if (items.size() == 1 || items.size() == batchSize || urgent) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        lock.lock();
        try {
            return items.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fills {@code batch} with the next batch; returns false, leaving it empty, when nothing arrived
     * within {@code idle}, so the caller can check whether to stop. Several takers fill their batches one
     * after the other, so each batch holds a run of consecutive items rather than every other one.
     */
    public synchronized boolean take(List<T> batch, Duration idle) throws InterruptedException {
        lock.lock();
        try {
            long idleLeft = idle.toNanos();
            while (items.isEmpty()) {
                if (idleLeft <= 0) {
                    return false;
                }
                idleLeft = changed.awaitNanos(idleLeft);
            }
            long delayLeft = maxDelayNanos;
            while (items.size() < batchSize && delayLeft > 0 && lastUrgent <= taken) {
                delayLeft = changed.awaitNanos(delayLeft);
            }
            for (int i = 0; i < batchSize && !items.isEmpty(); i++) {
                batch.add(items.poll());
                taken++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
