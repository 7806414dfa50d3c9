package io.liftwatch.ingest;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.mqtt.MessageFeed;
import io.liftwatch.common.mqtt.MqttHealth;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.common.mqtt.SharedSession;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.ops.OpsServer;
import io.liftwatch.common.screen.LiftDirectory;
import io.liftwatch.common.screen.MessageScreen;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Ingest as a deployable unit: migrates the schema, loads the lift directory, starts the batch writer,
 * connects to the broker, then serves health and metrics. Deployment fails if any step fails.
 */
public final class IngestService extends VerticleBase {
    private final IngestConfig config;
    private final PrometheusMeterRegistry registry;
    /** The session this process's consumers hold together, or null for a session of ingest's own. */
    private final SharedSession shared;
    private HikariDataSource pool;
    private BatchWriter writer;
    private MessageFeed feed;
    private IngestMetrics metrics;
    private RollupJob rollups;
    private TimescaleJobs timescaleJobs;
    private StatusPackJob statusPacking;
    private long rollupTimer = -1;
    private long packTimer = -1;
    private volatile boolean stopped;
    /** How often the hourly rollups catch up with the telemetry written since, but for the hour in progress. */
    private static final Duration ROLLUP_PERIOD = Duration.ofSeconds(30);
    /**
     * A batch of runs, faults or counter readings that marks a lift-hour the refresh holds waits for the refresh's
     * commit (V32's rollup_mark), so the refresh's transactions stay short: docs/benchmarks.md, "Ingest's commits behind
     * the rollup job".
     */
    private static final int ROLLUP_HOURS_PER_TRANSACTION = 500;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestService.class);

    public IngestService(IngestConfig config, PrometheusMeterRegistry registry) {
        this(config, registry, null);
    }

    /**
     * Takes its messages from {@code shared}; when that is null, from a session of its own on the shared
     * subscription of its group, which other ingest instances split with it.
     */
    public IngestService(IngestConfig config, PrometheusMeterRegistry registry, SharedSession shared) {
        this.config = config;
        this.registry = registry;
        this.shared = shared;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            // Every writer holds a connection through its commit; one more serves the lift directory's reloads,
            // one the rollup job, one the status packing job.
            int connections = Math.max(config.writers() + 3, Math.min(config.db().poolSize(), 4));
            Schema.prepare(config.db());
            pool = Database.pool(config.db().withPoolSize(connections), "ingest");
            Schema.requireCurrent(pool);
            LiftDirectory directory = new LiftDirectory(pool, System::currentTimeMillis, 60_000);
            directory.reload();
            metrics = new IngestMetrics(registry, config.skewThreshold());
            writer = new BatchWriter(new TelemetryWriter(pool), metrics, config.batchSize(), config.batchMaxDelay(),
                    config.writers(), System::currentTimeMillis);
            writer.start();
            rollups = new RollupJob(pool, ROLLUP_HOURS_PER_TRANSACTION, registry, System::currentTimeMillis);
            timescaleJobs = new TimescaleJobs(pool, registry);
            rollupTimer = vertx.setPeriodic(ROLLUP_PERIOD.toMillis(), id -> vertx.executeBlocking(() -> {
                try {
                    timescaleJobs.poll();
                } catch (java.sql.SQLException e) {
                    LOG.warn("cannot read TimescaleDB's job statistics: {}", e.getMessage());
                }
                return rollups.run();
            }, true).onFailure(e -> LOG.warn("rollup refresh failed: {}", e.getMessage())));
            statusPacking = new StatusPackJob(pool, config.statusPacking(), registry, System::currentTimeMillis);
            schedulePacking();
            MessageScreen screen = new MessageScreen(config.maxPayloadBytes(), directory);
            feed = shared != null ? shared.share() : MessageFeed.ownSession(vertx, new MqttSubscriber.Settings(
                    config.mqtt(), config.clientId(), Topics.shared(config.group()), config.sessionExpiry(),
                    config.receiveMaximum()));
            feed.open((topic, payload, receivedAt, ack) -> {
                MessageScreen.Screened screened = screen.screen(topic, payload);
                writer.offer(screened.isAccepted()
                        ? Inbound.accepted(topic, payload, receivedAt, screened.message(), ack)
                        : Inbound.rejected(topic, payload, receivedAt, screened.rejection(), ack));
            });
            return null;
        }).compose(ignored -> new OpsServer(vertx, registry, this::readiness).listen(config.opsHost(), config.opsPort()));
    }

    private Future<JsonObject> readiness() {
        if (!feed.isConnected()) {
            return Future.failedFuture(MqttHealth.notConnected(feed));
        }
        if (!writer.isHealthy()) {
            return Future.failedFuture("the database is refusing writes");
        }
        return Future.succeededFuture(MqttHealth.up(feed).put("database", "UP")
                .put("inFlight", metrics.inFlight()).put("rollups", rollups.state()).put("timescaleJobs", timescaleJobs.state())
                .put("statusPacking", statusPacking.state()));
    }

    /** The next packing run, one period after the last one ended: a long run (the first after an upgrade) never overlaps. */
    private void schedulePacking() {
        packTimer = vertx.setTimer(config.statusPacking().period().toMillis(), id -> vertx.executeBlocking(
                statusPacking::run, false)
                .onFailure(e -> LOG.warn("status packing failed: {}", e.getMessage()))
                .onComplete(done -> {
                    if (!stopped) {
                        schedulePacking();
                    }
                }));
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (rollupTimer >= 0) {
            vertx.cancelTimer(rollupTimer);
        }
        if (packTimer >= 0) {
            vertx.cancelTimer(packTimer);
        }
        return vertx.executeBlocking(() -> {
            if (feed != null) {
                feed.close();
            }
            if (writer != null) {
                writer.stop(Duration.ofSeconds(10));
            }
            if (pool != null) {
                pool.close();
            }
            return null;
        });
    }

}
