package io.liftwatch.alerts;

import io.liftwatch.common.batch.BatchQueue;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.WireDecoder;
import io.liftwatch.common.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the rules on one thread, in arrival order, and commits a batch of alarm changes in one
 * transaction before acknowledging its messages. The decisions of a batch are made once, so a retried
 * commit applies exactly what was decided. Messages that do not decode are acknowledged and ignored:
 * ingest keeps them as dead letters.
 */
final class AlertPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);

    private record Received(LiftMessage message, Runnable ack) {
    }

    private record Decision(LiftMessage message, List<AlarmChange> changes) {
    }

    private final DataSource dataSource;
    private final AlarmRules rules;
    private final WireDecoder decoder = new WireDecoder(64 * 1024);
    private final int batchSize;
    private final BatchQueue<Received> queue;
    private final Thread thread = new Thread(this::loop, "liftwatch-alert-pipeline");
    private volatile boolean running = true;

    AlertPipeline(DataSource dataSource, AlarmRules rules, int batchSize, Duration maxDelay) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.batchSize = batchSize;
        this.queue = new BatchQueue<>(batchSize, maxDelay);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** From the MQTT callback thread; never blocks. */
    void offer(String topic, byte[] payload, Runnable ack) {
        LiftMessage message;
        try {
            message = decoder.decode(topic, payload);
        } catch (WireException e) {
            message = null;
        }
        queue.add(new Received(message, ack));
    }

    void stop(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
    }

    private void loop() {
        List<Received> batch = new ArrayList<>(batchSize);
        try {
            while (running || !queue.isEmpty()) {
                if (!queue.take(batch, Duration.ofMillis(100))) {
                    continue;
                }
                List<Decision> decisions = new ArrayList<>();
                for (Received received : batch) {
                    if (received.message() != null) {
                        List<AlarmChange> changes = rules.evaluate(received.message());
                        if (!changes.isEmpty()) {
                            decisions.add(new Decision(received.message(), changes));
                        }
                    }
                }
                commitWithRetry(decisions);
                batch.forEach(received -> received.ack().run());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitWithRetry(List<Decision> decisions) throws InterruptedException {
        long backoff = 50;
        while (!decisions.isEmpty()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    for (Decision decision : decisions) {
                        AlarmStore.apply(connection, decision.message().envelope(), decision.changes());
                    }
                    connection.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("alarm changes not committed, retrying in {} ms: {}", backoff, e.getMessage());
            }
            if (!running && backoff >= 5_000) {
                throw new InterruptedException("stopping with uncommitted alarm changes; the broker will redeliver");
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
        }
    }
}
