package io.liftwatch.launcher;

import io.liftwatch.alerts.AlertsConfig;
import io.liftwatch.alerts.AlertsService;
import io.liftwatch.api.ApiConfig;
import io.liftwatch.api.ApiService;
import io.liftwatch.common.config.Env;
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
 */
final class Services implements AutoCloseable {
    static final Set<String> ROLES = Set.of("ingest", "alerts", "api");

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry = Observability.newRegistry();
    private ApiService api;
    private IngestService ingest;

    Services() {
        this.vertx = Observability.newVertx(registry);
    }

    void start(Set<String> roles, Env env) throws Exception {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "', expected some of " + ROLES);
            }
        }
        List<Future<?>> deployments = new ArrayList<>();
        // The API migrates the schema first; ingest then finds it current.
        if (roles.contains("api")) {
            api = new ApiService(ApiConfig.from(env), registry);
            vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (roles.contains("ingest")) {
            ingest = new IngestService(IngestConfig.from(env), registry);
            deployments.add(vertx.deployVerticle(ingest));
        }
        if (roles.contains("alerts")) {
            deployments.add(vertx.deployVerticle(new AlertsService(AlertsConfig.from(env), registry)));
        }
        Future.all(deployments).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    int apiPort() {
        return api.port();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
