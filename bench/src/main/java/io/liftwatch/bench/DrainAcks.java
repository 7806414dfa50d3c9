package io.liftwatch.bench;

import io.liftwatch.common.batch.BatchQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a candidate consumer of {@link MqttClientsBenchmark} acknowledges: at once on the thread that received
 * the message, or as ingest does, from writer threads once a batch has "committed" (a pause standing in for
 * the transaction). Counts the acknowledgements run, so the drain ends when the last one has been handed
 * to the client.
 */
final class DrainAcks implements AutoCloseable {
    private static final Duration IDLE = Duration.ofMillis(100);

    private final CountDownLatch remaining;
    private final BatchQueue<Runnable> queue;
    private final long commitMillis;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    /** {@code writers} 0: acknowledge at once; otherwise batches of {@code batchSize}, each held {@code commitMillis}. */
    DrainAcks(int count, int writers, int batchSize, long commitMillis) {
        this.remaining = new CountDownLatch(count);
        this.commitMillis = commitMillis;
        this.queue = writers == 0 ? null : new BatchQueue<>(batchSize, Duration.ofMillis(20));
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(() -> write(batchSize), "bench-drain-writer-" + i);
            thread.setDaemon(true);
            this.writers.add(thread);
            thread.start();
        }
    }

    /** Called by the candidate for each message it received, with what acknowledges it. */
    void received(Runnable ack) {
        if (queue == null) {
            ack.run();
            remaining.countDown();
        } else {
            queue.add(ack);
        }
    }

    boolean await(long minutes) throws InterruptedException {
        return remaining.await(minutes, TimeUnit.MINUTES);
    }

    private void write(int batchSize) {
        List<Runnable> batch = new ArrayList<>(batchSize);
        try {
            while (running) {
                if (!queue.take(batch, IDLE)) {
                    continue;
                }
                if (commitMillis > 0) {
                    TimeUnit.MILLISECONDS.sleep(commitMillis);
                }
                for (Runnable ack : batch) {
                    ack.run();
                    remaining.countDown();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
