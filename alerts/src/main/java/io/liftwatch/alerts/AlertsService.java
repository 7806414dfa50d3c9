package io.liftwatch.alerts;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.liftwatch.common.ops.OpsServer;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * Alerts as a deployable unit: its own persistent MQTT session (independent of ingest's), rules evaluated
 * in message order, alarms and their events committed before messages are acknowledged.
 */
public final class AlertsService extends VerticleBase {
    private final AlertsConfig config;
    private final PrometheusMeterRegistry registry;
    private HikariDataSource pool;
    private AlertPipeline pipeline;
    private MqttSubscriber subscriber;

    public AlertsService(AlertsConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            pool = Database.pool(config.db().withPoolSize(2), "alerts");
            Schema.migrate(pool);
            AlarmRules rules = new AlarmRules();
            seedModes(rules);
            pipeline = new AlertPipeline(pool, rules, config.batchSize(), config.batchMaxDelay());
            pipeline.start();
            subscriber = new MqttSubscriber(new MqttSubscriber.Settings(config.mqtt(), config.clientId(),
                    config.topicFilter(), config.sessionExpiry(), config.receiveMaximum()),
                    (topic, payload, receivedAt, ack) -> pipeline.offer(topic, payload, ack), System::currentTimeMillis);
            subscriber.connect();
            return null;
        }).compose(ignored -> new OpsServer(vertx, registry, this::readiness).listen(config.opsHost(), config.opsPort()));
    }

    /** Service modes as ingest last stored them, so a restart knows which lifts are under inspection. */
    private void seedModes(AlarmRules rules) throws Exception {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT lift_id, mode FROM lift_state WHERE mode IS NOT NULL")) {
            while (rows.next()) {
                String lift = rows.getString(1);
                ServiceMode.byName(rows.getString(2)).ifPresent(mode -> rules.knowMode(lift, mode));
            }
        }
    }

    private Future<JsonObject> readiness() {
        return subscriber.isConnected()
                ? Future.succeededFuture(new JsonObject().put("mqtt", "UP"))
                : Future.failedFuture("not connected to the MQTT broker");
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (subscriber != null) {
                subscriber.disconnect();
            }
            if (pipeline != null) {
                pipeline.stop(Duration.ofSeconds(10));
            }
            if (pool != null) {
                pool.close();
            }
            return null;
        });
    }
}
