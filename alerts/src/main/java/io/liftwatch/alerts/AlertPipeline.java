package io.liftwatch.alerts;

import io.liftwatch.common.batch.BatchQueue;
import io.liftwatch.common.db.Backoff;
import io.liftwatch.common.db.Transactions;
import io.liftwatch.common.screen.MessageScreen;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Evaluates the rules on one thread, in arrival order, and commits a batch of alarm changes in one
 * transaction before acknowledging its messages. The thread also wakes at the earliest silence deadline,
 * so an offline lift is detected at its own deadline rather than at the next sweep. The decisions of a
 * batch are made once, so a retried commit applies exactly what was decided. Messages the shared
 * {@link MessageScreen} refuses (undecodable, oversize, duplicate keys, unknown lift or floor) are
 * acknowledged and ignored: ingest keeps them as dead letters.
 */
final class AlertPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Commands are also looked for this often without a notification. */
    private static final long COMMAND_POLL_MILLIS = 5_000;
    /** Rule settings and inspection records written through the API take effect within this. */
    private static final long RECORDS_RELOAD_MILLIS = 30_000;

    /**
     * @param receivedAt when the feed took it, for the latency metrics
     * @param heardAt    the same on the service's clock, which the rules' timers run on
     */
    private record Received(LiftMessage message, long receivedAt, long heardAt, Runnable ack) {
    }

    /** One piece of work inside a batch's transaction; returns the rescues it opened. */
    private interface Step {
        List<Rescues.Open> apply(Connection connection) throws SQLException;
    }

    /** A batch's work, and the messages that caused it (looked up at once for redeliveries). */
    private record Decisions(List<Step> steps, List<Envelope> sources) {
        boolean isEmpty() {
            return steps.isEmpty();
        }
    }

    private final DataSource dataSource;
    private final AlarmRules rules;
    private final LiftRecords records;
    private long recordsDueAt = Long.MIN_VALUE;
    private final SilenceWatch watch;
    private final CommandSignal commands;
    private final RescueClock rescues;
    private final AlarmStore store;
    private final AlarmCommands commandLog;
    private final LongSupplier clock;
    private final Partition partition;
    private final AlertsMetrics metrics;
    private long commandsCheckedAt;
    private final MessageScreen screen;
    private final int batchSize;
    private final BatchQueue<Received> queue;
    private final Thread thread = new Thread(this::loop, "liftwatch-alert-pipeline");
    private volatile boolean running = true;

    AlertPipeline(DataSource dataSource, AlarmRules rules, RuleCatalogue settings, LiftRecords records,
                  SilenceWatch watch, RescueClock rescues, CommandSignal commands, Notifications notifications,
                  MessageScreen screen, int batchSize, Duration maxDelay, Partition partition, AlertsMetrics metrics,
                  LongSupplier clock) {
        this.screen = screen;
        this.metrics = metrics;
        this.rescues = rescues;
        this.store = new AlarmStore(notifications, settings, clock);
        this.commandLog = new AlarmCommands(notifications, partition, clock);
        this.partition = partition;
        this.dataSource = dataSource;
        this.rules = rules;
        this.records = records;
        this.watch = watch;
        this.commands = commands;
        this.clock = clock;
        this.batchSize = batchSize;
        this.queue = new BatchQueue<>(batchSize, maxDelay);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** From the MQTT callback thread; never blocks. Another instance's lifts are acknowledged and left to it. */
    void offer(String topic, byte[] payload, long receivedAt, Runnable ack) {
        metrics.received();
        // The topic names the lift, so another instance's messages are not even decoded (a payload naming
        // another lift than its topic is refused by the decoder anyway).
        if (Topics.parse(topic).filter(address -> !partition.owns(address.liftId())).isPresent()) {
            ack.run();
            metrics.handled(receivedAt, receivedAt);
            return;
        }
        // What ingest refuses (and keeps as a dead letter) is ignored here: the same screen decides for both.
        LiftMessage message = screen.screen(topic, payload).message();
        queue.add(new Received(message, receivedAt, clock.getAsLong(), ack),
                message != null && raisesAtOnce(message.kind()));
    }

    /**
     * Faults, events and connection reports raise or clear alarms the moment they arrive, so their batch
     * closes at once; status and counters feed conditions that must last for seconds or days anyway.
     */
    private static boolean raisesAtOnce(MessageKind kind) {
        return kind == MessageKind.FAULT || kind == MessageKind.EVENT || kind == MessageKind.CONNECTION;
    }

    void stop(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
    }

    private void loop() {
        List<Received> batch = new ArrayList<>(batchSize);
        try {
            while (running || !queue.isEmpty()) {
                long untilDeadline = Math.min(Math.min(watch.nextDeadline(), rules.nextDeadline()),
                        rescues.nextDeadline()) - clock.getAsLong();
                queue.take(batch, Duration.ofMillis(Math.max(1, Math.min(100, untilDeadline))));
                long now = clock.getAsLong();
                boolean applyCommands = commands.takePending() || now - commandsCheckedAt >= COMMAND_POLL_MILLIS;
                commitWithRetry(decide(batch, now), applyCommands);
                if (applyCommands) {
                    commandsCheckedAt = now;
                }
                long handledAt = System.currentTimeMillis(); // latency is measured in real time, as the feed stamps it
                for (Received received : batch) {
                    received.ack().run();
                    metrics.handled(received.receivedAt(), handledAt);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Decisions decide(List<Received> batch, long now) {
        Decisions decisions = new Decisions(new ArrayList<>(), new ArrayList<>());
        List<Step> steps = decisions.steps();
        if (now >= recordsDueAt) {
            try (Connection connection = dataSource.getConnection()) {
                add(decisions, null, records.reload(connection, now));
                recordsDueAt = now + RECORDS_RELOAD_MILLIS;
            } catch (SQLException e) {
                LOG.warn("rule settings and inspections not reread, trying again next batch: {}", e.getMessage());
            }
        }
        for (Received received : batch) {
            LiftMessage message = received.message();
            if (message != null) {
                // Anything logged while a lift's message is evaluated carries the lift's id.
                MDC.put("lift", message.liftId());
                try {
                    watch.heard(message.liftId(), received.heardAt());
                    add(decisions, message.envelope(), rules.evaluate(message, received.heardAt()));
                } finally {
                    MDC.remove("lift");
                }
            }
        }
        for (String lift : watch.expired(now)) {
            add(decisions, null, rules.silent(lift, now, watch.timeoutMillis()));
        }
        add(decisions, null, rules.due(now));
        for (long alarm : rescues.escalationsDue(now)) {
            steps.add(connection -> {
                store.escalate(connection, alarm, rescues.escalateAfterMillis(), now);
                return List.of();
            });
        }
        for (long alarm : rescues.arrivalsDue(now)) {
            long limit = rescues.arrivalLimitMillis(alarm);
            steps.add(connection -> {
                store.breach(connection, alarm, limit, now);
                return List.of();
            });
        }
        return decisions;
    }

    private void add(Decisions decisions, Envelope source, List<AlarmChange> changes) {
        if (!changes.isEmpty()) {
            decisions.steps().add(connection -> store.apply(connection, source, changes));
            if (source != null) {
                decisions.sources().add(source);
            }
        }
    }

    private void commitWithRetry(Decisions decisions, boolean applyCommands) throws InterruptedException {
        Backoff backoff = new Backoff(5_000);
        boolean isolate = false;
        while (!decisions.isEmpty() || applyCommands) {
            long started = System.nanoTime();
            List<Rescues.Open> opened = new ArrayList<>();
            boolean alone = isolate;
            try {
                List<AlarmCommands.Cleared> cleared = Transactions.inTransaction(dataSource, connection -> {
                    opened.clear();
                    store.begin(connection, decisions.sources());
                    for (Step step : decisions.steps()) {
                        opened.addAll(alone ? applyAlone(connection, step) : step.apply(connection));
                    }
                    return applyCommands ? commandLog.applyPending(connection) : List.<AlarmCommands.Cleared>of();
                });
                metrics.committed(System.nanoTime() - started);
                // Timers start only for rescues that exist: after the commit.
                opened.forEach(rescues::track);
                cleared.forEach(alarm -> rules.clearedByPerson(alarm.liftId(), alarm.type()));
                return;
            } catch (SQLException e) {
                // A value the database refuses fails the same way every time: the next attempt applies each
                // change on its own and leaves out the ones refused, so one bad message cannot stop the fleet.
                isolate = refusedForGood(e);
                LOG.warn("alarm changes not committed, retrying in {} ms{}: {}", backoff.nextMillis(),
                        isolate ? " without the changes the database refuses" : "", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("alarm changes not committed, retrying in {} ms: {}", backoff.nextMillis(), e.getMessage());
            }
            backoff.pause(!running, "stopping with uncommitted alarm changes; the broker will redeliver");
        }
    }

    /** One step under a savepoint: applied, or left out (and logged) when the database refuses its values. */
    private static List<Rescues.Open> applyAlone(Connection connection, Step step) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try {
            List<Rescues.Open> opened = step.apply(connection);
            connection.releaseSavepoint(before);
            return opened;
        } catch (SQLException e) {
            if (!refusedForGood(e)) {
                throw e;
            }
            connection.rollback(before);
            LOG.error("an alarm change was left out: the database refuses its values: {}", e.getMessage());
            return List.of();
        }
    }

    /** Data exceptions (22) and integrity violations (23) are the values' fault; retrying cannot help. */
    private static boolean refusedForGood(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
