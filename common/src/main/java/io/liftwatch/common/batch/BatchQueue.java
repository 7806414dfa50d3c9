package io.liftwatch.common.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An unbounded hand-over queue from the MQTT callback thread to one writer thread, taken in batches: a
 * batch closes when it is full or when its first item has waited the maximum delay. Unbounded is safe
 * because the broker's receive maximum bounds what can be unacknowledged, and so queued.
 */
public final class BatchQueue<T> {
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final int batchSize;
    private final long maxDelayNanos;

    public BatchQueue(int batchSize, Duration maxDelay) {
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** Never blocks. */
    public void add(T item) {
        queue.add(item);
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Fills {@code batch} with the next batch; returns false, leaving it empty, when nothing arrived
     * within {@code idle}, so the caller can check whether to stop. Several takers fill their batches one
     * after the other, so each batch holds a run of consecutive items rather than every other one.
     */
    public synchronized boolean take(List<T> batch, Duration idle) throws InterruptedException {
        T first = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < batchSize) {
            long left = deadline - System.nanoTime();
            T next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return true;
    }
}
