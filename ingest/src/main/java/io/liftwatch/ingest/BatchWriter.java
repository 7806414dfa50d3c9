package io.liftwatch.ingest;

import io.liftwatch.common.batch.BatchQueue;
import io.liftwatch.common.db.Backoff;
import io.liftwatch.common.wire.RejectReason;
import io.liftwatch.common.wire.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Collects screened messages into batches and commits each in one transaction, then acknowledges the
 * batch to the broker. Several writer threads commit batches at once, so the database works on one batch
 * while the next is being bound; every write is idempotent and the latest state only moves forward, so
 * batches may commit in any order, as they do between ingest instances (they take their lifts' locks in queue
 * order, {@link LockTurns}). Nothing is acknowledged before
 * its commit: a crash at any point leaves the broker holding every message not yet committed, to be
 * redelivered. A batch that
 * fails for a passing reason (database down, deadlock) is retried whole until it commits; one that
 * the database refuses for its data is written message by message so only the culprit becomes a dead
 * letter.
 */
public final class BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final TelemetryWriter writer;
    private final IngestMetrics metrics;
    private static final Duration IDLE = Duration.ofMillis(100);

    private final int batchSize;
    private final LongSupplier clock;
    private final BatchQueue<Inbound> queue;
    private final LockTurns turns = new LockTurns();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    public BatchWriter(TelemetryWriter writer, IngestMetrics metrics, int batchSize, Duration maxDelay, int writers,
                       LongSupplier clock) {
        this.writer = writer;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.queue = new BatchQueue<>(batchSize, maxDelay);
        this.clock = clock;
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::loop, "liftwatch-batch-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /** Called from the MQTT callback thread; never blocks: the broker's receive window bounds the queue. */
    public void offer(Inbound inbound) {
        metrics.received(inbound);
        queue.add(inbound);
    }

    /** Writes what is queued, then stops. Messages still queued after the timeout stay unacknowledged. */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    /** False while the database refuses writes; readiness reports it. */
    public boolean isHealthy() {
        return healthy;
    }

    private void loop() {
        List<Inbound> batch = new ArrayList<>(batchSize);
        try {
            while (running || !queue.isEmpty()) {
                LockTurns.Turn turn;
                synchronized (queue) { // a batch's turn is its place in the queue
                    if (!queue.take(batch, IDLE)) {
                        continue;
                    }
                    turn = turns.issue();
                }
                commitWithRetry(batch, turn);
                batch.forEach(inbound -> inbound.ack().run());
                metrics.acknowledged(batch.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitWithRetry(List<Inbound> batch) throws InterruptedException {
        commitWithRetry(batch, LockTurns.Turn.NONE);
    }

    private void commitWithRetry(List<Inbound> batch, LockTurns.Turn turn) throws InterruptedException {
        Backoff backoff = new Backoff(MAX_BACKOFF_MILLIS);
        while (true) {
            long started = System.nanoTime();
            try {
                WriteResult result = writer.write(batch, turn);
                metrics.committed(batch, result, System.nanoTime() - started, clock.getAsLong());
                healthy = true;
                return;
            } catch (SQLException e) {
                metrics.writeFailed();
                if (isRefusedData(e)) {
                    LOG.warn("database refused a batch of {} for its data ({}); writing one by one", batch.size(),
                            e.getMessage());
                    commitOneByOne(batch);
                    return;
                }
                healthy = false;
                LOG.warn("batch of {} not committed, retrying in {} ms: {}", batch.size(), backoff.nextMillis(),
                        e.getMessage());
            } catch (RuntimeException e) {
                metrics.writeFailed();
                healthy = false;
                LOG.error("batch of {} not committed, retrying in {} ms", batch.size(), backoff.nextMillis(), e);
            }
            backoff.pause(!running, "stopping with an uncommitted batch; the broker will redeliver it");
        }
    }

    private void commitOneByOne(List<Inbound> batch) throws InterruptedException {
        for (Inbound single : batch) {
            try {
                long started = System.nanoTime();
                WriteResult result = writer.writeChecked(List.of(single));
                metrics.committed(List.of(single), result, System.nanoTime() - started, clock.getAsLong());
            } catch (SQLException e) {
                if (!isRefusedData(e)) {
                    commitWithRetry(List.of(single));
                    continue;
                }
                // The dead letter keeps the message's acknowledgement, so the batch itself stays as it came.
                commitWithRetry(List.of(single.asRejected(new Rejection(RejectReason.STORAGE_REFUSED,
                        single.isAccepted() ? single.message().liftId() : null, e.getMessage()))));
            }
        }
    }

    /** SQLSTATE classes 22 (data exception) and 23 (integrity violation): retrying cannot help. */
    private static boolean isRefusedData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
