package io.liftwatch.common;

import com.zaxxer.hikari.HikariDataSource;
import io.liftwatch.common.config.DbConfig;
import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.db.Database;
import io.liftwatch.common.db.Schema;
import io.liftwatch.common.devices.BrokerAccess;
import io.liftwatch.common.devices.DevicePasswords;
import io.liftwatch.common.devices.MosquittoFiles;
import io.liftwatch.common.mqtt.MqttSubscriber;
import io.vertx.core.Vertx;
import io.liftwatch.common.ops.LocalMosquitto;
import io.liftwatch.testing.TestPostgres;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Per-lift credentials on the real Mosquitto, with the password and ACL files generated from the
 * database: a lift connects only with its own password and publishes only under its own topics.
 */
class DeviceAccessTest {
    private static final String A = "31103201162023010001";
    private static final String B = "31103201162023010002";

    @Test
    void passwordsVerifyInMosquittosFormat() {
        String hash = DevicePasswords.hash("s3cret");

        assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}");
        assertThat(DevicePasswords.verify("s3cret", hash)).isTrue();
        assertThat(DevicePasswords.verify("s3cret!", hash)).isFalse();
        assertThat(DevicePasswords.verify("s3cret", "$6$abc$def")).isFalse();
        assertThat(DevicePasswords.generate()).hasSize(32).isNotEqualTo(DevicePasswords.generate());
    }

    @Test
    void theRulesAnswerTheSameForBrokersThatAsk() {
        assertThat(BrokerAccess.allows(A, false, BrokerAccess.Action.PUBLISH, "lw/v1/" + A + "/status")).isTrue();
        assertThat(BrokerAccess.allows(A, false, BrokerAccess.Action.PUBLISH, "lw/v1/" + B + "/status")).isFalse();
        assertThat(BrokerAccess.allows(A, false, BrokerAccess.Action.SUBSCRIBE, "lw/v1/" + A + "/status")).isFalse();
        assertThat(BrokerAccess.allows("ingest", true, BrokerAccess.Action.SUBSCRIBE, "$share/ingest/lw/v1/+/+")).isTrue();
        assertThat(BrokerAccess.allows("ingest", true, BrokerAccess.Action.SUBSCRIBE, "$SYS/#")).isFalse();
        assertThat(BrokerAccess.allows("alerts", true, BrokerAccess.Action.PUBLISH, "lw/alerts/v1/" + A)).isTrue();
        assertThat(BrokerAccess.allows("alerts", true, BrokerAccess.Action.PUBLISH, "lw/v1/" + A + "/fault")).isFalse();
    }

    @Test
    void aLiftPublishesOnlyUnderItsOwnTopicsOnTheRealBroker() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        String passwordA = DevicePasswords.generate();
        Path files = Files.createTempDirectory("lw-acl");
        try (HikariDataSource pool = Database.pool(db, "device-test")) {
            Schema.migrate(pool);
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("INSERT INTO stairwell VALUES ('sw-1', '1 Road', '320116', 'S', 'C', 'G',"
                        + " 'B1', '1')");
                c.createStatement().execute("INSERT INTO lift (id, stairwell_id, floor_labels) VALUES"
                        + " ('" + A + "', 'sw-1', '{1,2}'), ('" + B + "', 'sw-1', '{1,2}')");
                try (PreparedStatement add = c.prepareStatement(
                        "INSERT INTO device_credential (lift_id, password_hash, issued_by) VALUES (?, ?, 'test')")) {
                    add.setString(1, A);
                    add.setString(2, DevicePasswords.hash(passwordA));
                    add.execute();
                    add.setString(1, B);
                    add.setString(2, DevicePasswords.hash(DevicePasswords.generate()));
                    add.execute();
                }
            }
            assertThat(MosquittoFiles.write(pool, files, BrokerAccess.services(Map.of("svc-ingest", "svc-pass"))))
                    .isEqualTo(2);
        } finally {
            TestPostgres.drop(db);
        }

        Vertx vertx = Vertx.vertx();
        try (LocalMosquitto broker = LocalMosquitto.startSecured(files.resolve(MosquittoFiles.PASSWORDS),
                files.resolve(MosquittoFiles.ACL))) {
            List<String> heard = new CopyOnWriteArrayList<>();
            MqttSubscriber service = new MqttSubscriber(vertx, new MqttSubscriber.Settings(
                    new MqttConfig(broker.uri(), "svc-ingest", "svc-pass"), "svc-ingest", "lw/v1/#",
                    Duration.ofMinutes(1), 10), (topic, payload, at, ack) -> {
                heard.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
                ack.run();
            }, System::currentTimeMillis);
            service.connect();

            assertThatThrownBy(() -> connect(broker, A, "wrong")).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(broker, null, null)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(broker, B, passwordA)).isInstanceOf(MqttException.class);

            MqttClient liftA = connect(broker, A, passwordA);
            publish(liftA, "lw/v1/" + A + "/event", "own");
            publish(liftA, "lw/v1/" + B + "/event", "posing as B");
            publish(liftA, "lw/v1/" + A + "/event", "marker");
            // The broker keeps one publisher's messages in order: once the marker is heard, so would be B's.
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("lw/v1/" + A + "/event marker"));
            assertThat(heard).containsExactly("lw/v1/" + A + "/event own", "lw/v1/" + A + "/event marker");
            liftA.disconnect();
            service.disconnect();
        } finally {
            vertx.close();
        }
    }

    private static MqttClient connect(LocalMosquitto broker, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), "c-" + System.nanoTime(), null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options);
        return client;
    }

    private static void publish(MqttClient client, String topic, String text) throws MqttException {
        try {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException refused) {
            // Mosquitto answers an unauthorised QoS 1 publish with "not authorised"; what counts is that nobody hears it.
        }
    }
}
