package io.liftwatch.ingest;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryStore;
import io.liftwatch.common.ops.LocalMosquitto;
import io.liftwatch.testing.TestBroker;
import io.liftwatch.testing.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real broker (project configuration), a fresh database with a registry, and ingest in-process. */
final class IngestFixture implements AutoCloseable {
    final LocalMosquitto broker;
    final DbConfig db;
    final HikariDataSource pool;
    private Vertx vertx;
    private IngestService ingest;

    IngestFixture(Registry registry) throws SQLException {
        broker = TestBroker.start();
        db = TestPostgres.freshDatabase();
        pool = Database.pool(db, "test");
        Schema.migrate(pool);
        new RegistryStore(pool).upsert(registry);
    }

    IngestConfig config(String clientId) {
        return new IngestConfig(db, new MqttConfig(broker.uri(), null, null), clientId, "ingest",
                Duration.ofHours(1), 1000, 500, Duration.ofMillis(20), 4096, Duration.ofMinutes(5), "127.0.0.1", 0);
    }

    IngestService startIngest() throws Exception {
        vertx = Vertx.vertx();
        ingest = new IngestService(config("ingest-test"), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        vertx.deployVerticle(ingest).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return ingest;
    }

    MqttConfig mqtt() {
        return new MqttConfig(broker.uri(), null, null);
    }

    long count(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        pool.close();
        broker.close();
        TestPostgres.drop(db);
    }
}
