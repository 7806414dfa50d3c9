package io.liftwatch.launcher;

import io.liftwatch.alerts.AlertsConfig;
import io.liftwatch.alerts.AlertsService;
import io.liftwatch.alerts.Partition;
import io.liftwatch.api.ApiConfig;
import io.liftwatch.api.ApiService;
import io.liftwatch.common.config.Env;
import io.liftwatch.common.mqtt.SharedSession;
import io.liftwatch.common.ops.Observability;
import io.liftwatch.ingest.IngestConfig;
import io.liftwatch.ingest.IngestService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the chosen roles in one process: one Vert.x, one metrics registry, each role deployed as its own
 * verticle with its own typed configuration. Deployment fails as a whole if any role fails to start.
 * Ingest and alerts each hold an MQTT session of their own, or one shared session when asked to
 * ({@link SharedSessionConfig}); it connects once both have started.
 */
public final class Services implements AutoCloseable {
    static final Set<String> ROLES = Set.of("ingest", "alerts", "api");

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry = Observability.newRegistry();
    private ApiService api;
    private IngestService ingest;
    private SharedSession shared;

    public Services() {
        this.vertx = Observability.newVertx(registry);
    }

    public void start(Set<String> roles, Env env) throws Exception {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "', expected some of " + ROLES);
            }
        }
        IngestConfig ingestConfig = roles.contains("ingest") ? IngestConfig.from(env) : null;
        AlertsConfig alertsConfig = roles.contains("alerts") ? AlertsConfig.from(env) : null;
        SharedSessionConfig session = SharedSessionConfig.from(env);
        if (session.enabled()) {
            shared = sharedSession(session, ingestConfig, alertsConfig, roles);
        }
        List<Future<?>> deployments = new ArrayList<>();
        // The API migrates the schema first; ingest then finds it current.
        if (roles.contains("api")) {
            api = new ApiService(ApiConfig.from(env), registry);
            vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (roles.contains("ingest")) {
            ingest = new IngestService(ingestConfig, registry, shared);
            deployments.add(vertx.deployVerticle(ingest));
        }
        if (roles.contains("alerts")) {
            deployments.add(vertx.deployVerticle(new AlertsService(alertsConfig, registry, shared)));
        }
        Future.all(deployments).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (shared != null) {
            shared.connect();
        }
    }

    private SharedSession sharedSession(SharedSessionConfig session, IngestConfig ingestConfig,
                                        AlertsConfig alertsConfig, Set<String> roles) {
        if (ingestConfig == null || alertsConfig == null) {
            throw new IllegalArgumentException("LIFTWATCH_SHARED_SESSION=on is for ingest and alerts in one process;"
                    + " this one runs " + roles);
        }
        // The session carries every lift, and its other consumer stores them all: alerts must own them all.
        Partition partition = alertsConfig.partition();
        if (!partition.equals(Partition.whole())) {
            throw new IllegalArgumentException("LIFTWATCH_SHARED_SESSION=on needs one alerts instance for the whole"
                    + " fleet (LIFTWATCH_ALERTS_PARTITION 0/1), not " + partition.index() + "/" + partition.count());
        }
        int batchSize = ingestConfig.batchSize();
        if (session.receiveMaximum() < batchSize) {
            throw new IllegalArgumentException("LIFTWATCH_SHARED_SESSION_RECEIVE_MAXIMUM (" + session.receiveMaximum()
                    + ") must not be below LIFTWATCH_INGEST_BATCH_SIZE (" + batchSize + ")");
        }
        return new SharedSession(vertx, session.settings());
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() throws Exception {
        // Nothing new arrives while the roles drain what they hold; the broker redelivers the rest.
        if (shared != null) {
            shared.disconnect();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
