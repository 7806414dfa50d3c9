package io.liftwatch.ingest;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.testing.LiveServices;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The live services with ingest running in-process. */
final class IngestFixture implements AutoCloseable {
    final LiveServices services;
    private Vertx vertx;

    IngestFixture(Registry registry) throws SQLException {
        services = LiveServices.start(registry);
    }

    IngestConfig config(String clientId) {
        return config(clientId, IngestConfig.StatusPacking.from(new Env(Map.of())));
    }

    IngestConfig config(String clientId, IngestConfig.StatusPacking statusPacking) {
        return new IngestConfig(services.as(io.liftwatch.common.config.DbConfig.Service.INGEST), services.mqtt(), clientId,
                "ingest", Duration.ofHours(1), 1000, 500,
                Duration.ofMillis(20), 2, 4096, Duration.ofMinutes(5), "127.0.0.1", 0, statusPacking);
    }

    void startIngest() throws Exception {
        startIngest(config("ingest-test"));
    }

    void startIngest(IngestConfig config) throws Exception {
        vertx = Vertx.vertx();
        vertx.deployVerticle(new IngestService(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    MqttConfig mqtt() {
        return services.mqtt();
    }

    long count(String sql) throws SQLException {
        return services.count(sql);
    }

    String text(String sql) throws SQLException {
        return services.text(sql);
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        services.close();
    }
}
