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
import io.liftwatch.harness.LocalMosquitto;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.TestBroker;
import io.liftwatch.testing.TestPostgres;
import io.vertx.core.Vertx;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lifts' and services' identities on the real Mosquitto, started with the shipped configuration and the
 * password and ACL files generated from the database: a lift connects only with its own password, only
 * as itself (its client id is its user name on every listener, so it can take neither a service's
 * session nor another lift's), publishes only under its own topics and subscribes to nothing; nobody
 * connects anonymously.
 */
@IntegrationTest
class DeviceAccessTest {
    private static final String A = "31103201162023010001";
    private static final String B = "31103201162023010002";
    private static final String INGEST = "liftwatch-ingest-1";
    private static final String INGEST_PASSWORD = DevicePasswords.generate();

    private static Path files;
    private static String passwordA;
    private static String passwordB;
    private static int liftsWritten;

    @BeforeAll
    static void generateFiles() throws Exception {
        DbConfig db = TestPostgres.freshDatabase();
        passwordA = DevicePasswords.generate();
        passwordB = DevicePasswords.generate();
        files = Files.createTempDirectory("lw-acl");
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
                    add.setString(2, DevicePasswords.hash(passwordB));
                    add.execute();
                }
            }
            liftsWritten = MosquittoFiles.write(pool, files, BrokerAccess.services(Map.of(INGEST, INGEST_PASSWORD)));
        } finally {
            TestPostgres.drop(db);
        }
    }

    @AfterAll
    static void removeFiles() throws Exception {
        try (Stream<Path> all = Files.walk(files)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

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
    void aLiftIsAdmittedOverHttpOnlyWithItsOwnPasswordAndAsItself() {
        String hash = DevicePasswords.hash(passwordA);

        assertThat(BrokerAccess.admitsLift(A, A, passwordA, hash)).isTrue();
        assertThat(BrokerAccess.admitsLift(A, INGEST, passwordA, hash)).as("a service's client id").isFalse();
        assertThat(BrokerAccess.admitsLift(A, B, passwordA, hash)).as("another lift's client id").isFalse();
        assertThat(BrokerAccess.admitsLift(A, null, passwordA, hash)).isFalse();
        assertThat(BrokerAccess.admitsLift(A, A, passwordB, hash)).isFalse();
        assertThat(BrokerAccess.admitsLift(A, A, null, hash)).as("anonymous").isFalse();
        assertThat(BrokerAccess.admitsLift(null, null, null, null)).as("anonymous").isFalse();
        assertThat(BrokerAccess.admitsLift(INGEST, INGEST, passwordA, hash)).as("not a lift's name").isFalse();
    }

    @Test
    void namesThatCouldPoseAsALiftOrBreakAFileAreRefused() {
        assertThatThrownBy(() -> BrokerAccess.passwordFile(List.of(), BrokerAccess.services(Map.of(A, "x"))))
                .hasMessageContaining("service");
        assertThatThrownBy(() -> BrokerAccess.aclFile(BrokerAccess.services(Map.of("svc\ntopic write #", "x"))))
                .hasMessageContaining("service");
        assertThatThrownBy(() -> BrokerAccess.passwordFile(List.of(new BrokerAccess.Account("lift-1", "h")), List.of()))
                .hasMessageContaining("lift");
    }

    @Test
    void theGeneratedFilesAreReadableByTheirOwnerOnly() throws Exception {
        assertThat(liftsWritten).isEqualTo(2);
        for (String name : List.of(MosquittoFiles.PASSWORDS, MosquittoFiles.ACL)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
        assertThat(Files.readString(files.resolve(MosquittoFiles.PASSWORDS))).contains(INGEST + ":$7$", A + ":$7$");
    }

    @Test
    void anonymousAndWrongPasswordsAreRefusedOnBothListeners() {
        try (LocalMosquitto broker = LocalMosquitto.startSecured(files)) {
            for (String uri : List.of(broker.uri(), broker.deviceUri())) {
                assertThatThrownBy(() -> connect(uri, "anyone", null, null)).as(uri).isInstanceOf(Mqtt5ConnAckException.class);
                assertThatThrownBy(() -> connect(uri, A, A, "wrong")).as(uri).isInstanceOf(Mqtt5ConnAckException.class);
                assertThatThrownBy(() -> connect(uri, B, B, passwordA)).as(uri).isInstanceOf(Mqtt5ConnAckException.class);
                assertThatThrownBy(() -> connect(uri, INGEST, INGEST, passwordA)).as(uri).isInstanceOf(Mqtt5ConnAckException.class);
            }
        }
    }

    @Test
    void aLiftTakingIngestsClientIdLeavesIngestsSessionAndItsQueuedMessagesAlone() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (LocalMosquitto broker = LocalMosquitto.startSecured(files)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            MqttSubscriber.Settings ingest = new MqttSubscriber.Settings(new MqttConfig(broker.uri(), INGEST,
                    INGEST_PASSWORD), INGEST, "$share/ingest/lw/v1/+/+", Duration.ofMinutes(5), 10);
            MqttSubscriber first = subscriber(vertx, ingest, heard);
            first.connect();
            first.disconnect();

            Mqtt5BlockingClient liftA = connect(broker.deviceUri(), "lift-a", A, passwordA);
            publish(liftA, "lw/v1/" + A + "/event", "queued while ingest is away");
            liftA.disconnect();
            // Clean start with ingest's id, on either listener: the broker names the connection after the lift.
            for (String uri : List.of(broker.uri(), broker.deviceUri())) {
                Mqtt5BlockingClient posing = connect(uri, INGEST, A, passwordA);
                assertThat(posing.getState().isConnected()).isTrue();
                publish(posing, "lw/v1/" + A + "/event", "sent while posing on " + (uri.equals(broker.uri()) ? "service" : "device"));
                posing.disconnect();
            }

            MqttSubscriber back = subscriber(vertx, ingest, heard);
            back.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
            assertThat(heard).containsExactly("lw/v1/" + A + "/event queued while ingest is away",
                    "lw/v1/" + A + "/event sent while posing on service", "lw/v1/" + A + "/event sent while posing on device");
            back.disconnect();
        } finally {
            vertx.close();
        }
    }

    @Test
    void aLiftTakingAnotherLiftsClientIdDoesNotDisconnectIt() throws Exception {
        try (LocalMosquitto broker = LocalMosquitto.startSecured(files)) {
            Mqtt5BlockingClient liftB = connect(broker.deviceUri(), B, B, passwordB);
            Mqtt5BlockingClient posing = connect(broker.deviceUri(), B, A, passwordA);

            // Had A's connection taken B's id, the broker would have closed B's before answering A.
            assertThat(refused(liftB, "lw/v1/" + B + "/event", "still here"))
                    .as("a success code (0x10: nobody listens)").isFalse();
            assertThat(liftB.getState().isConnected()).isTrue();
            posing.disconnect();
            liftB.disconnect();
        }
    }

    @Test
    void aLiftPublishesOnlyUnderItsOwnTopicsAndReadsNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (LocalMosquitto broker = LocalMosquitto.startSecured(files)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            MqttSubscriber service = subscriber(vertx, new MqttSubscriber.Settings(new MqttConfig(broker.uri(), INGEST,
                    INGEST_PASSWORD), INGEST, "lw/v1/#", Duration.ofMinutes(1), 10), heard);
            service.connect();

            Mqtt5BlockingClient liftA = connect(broker.deviceUri(), A, A, passwordA);
            Mqtt5BlockingClient liftB = connect(broker.deviceUri(), B, B, passwordB);
            // Mosquitto grants a subscription and filters by the ACL's read rights as it delivers: A has none.
            List<String> readByA = new CopyOnWriteArrayList<>();
            liftA.toAsync().publishes(MqttGlobalPublishFilter.ALL, message -> readByA.add(message.getTopic().toString()));
            for (String filter : List.of("lw/v1/#", "lw/v1/" + B + "/#", "lw/v1/" + A + "/#", "lw/alerts/#", "#")) {
                liftA.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            }
            publish(liftB, "lw/v1/" + B + "/event", "B's own");
            publish(liftA, "lw/v1/" + A + "/event", "own");
            assertThat(refused(liftA, "lw/v1/" + B + "/event", "posing as B")).isTrue();
            assertThat(refused(liftA, "lw/alerts/v1/" + B, "a forged alert")).isTrue();
            publish(liftA, "lw/v1/" + A + "/event", "marker");
            // The broker keeps one publisher's messages in order: once the marker is heard, so would be B's.
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("lw/v1/" + A + "/event marker"));
            assertThat(heard).containsExactly("lw/v1/" + B + "/event B's own", "lw/v1/" + A + "/event own",
                    "lw/v1/" + A + "/event marker");
            // Whatever the broker had written to A went out before the marker's acknowledgement; none came.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(readByA::isEmpty);
            liftA.disconnect();
            liftB.disconnect();
            service.disconnect();
        } finally {
            vertx.close();
        }
    }

    private static MqttSubscriber subscriber(Vertx vertx, MqttSubscriber.Settings settings, List<String> heard) {
        return new MqttSubscriber(vertx, settings, (topic, payload, at, ack) -> {
            heard.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            ack.run();
        }, System::currentTimeMillis);
    }

    private static Mqtt5BlockingClient connect(String uri, String clientId, String user, String password) {
        return TestBroker.connectClean(new MqttConfig(uri, user, password), clientId);
    }

    private static boolean refused(Mqtt5BlockingClient client, String topic, String text) {
        return TestBroker.notAuthorised(client, topic, text);
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String text) {
        // Mosquitto answers an unauthorised QoS 1 publish with "not authorised"; what counts is that nobody hears it.
        TestBroker.notAuthorised(client, topic, text);
    }
}
